// Field-path differences between two JSON documents (VR-6): what was added, removed or changed.
// Objects are compared member by member; arrays whose elements are all objects with a unique
// `id` are matched by that id (so inserting a block does not report every later block as
// changed), other arrays by position. diff(x, x) is empty and diff(b, a) is the inverse of
// diff(a, b), change for change, in the same order.
//
//   for (const auto& c : cms::json_diff(v1.data, v3.data, "data")) std::cout << c.path << '\n';
//   // data.title, data.blocks[id=b2].text, data.tags[1]
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace vellum::cms {

enum class change_kind { added, removed, changed };

[[nodiscard]] const char* to_string(change_kind kind) noexcept;

/// One difference. `path` is `root.member`, `root[3]` (position) or `root[id=x]` (matched by
/// id); a member name that is not a plain identifier is quoted: `root["a.b"]`. `before` is null
/// for an addition, `after` for a removal. When only the order of id-matched elements changed,
/// the change is at the array's own path and holds the two id lists.
struct json_change {
  std::string path{};
  change_kind kind = change_kind::changed;
  nlohmann::json before{};
  nlohmann::json after{};
  bool operator==(const json_change&) const = default;
};

/// The differences from `before` to `after`, paths prefixed with `root` (empty: none).
[[nodiscard]] std::vector<json_change> json_diff(const nlohmann::json& before, const nlohmann::json& after,
                                                 std::string_view root = {});

/// The change that undoes `change`: added ⇄ removed, before ⇄ after.
[[nodiscard]] json_change inverse(json_change change);

}  // namespace vellum::cms
