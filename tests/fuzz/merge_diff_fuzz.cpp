// libFuzzer target: RFC 7396 merge patch and the field-path diff. Input: two JSON documents
// separated by a NUL byte. Checks the documented properties: diff(x, x) is empty, diff(b, a) is
// diff(a, b) inverted, and a patch applied twice changes nothing more. Documents nested deeper
// than content accepts (100 levels, refused before these run) are skipped.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "vellum/cms/json_diff.hpp"
#include "vellum/cms/json_merge_patch.hpp"

namespace {
bool too_deep(const nlohmann::json& value) {
  std::vector<std::pair<const nlohmann::json*, int>> pending{{&value, 1}};
  while (!pending.empty()) {
    const auto [node, depth] = pending.back();
    pending.pop_back();
    if (!node->is_structured()) continue;
    if (depth > 100) return true;
    for (const auto& child : *node) pending.emplace_back(&child, depth + 1);
  }
  return false;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto split = input.find('\0');
  if (split == std::string_view::npos) return 0;
  const auto a = nlohmann::json::parse(input.substr(0, split), nullptr, false);
  const auto b = nlohmann::json::parse(input.substr(split + 1), nullptr, false);
  if (a.is_discarded() || b.is_discarded() || too_deep(a) || too_deep(b)) return 0;
  using vellum::cms::json_diff;
  if (!json_diff(a, a, "data").empty()) std::abort();
  const auto forward = json_diff(a, b, "data");
  const auto backward = json_diff(b, a, "data");
  if (forward.size() != backward.size()) std::abort();
  for (std::size_t i = 0; i < forward.size(); ++i)
    if (!(vellum::cms::inverse(forward[i]) == backward[i])) std::abort();
  const auto once = vellum::cms::merge_patch(a, b);
  if (vellum::cms::merge_patch(once, b) != once) std::abort();
  return 0;
}
