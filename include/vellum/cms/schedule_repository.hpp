// `schedule_repository`: publish, unpublish and archive actions due at a UTC millisecond time
// (SC-1…SC-10), and the runner that executes them exactly once. `run_due` claims due actions
// with one UPDATE (pending → running, claimed_by, lease_until); only the claimer executes, and
// an expired lease may be claimed again by another runner (SC-5). Execution goes through the
// workflow and content repositories, so it writes history, versions and audit like a person
// would (SC-7). docs/repositories.md, "Scheduling", has the details.
//
//   auto job = store.schedules().schedule(editor, {.content_id = id, .action = cms::schedule_action::publish,
//                                                 .at = store.now() + std::chrono::hours(2)});
//   auto report = store.schedules().run_due(store.now(), 50, "worker-1");
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/cms/actor.hpp"
#include "vellum/cms/schema/scheduled_content.hpp"
#include "vellum/core/time.hpp"

namespace vellum {
class connection;
}

namespace vellum::cms {

template <class Conn>
class basic_store;

/// How far ahead an action may be scheduled (SC-1): five years of 365.25 days.
inline constexpr std::chrono::milliseconds max_schedule_ahead = std::chrono::days{1826} + std::chrono::hours{6};
inline constexpr std::chrono::milliseconds default_schedule_lease{std::chrono::minutes(5)};
inline constexpr std::int64_t max_schedule_batch = 500;

/// What schedule() needs.
struct schedule_request {
  std::string content_id{};
  schedule_action action = schedule_action::publish;
  unix_millis at{};                          // UTC; now < at ≤ now + 5 years
  std::string timezone = "UTC";              // what the user saw, recorded only
  std::optional<std::int64_t> version{};     // publish only: this version (default: the head now, SC-2)
  bool take_latest = false;                  // publish only: the head at execution instead
};

/// What one execution did with a claimed action.
struct schedule_outcome {
  scheduled_content action{};  // the row after execution
  /// false when the runner lost the claim (another runner reclaimed an expired lease, or the
  /// action was finished): nothing was executed.
  bool executed = false;
};

struct schedule_run_report {
  std::vector<schedule_outcome> outcomes{};  // in (scheduled_at, id) order
  [[nodiscard]] std::size_t count(schedule_status status) const;
};

template <class Conn>
class basic_schedule_repository {
 public:
  explicit basic_schedule_repository(basic_store<Conn>& s) noexcept : store_(&s) {}

  // --- reads ---------------------------------------------------------------------------------
  [[nodiscard]] scheduled_content get(std::string_view id) const;  // not_found
  /// The item's actions, newest scheduled first.
  [[nodiscard]] std::vector<scheduled_content> list_for(std::string_view content_id) const;
  /// Pending actions with scheduled_at ≤ now, ordered by (scheduled_at, id), at most `limit`
  /// (1…500) (SC-4).
  [[nodiscard]] std::vector<scheduled_content> due(unix_millis now, std::int64_t limit = 100) const;

  // --- mutations (each one transaction with an audit event) ------------------------------------
  /// SC-1: needs content.publish on the item (forbidden); validation_error for a time outside
  /// (now, now + 5 years], a version on a non-publish action, a bad timezone; not_found for the
  /// item or version; conflict{"action"} when the item has a pending action of this kind (SC-3).
  /// A publish pins the head now unless `version` or `take_latest` is given (SC-2).
  scheduled_content schedule(const actor& who, const schedule_request& request);
  /// SC-9: pending only (invalid_state otherwise); needs content.publish.
  scheduled_content cancel(const actor& who, std::string_view id);
  /// SC-10: pending only (invalid_state otherwise); needs content.publish; the same window as SC-1.
  scheduled_content reschedule(const actor& who, std::string_view id, unix_millis at);

  // --- the runner (SC-5, SC-6) -------------------------------------------------------------------
  /// Claims up to `limit` actions due at `now` (pending ones, and running ones whose lease
  /// expired), in (scheduled_at, id) order, with one UPDATE: status running, claimed_by
  /// `runner_id`, lease_until now + lease. Returns the claimed rows.
  std::vector<scheduled_content> claim(unix_millis now, std::int64_t limit, std::string_view runner_id,
                                       std::chrono::milliseconds lease = default_schedule_lease);
  /// Executes one action `runner_id` claimed, in one transaction: skipped (executed = false)
  /// unless it is still running under this runner's claim; the item deleted → cancelled; the
  /// operation refused (validation, state, permission) → failed with the error; else completed.
  /// executed_at is the store's now(); late_ms = executed_at − scheduled_at (≥ 0).
  schedule_outcome execute(std::string_view id, std::string_view runner_id);
  /// claim() then execute() each claimed action.
  schedule_run_report run_due(unix_millis now, std::int64_t limit, std::string_view runner_id,
                              std::chrono::milliseconds lease = default_schedule_lease);

 private:
  basic_store<Conn>* store_;
};

extern template class basic_schedule_repository<connection>;
using schedule_repository = basic_schedule_repository<connection>;

}  // namespace vellum::cms
