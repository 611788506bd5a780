// JSON Merge Patch (RFC 7396), the `patch` operation of content (CR-5): members of the patch
// replace the target's, `null` removes a member, nested objects merge, anything else replaces.
//
//   auto merged = cms::merge_patch({{"a", 1}, {"b", 2}}, {{"b", nullptr}, {"c", 3}});  // {"a":1,"c":3}
#pragma once

#include <nlohmann/json.hpp>

namespace vellum::cms {

/// `target` with `patch` applied, as RFC 7396's MergePatch(Target, Patch).
[[nodiscard]] nlohmann::json merge_patch(nlohmann::json target, const nlohmann::json& patch);

}  // namespace vellum::cms
