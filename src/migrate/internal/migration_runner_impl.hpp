// The members of basic_migration_runner, shared by every backend. Included only by the .cpp that
// specialises migration_backend<Connection> and instantiates the runner explicitly, so users
// of migration_runner.hpp never compile this.
//
// A backend supplies: the tracking table's SQL (create_tracking_table, select_records,
// insert_record, delete_record, update_record), tracking_table_exists(db), tracking_columns(db),
// require_no_transaction(db, action), run_script(db, m, sql, doing), and `scope`: constructed,
// it holds the lock that orders runners and (unless the migration is `no-transaction` and the
// backend cannot run it in a transaction) a transaction; commit() ends it keeping the work,
// destruction without commit() rolls back.
#pragma once

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "migration_records.hpp"
#include "vellum/core/error.hpp"
#include "vellum/migrate/migration_runner.hpp"

namespace vellum::migrate {

namespace detail {

template <class Connection>
std::vector<recorded> read_records(Connection& db) {
  using backend = migration_backend<Connection>;
  std::vector<recorded> records;
  if (!backend::tracking_table_exists(db)) return records;
  check_tracking_columns(backend::tracking_columns(db));
  auto st = db.prepare(backend::select_records);
  while (st.step()) {
    recorded r;
    r.id = st.template get<std::optional<std::string>>(0).value_or("");  // read as text if a tool stored INTEGER
    r.name = st.template get<std::optional<std::string>>(1).value_or("");
    r.filename = st.template get<std::optional<std::string>>(2).value_or("");
    r.applied_at_ms = st.template get<std::optional<std::int64_t>>(3);
    r.checksum = st.template get<std::optional<std::string>>(4);
    check_recorded_id(r.id);
    records.push_back(std::move(r));
  }
  return records;
}

}  // namespace detail

template <class Connection>
basic_migration_runner<Connection>::basic_migration_runner(Connection& db, std::vector<migration> migrations,
                                                           runner_options options)
    : db_(db), migrations_(std::move(migrations)), options_(std::move(options)) {
  order_migrations(migrations_);
}

template <class Connection>
void basic_migration_runner<Connection>::ensure_tracking_table() {
  using backend = migration_backend<Connection>;
  if (!backend::tracking_table_exists(db_)) {
    // Under the lock: two runners creating it at once simply queue.
    typename backend::scope locked(db_, nullptr);
    db_.execute(backend::create_tracking_table);
    locked.commit("creating the tracking table");
  }
  detail::check_tracking_columns(backend::tracking_columns(db_));
}

template <class Connection>
const migration& basic_migration_runner<Connection>::find(std::string_view id, std::string_view action) const {
  if (is_migration_id(id)) {
    for (const auto& m : migrations_)
      if (compare_migration_ids(m.id, id) == 0) return m;
  }
  throw not_found(fmt::format("{}: no migration with id '{}' in the source", action, id));
}

template <class Connection>
void basic_migration_runner<Connection>::notify(const migration& m, migration_event event) const {
  if (options_.on_event) options_.on_event(m, event);
}

template <class Connection>
unix_millis basic_migration_runner<Connection>::stamp() const {
  return options_.clock ? options_.clock() : now_millis();
}

template <class Connection>
std::vector<migration_status> basic_migration_runner<Connection>::status() {
  const std::vector<detail::recorded> records = detail::read_records(db_);
  std::vector<migration_status> out;
  for (const auto& m : migrations_) {
    migration_status s{m.id, m.name, m.filename, migration_state::pending, std::nullopt, m.checksum, std::nullopt, {}};
    if (const detail::recorded* r = detail::find_record(records, m.id)) {
      if (r->applied_at_ms) s.applied_at = unix_millis{std::chrono::milliseconds{*r->applied_at_ms}};
      s.recorded_checksum = r->checksum;
      s.detail = detail::change_of(m, *r);
      s.state = s.detail.empty() ? migration_state::applied : migration_state::changed;
      if (!r->checksum && s.state == migration_state::applied) s.detail = "applied without a checksum (not verified)";
    }
    out.push_back(std::move(s));
  }
  for (const auto& r : records) {
    const bool in_source = std::any_of(migrations_.begin(), migrations_.end(),
                                       [&](const migration& m) { return compare_migration_ids(m.id, r.id) == 0; });
    if (in_source) continue;
    migration_status s{r.id, r.name, r.filename, migration_state::unknown, std::nullopt, {}, r.checksum,
                       "applied, but not in the source"};
    if (r.applied_at_ms) s.applied_at = unix_millis{std::chrono::milliseconds{*r.applied_at_ms}};
    out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(), [](const migration_status& a, const migration_status& b) {
    return compare_migration_ids(a.id, b.id) < 0;
  });
  return out;
}

template <class Connection>
std::vector<std::string> basic_migration_runner<Connection>::up() {
  if (migrations_.empty()) return {};
  return up_to(migrations_.back().id);
}

template <class Connection>
std::vector<std::string> basic_migration_runner<Connection>::up_to(std::string_view id) {
  migration_backend<Connection>::require_no_transaction(db_, "up");
  const migration& last = find(id, "up_to");
  ensure_tracking_table();

  // MG-1: an applied migration that changed stops the run before anything is applied.
  const std::vector<detail::recorded> records = detail::read_records(db_);
  if (!options_.allow_changed) {
    std::vector<std::string> changes;
    const migration* first_changed = nullptr;
    for (const auto& m : migrations_) {
      const detail::recorded* r = detail::find_record(records, m.id);
      if (r == nullptr) continue;
      if (std::string why = detail::change_of(m, *r); !why.empty()) {
        if (first_changed == nullptr) first_changed = &m;
        changes.push_back(fmt::format("{}: {}", m.filename, why));
      }
    }
    if (first_changed != nullptr)
      throw migration_error(
          fmt::format("up refused, nothing was applied: an applied migration changed ({}). Restore the file, accept "
                      "the edit with mark-applied, or override with allow_changed (--allow-changed)",
                      fmt::join(changes, "; ")),
          first_changed->filename);
  }

  std::vector<std::string> applied;
  for (const auto& m : migrations_) {
    if (compare_migration_ids(m.id, last.id) > 0) break;
    if (detail::find_record(records, m.id) != nullptr) continue;
    if (apply(m)) applied.push_back(m.id);
  }
  return applied;
}

template <class Connection>
bool basic_migration_runner<Connection>::apply(const migration& m) {
  using backend = migration_backend<Connection>;
  typename backend::scope locked(db_, m.no_transaction() ? &m : nullptr);
  // Another runner may have applied it between our read and this lock: then it is done.
  if (const auto records = detail::read_records(db_); const detail::recorded* r = detail::find_record(records, m.id)) {
    if (std::string why = detail::change_of(m, *r); !why.empty() && !options_.allow_changed)
      throw migration_error(fmt::format("up refused: {} was applied meanwhile by another process, and differs ({})",
                                        m.filename, why),
                            m.filename);
    return false;  // nothing was written; the scope rolls back
  }
  notify(m, migration_event::applying);
  backend::run_script(db_, m, m.sql, "applying");
  db_.run(backend::insert_record, m.id, m.name, m.filename, stamp(), m.checksum);
  locked.commit("applying");
  notify(m, migration_event::applied);
  return true;
}

template <class Connection>
void basic_migration_runner<Connection>::run_unrecorded(const migration& m) {
  using backend = migration_backend<Connection>;
  backend::require_no_transaction(db_, "run");
  typename backend::scope locked(db_, m.no_transaction() ? &m : nullptr);
  notify(m, migration_event::applying);
  backend::run_script(db_, m, m.sql, "applying");
  locked.commit("applying");
  notify(m, migration_event::applied);
}

template <class Connection>
std::vector<std::string> basic_migration_runner<Connection>::down(std::string_view to_id) {
  migration_backend<Connection>::require_no_transaction(db_, "down");
  if (!is_migration_id(to_id)) throw not_found(fmt::format("down: '{}' is not a migration id", to_id));
  std::vector<detail::recorded> records = detail::read_records(db_);
  std::erase_if(records, [&](const detail::recorded& r) { return compare_migration_ids(r.id, to_id) <= 0; });
  std::sort(records.begin(), records.end(), [](const detail::recorded& a, const detail::recorded& b) {
    return compare_migration_ids(a.id, b.id) > 0;
  });

  // Check every step before reverting any, so a missing .down.sql is found up front.
  std::vector<const migration*> plan;
  for (const auto& r : records) {
    const auto it = std::find_if(migrations_.begin(), migrations_.end(),
                                 [&](const migration& m) { return compare_migration_ids(m.id, r.id) == 0; });
    if (it == migrations_.end())
      throw migration_error(fmt::format("down refused, nothing was reverted: {} is applied but not in the source",
                                        r.filename),
                            r.filename);
    if (!it->has_down())
      throw migration_error(fmt::format("down refused, nothing was reverted: {} has no .down.sql", it->filename),
                            it->filename);
    if (std::string why = detail::change_of(*it, r); !why.empty() && !options_.allow_changed)
      throw migration_error(fmt::format("down refused, nothing was reverted: {} changed since it was applied ({})",
                                        it->filename, why),
                            it->filename);
    plan.push_back(&*it);
  }
  std::vector<std::string> reverted;
  for (const migration* m : plan)
    if (revert(*m)) reverted.push_back(m->id);
  return reverted;
}

template <class Connection>
std::vector<std::string> basic_migration_runner<Connection>::down_last() {
  const std::vector<detail::recorded> records = detail::read_records(db_);
  if (records.empty()) return {};
  std::vector<std::string> ids;
  for (const auto& r : records) ids.push_back(r.id);
  std::sort(ids.begin(), ids.end(), [](const auto& a, const auto& b) { return compare_migration_ids(a, b) < 0; });
  return down(ids.size() > 1 ? ids[ids.size() - 2] : std::string("0"));
}

template <class Connection>
bool basic_migration_runner<Connection>::revert(const migration& m) {
  using backend = migration_backend<Connection>;
  typename backend::scope locked(db_, has_no_transaction_directive(m.down_sql) ? &m : nullptr);
  const auto records = detail::read_records(db_);
  const detail::recorded* r = detail::find_record(records, m.id);
  if (r == nullptr) return false;  // reverted meanwhile by another runner
  notify(m, migration_event::reverting);
  backend::run_script(db_, m, m.down_sql, "reverting");
  db_.run(backend::delete_record, r->id);
  locked.commit("reverting");
  notify(m, migration_event::reverted);
  return true;
}

template <class Connection>
std::vector<std::string> basic_migration_runner<Connection>::baseline(std::string_view up_to) {
  using backend = migration_backend<Connection>;
  backend::require_no_transaction(db_, "baseline");
  const migration& last = find(up_to, "baseline");
  ensure_tracking_table();
  std::vector<std::string> marked;
  typename backend::scope locked(db_, nullptr);
  const auto records = detail::read_records(db_);
  for (const auto& m : migrations_) {
    if (compare_migration_ids(m.id, last.id) > 0) break;
    if (detail::find_record(records, m.id) != nullptr) continue;
    db_.run(backend::insert_record, m.id, m.name, m.filename, stamp(), m.checksum);
    marked.push_back(m.id);
  }
  locked.commit("baseline");
  return marked;
}

template <class Connection>
bool basic_migration_runner<Connection>::mark_applied(std::string_view id) {
  using backend = migration_backend<Connection>;
  backend::require_no_transaction(db_, "mark_applied");
  const migration& m = find(id, "mark_applied");
  ensure_tracking_table();
  typename backend::scope locked(db_, nullptr);
  const auto records = detail::read_records(db_);
  const detail::recorded* r = detail::find_record(records, m.id);
  if (r == nullptr) {
    db_.run(backend::insert_record, m.id, m.name, m.filename, stamp(), m.checksum);
  } else if (!detail::change_of(m, *r).empty()) {
    db_.run(backend::update_record, m.name, m.filename, m.checksum, r->id);
  } else {
    return false;
  }
  locked.commit("mark_applied");
  return true;
}

}  // namespace vellum::migrate
