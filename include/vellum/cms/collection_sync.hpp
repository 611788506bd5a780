// What collection sync (CS-1) reports: one result per collection it was given, plus one per
// managed collection it deactivated because the input no longer names it (CS-6).
//
//   auto report = store.collections().sync(who, definitions);
//   for (const auto& r : report.results) std::cout << to_string(r.action) << ' ' << r.name << '\n';
//   if (!report.ok()) return 1;
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/cms/schema/collections.hpp"
#include "vellum/core/error.hpp"

namespace vellum::cms {

enum class sync_action {
  created,      // a new managed collection
  updated,      // some member changed, the collection was adopted (managed), or reactivated
  unchanged,    // the stored collection already equals the definition: nothing written
  deactivated,  // managed, active, and missing from the input (CS-6): is_active = false
  error,        // refused; nothing of this definition was written
};

[[nodiscard]] std::string_view to_string(sync_action action) noexcept;

struct collection_sync_result {
  std::string name{};
  sync_action action = sync_action::unchanged;
  /// updated: the members that changed (`display_name`, `schema`, `managed`, `is_active`, …).
  std::vector<std::string> changed{};
  /// error: what was refused, and for a validation error every field's messages (CS-2 paths).
  std::string message{};
  validation_error::field_errors errors{};
  /// The row after the sync; absent for an error.
  std::optional<cms::collection> collection{};
};

struct collection_sync_report {
  /// The input's collections in input order, then the deactivated ones by name.
  std::vector<collection_sync_result> results{};

  [[nodiscard]] std::size_t count(sync_action action) const noexcept;
  /// No result is an error.
  [[nodiscard]] bool ok() const noexcept { return count(sync_action::error) == 0; }
};

}  // namespace vellum::cms
