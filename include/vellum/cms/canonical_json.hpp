// Canonical JSON (GX-6): objects with sorted keys and no insignificant whitespace, so key order
// never makes two documents differ, a version appear, or a sync report "updated".
//
//   if (cms::canonical_json(a) == cms::canonical_json(b)) { /* no change */ }
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace vellum::cms {

/// The canonical text of `value` (nlohmann's objects keep keys sorted, so this is dump()).
[[nodiscard]] std::string canonical_json(const nlohmann::json& value);
/// SHA-256 (hex) of the canonical text.
[[nodiscard]] std::string canonical_hash(const nlohmann::json& value);

}  // namespace vellum::cms
