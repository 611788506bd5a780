#include "vellum/cms/json_merge_patch.hpp"

namespace vellum::cms {

nlohmann::json merge_patch(nlohmann::json target, const nlohmann::json& patch) {
  if (!patch.is_object()) return patch;
  if (!target.is_object()) target = nlohmann::json::object();
  for (const auto& [key, value] : patch.items()) {
    if (value.is_null()) {
      target.erase(key);
    } else {
      auto found = target.find(key);
      target[key] = merge_patch(found != target.end() ? std::move(*found) : nlohmann::json(), value);
    }
  }
  return target;
}

}  // namespace vellum::cms
