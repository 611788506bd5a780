// The members of basic_schedule_repository<Conn>, a template over the connection: instantiated for SQLite in
// src/cms/schedule_repository.cpp and for PostgreSQL in src/cms/pg_schedule_repository.cpp.
#pragma once

#include "vellum/cms/schedule_repository.hpp"

#include <algorithm>
#include <utility>

#include "content_writes_impl.hpp"
#include "repository_checks.hpp"
#include "workflow_repository_impl.hpp"
#include "vellum/cms/audit_log.hpp"
#include "vellum/cms/content_repository.hpp"
#include "vellum/cms/permission_service.hpp"
#include "vellum/cms/store.hpp"
#include "vellum/core/enum_names.hpp"

namespace vellum::cms {

template <class Conn>
basic_schedule_repository<Conn> basic_store<Conn>::schedules() { return basic_schedule_repository<Conn>(*this); }

namespace {

// How often claim() tries again after losing every row it chose to another runner.
constexpr int max_claim_rounds = 100;

using field_errors = validation_error::field_errors;
using sc = scheduled_content;

/// Scheduling any action needs content.publish (docs/cms-schema.md, "Permissions").
constexpr std::string_view schedule_permission = "content.publish";
constexpr std::size_t max_timezone_length = 64;

std::int64_t ms_of(unix_millis t) { return t.time_since_epoch().count(); }

template <class Conn>
scheduled_content load_action(basic_store<Conn>& s, std::string_view id) {
  auto row = s.db().template select<sc>().where(col<&sc::id> == id).one();
  if (!row) throw not_found("scheduled action '" + std::string(id) + "' not found");
  return std::move(*row);
}

/// An IANA zone name's shape (`UTC`, `Europe/Paris`, `America/Argentina/Buenos_Aires`, `Etc/GMT+3`).
bool plausible_timezone(std::string_view tz) {
  return !tz.empty() && tz.size() <= max_timezone_length && std::all_of(tz.begin(), tz.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
           c == '-' || c == '+';
  });
}

/// SC-1's window: now < at ≤ now + 5 years.
void check_time(unix_millis at, unix_millis now, field_errors& errors) {
  if (at <= now) errors["at"].push_back("must be after now (" + std::to_string(ms_of(now)) + ")");
  else if (at > now + max_schedule_ahead) errors["at"].push_back("must be at most 5 years ahead");
}

void check_acting_user(const actor& who, field_errors& errors) {
  internal::check_actor(who, errors);
  if (!errors.contains("actor") && who.user_id.empty())
    errors["actor"].push_back("must act for a user: the schedule records who asked for it");
}

/// Only pending actions change (SC-9, SC-10); finished ones never revive.
template <class Conn>
scheduled_content load_pending(basic_store<Conn>& s, const actor& who, std::string_view id,
                               std::string_view operation) {
  scheduled_content row = load_action(s, id);
  const content item = internal::load_item(s, row.content_id, true);
  s.permissions().require(who, schedule_permission, &item);
  if (row.status != schedule_status::pending)
    throw invalid_state(std::string(operation) + ": scheduled action '" + row.id + "' is " +
                        std::string(enum_to_name(row.status)) + ", not pending");
  return row;
}

/// Performs the action as `job` (system:scheduler acting for the user who scheduled it): along
/// the workflow's edge into a state with the action's effect when the item's current state has
/// one (history, effect and audit as for a person's transition), else the content operation.
template <class Conn>
void perform(basic_store<Conn>& s, const actor& job, const scheduled_content& row, const content& item) {
  const state_effect effect = row.action == schedule_action::publish     ? state_effect::publish
                              : row.action == schedule_action::unpublish ? state_effect::unpublish
                                                                         : state_effect::archive;
  const std::optional<std::int64_t> version =
      row.action == schedule_action::publish ? std::optional(row.version.value_or(item.head_version)) : std::nullopt;
  if (const auto target = internal::edge_target_with_effect(s, item, effect)) {
    (void)internal::move_item(s, job, item.id, *target,
                              "scheduled " + std::string(enum_to_name(row.action)) + " " + row.id, version,
                              std::nullopt);
    return;
  }
  auto repo = s.content();
  switch (row.action) {
    case schedule_action::publish: (void)repo.publish(job, item.id, version); return;
    case schedule_action::unpublish: (void)repo.unpublish(job, item.id); return;
    case schedule_action::archive: (void)repo.archive(job, item.id); return;
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Reads

template <class Conn>
scheduled_content basic_schedule_repository<Conn>::get(std::string_view id) const { return load_action(*store_, id); }

template <class Conn>
std::vector<scheduled_content> basic_schedule_repository<Conn>::list_for(std::string_view content_id) const {
  return store_->db()
      .template select<sc>()
      .where(col<&sc::content_id> == content_id)
      .order_by(vellum::desc(col<&sc::scheduled_at>), vellum::desc(col<&sc::id>))
      .all();
}

template <class Conn>
std::vector<scheduled_content> basic_schedule_repository<Conn>::due(unix_millis now, std::int64_t limit) const {
  if (limit < 1 || limit > max_schedule_batch)
    throw validation_error("due: limit out of range",
                           {{"limit", {"must be between 1 and " + std::to_string(max_schedule_batch)}}});
  return store_->db()
      .template select<sc>()
      .where(col<&sc::status> == schedule_status::pending && col<&sc::scheduled_at> <= now)
      .order_by(vellum::asc(col<&sc::scheduled_at>), vellum::asc(col<&sc::id>))
      .limit(limit)
      .all();
}

// ---------------------------------------------------------------------------------------------
// Mutations

template <class Conn>
scheduled_content basic_schedule_repository<Conn>::schedule(const actor& who, const schedule_request& r) {
  auto& s = *store_;
  return s.db().transaction([&] {
    const unix_millis now = s.now();
    field_errors errors;
    check_acting_user(who, errors);
    check_time(r.at, now, errors);
    if (!plausible_timezone(r.timezone))
      errors["timezone"].push_back("must be an IANA zone name such as UTC or Europe/Paris");
    if (r.action != schedule_action::publish && (r.version || r.take_latest))
      errors["version"].push_back("only a publish takes a version");
    else if (r.version && r.take_latest)
      errors["version"].push_back("give a version or take_latest, not both");
    internal::throw_if_any(errors, "schedule");

    const content item = internal::load_item(s, r.content_id, false);
    s.permissions().require(who, schedule_permission, &item);
    scheduled_content row;
    row.id = s.new_id();
    row.content_id = item.id;
    row.action = r.action;
    row.scheduled_at = r.at;
    row.timezone = r.timezone;
    row.user_id = internal::responsible_user(s, who, item.author_id);
    row.status = schedule_status::pending;
    row.created_at = now;
    if (r.action == schedule_action::publish && !r.take_latest) {
      row.version = r.version.value_or(item.head_version);  // SC-2: the head now
      (void)internal::load_version(s, item.id, *row.version);
    }
    try {
      s.db().insert(row);
    } catch (const constraint_error& e) {
      if (e.kind() == constraint_kind::unique && e.table() == "scheduled_content")
        throw conflict("content item '" + item.id + "' already has a pending " +
                           std::string(enum_to_name(r.action)) + " (SC-3): reschedule or cancel it",
                       "action");
      throw;
    }
    nlohmann::json audit = {{"schedule_id", row.id}, {"action", std::string(enum_to_name(row.action))},
                            {"at", ms_of(row.scheduled_at)}, {"timezone", row.timezone}};
    if (row.version) audit["version"] = *row.version;
    append_audit(s, who, "schedule.create", "content", item.id, std::move(audit));
    return row;
  });
}

template <class Conn>
scheduled_content basic_schedule_repository<Conn>::cancel(const actor& who, std::string_view id) {
  auto& s = *store_;
  return s.db().transaction([&] {
    field_errors errors;
    check_acting_user(who, errors);
    internal::throw_if_any(errors, "cancel");
    scheduled_content row = load_pending(s, who, id, "cancel");
    row.status = schedule_status::cancelled;
    row.error_message = "cancelled by " + who.label();
    s.db()
        .template update<sc>()
        .set(col<&sc::status> = row.status, col<&sc::error_message> = row.error_message)
        .where(col<&sc::id> == row.id && col<&sc::status> == schedule_status::pending)
        .run();
    append_audit(s, who, "schedule.cancel", "content", row.content_id,
                 nlohmann::json{{"schedule_id", row.id}, {"action", std::string(enum_to_name(row.action))}});
    return row;
  });
}

template <class Conn>
scheduled_content basic_schedule_repository<Conn>::reschedule(const actor& who, std::string_view id, unix_millis at) {
  auto& s = *store_;
  return s.db().transaction([&] {
    field_errors errors;
    check_acting_user(who, errors);
    check_time(at, s.now(), errors);
    internal::throw_if_any(errors, "reschedule");
    scheduled_content row = load_pending(s, who, id, "reschedule");
    const unix_millis before = row.scheduled_at;
    row.scheduled_at = at;
    s.db()
        .template update<sc>()
        .set(col<&sc::scheduled_at> = at)
        .where(col<&sc::id> == row.id && col<&sc::status> == schedule_status::pending)
        .run();
    append_audit(s, who, "schedule.reschedule", "content", row.content_id,
                 nlohmann::json{{"schedule_id", row.id}, {"from", ms_of(before)}, {"to", ms_of(at)}});
    return row;
  });
}

// ---------------------------------------------------------------------------------------------
// The runner

template <class Conn>
std::vector<scheduled_content> basic_schedule_repository<Conn>::claim(unix_millis now, std::int64_t limit,
                                                          std::string_view runner_id, std::chrono::milliseconds lease) {
  field_errors errors;
  if (limit < 1 || limit > max_schedule_batch)
    errors["limit"].push_back("must be between 1 and " + std::to_string(max_schedule_batch));
  internal::check_text(runner_id, "runner_id", 200, internal::text_rule::required, errors);
  if (lease <= std::chrono::milliseconds::zero()) errors["lease"].push_back("must be positive");
  internal::throw_if_any(errors, "claim");

  auto& s = *store_;
  const std::optional<std::string> runner{std::string(runner_id)};
  const std::optional<unix_millis> until{now + lease};
  // SC-5: one UPDATE claims; a second runner's UPDATE waits for the write lock and then sees
  // the rows as running under a live lease. The outer WHERE repeats the condition: on
  // PostgreSQL (READ COMMITTED) the waiting UPDATE re-checks it on the rows the first runner
  // committed, while its subquery's rows come from the snapshot taken before the wait.
  const auto claimable = (col<&sc::status> == schedule_status::pending && col<&sc::scheduled_at> <= now) ||
                         (col<&sc::status> == schedule_status::running && col<&sc::lease_until> <= now);
  const auto claim_once = [&] {
    return s.db().transaction([&] {
      return s.db()
          .template update<sc>()
          .set(col<&sc::status> = schedule_status::running, col<&sc::claimed_by> = runner,
               col<&sc::lease_until> = until)
          .where(vellum::in(col<&sc::id>, vellum::select(col<&sc::id>)
                                               .template from<sc>()
                                               .where(claimable)
                                               .order_by(vellum::asc(col<&sc::scheduled_at>), vellum::asc(col<&sc::id>))
                                               .limit(limit)) &&
                 claimable)
          .returning()
          .all();
    });
  };
  // There, a runner that waited may find every row it chose taken and claim nothing while
  // other rows are due: it tries again (each lost round means another runner claimed rows).
  // SQLite's writers queue and each sees the rows as committed, so one round always suffices.
  auto claimed = claim_once();
  if constexpr (Conn::sql_dialect == dialect::postgres) {
    for (int round = 1; claimed.empty() && round < max_claim_rounds; ++round) {
      if (!s.db().select(col<&sc::id>).template from<sc>().where(claimable).limit(1).one()) break;
      claimed = claim_once();
    }
  }
  std::sort(claimed.begin(), claimed.end(), [](const sc& a, const sc& b) {
    return a.scheduled_at != b.scheduled_at ? a.scheduled_at < b.scheduled_at : a.id < b.id;
  });
  return claimed;
}

template <class Conn>
schedule_outcome basic_schedule_repository<Conn>::execute(std::string_view id, std::string_view runner_id) {
  auto& s = *store_;
  return s.db().transaction([&] {
    scheduled_content row = load_action(s, id);
    if (row.status != schedule_status::running || row.claimed_by != runner_id) return schedule_outcome{row, false};

    const unix_millis now = s.now();
    const actor job{actor::kind::system, "scheduler", row.user_id};
    const auto finish = [&](schedule_status status, std::optional<std::string> message) {
      row.status = status;
      row.executed_at = now;
      row.late_ms = std::max<std::int64_t>(0, ms_of(now) - ms_of(row.scheduled_at));
      row.error_message = std::move(message);
      s.db()
          .template update<sc>()
          .set(col<&sc::status> = row.status, col<&sc::executed_at> = row.executed_at,
               col<&sc::late_ms> = row.late_ms, col<&sc::error_message> = row.error_message)
          .where(col<&sc::id> == row.id)
          .run();
      nlohmann::json audit = {{"schedule_id", row.id},
                              {"action", std::string(enum_to_name(row.action))},
                              {"status", std::string(enum_to_name(row.status))},
                              {"late_ms", *row.late_ms},
                              {"runner", std::string(runner_id)}};
      append_audit(s, job, "schedule.execute", "content", row.content_id, std::move(audit));
      return schedule_outcome{row, true};
    };

    // SC-6: re-check the item.
    const auto item = s.content().find(row.content_id, true);
    if (!item || item->deleted_at) return finish(schedule_status::cancelled, "cancelled: the item was deleted");
    const auto failed = [&](const error& e) { return finish(schedule_status::failed, std::string(e.what())); };
    try {
      s.db().transaction([&] {  // a savepoint: a refused operation leaves nothing behind
        // The user who scheduled it must still hold the permission (deactivated, demoted: failed).
        s.permissions().require(actor::user(row.user_id), schedule_permission, &*item);
        perform(s, job, row, *item);
      });
    } catch (const error& e) {
      if (!internal::is_refusal(e)) throw;  // busy, I/O: the row stays running, to be reclaimed
      return failed(e);
    }
    return finish(schedule_status::completed, std::nullopt);
  });
}

template <class Conn>
schedule_run_report basic_schedule_repository<Conn>::run_due(unix_millis now, std::int64_t limit,
                                                             std::string_view runner_id,
                                                             std::chrono::milliseconds lease) {
  schedule_run_report report;
  for (const auto& row : claim(now, limit, runner_id, lease)) report.outcomes.push_back(execute(row.id, runner_id));
  return report;
}

}  // namespace vellum::cms
