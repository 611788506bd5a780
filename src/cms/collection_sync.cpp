#include "vellum/cms/collection_sync.hpp"

#include <algorithm>

namespace vellum::cms {

std::string_view to_string(sync_action action) noexcept {
  switch (action) {
    case sync_action::created: return "created";
    case sync_action::updated: return "updated";
    case sync_action::unchanged: return "unchanged";
    case sync_action::deactivated: return "deactivated";
    case sync_action::error: break;
  }
  return "error";
}

std::size_t collection_sync_report::count(sync_action action) const noexcept {
  return static_cast<std::size_t>(
      std::count_if(results.begin(), results.end(), [&](const auto& r) { return r.action == action; }));
}

}  // namespace vellum::cms
