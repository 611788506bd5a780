#include "vellum/migrate/migration_runner.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>

#include "vellum/core/connection.hpp"
#include "vellum/core/error.hpp"
#include "vellum/migrate/statement_splitter.hpp"

namespace vellum::migrate {

namespace {

// One row of the tracking table.
struct recorded {
  std::string id;
  std::string name;
  std::string filename;
  std::optional<std::int64_t> applied_at_ms;
  std::optional<std::string> checksum;
};

constexpr std::string_view create_tracking_table = R"(CREATE TABLE IF NOT EXISTS migrations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  filename TEXT NOT NULL,
  applied_at INTEGER NOT NULL,
  checksum TEXT
))";

// applied_at is INTEGER milliseconds when vellum wrote it; SonicJS writes CURRENT_TIMESTAMP text.
constexpr std::string_view select_records = R"(SELECT id, name, filename,
  CASE typeof(applied_at)
    WHEN 'integer' THEN applied_at
    WHEN 'real' THEN CAST(applied_at AS INTEGER)
    WHEN 'text' THEN CAST(strftime('%s', applied_at) AS INTEGER) * 1000
  END,
  checksum
FROM migrations)";

constexpr std::string_view insert_record =
    "INSERT INTO migrations (id, name, filename, applied_at, checksum) VALUES (?1, ?2, ?3, ?4, ?5)";

bool tracking_table_exists(connection& db) {
  return db.query_value<std::int64_t>(
             "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'migrations'")
             .value_or(0) > 0;
}

// A table named `migrations` that some other tool made, with other columns, is not ours to use.
void check_tracking_layout(connection& db) {
  std::set<std::string> columns;
  auto st = db.prepare("SELECT name FROM pragma_table_info('migrations')");
  while (st.step()) columns.insert(st.get<std::string>(0));
  std::vector<std::string> missing;
  for (const char* needed : {"id", "name", "filename", "applied_at", "checksum"})
    if (!columns.contains(needed)) missing.emplace_back(needed);
  if (!missing.empty())
    throw validation_error(fmt::format("the table 'migrations' is not a migration tracking table: it lacks {} "
                                       "(expected id, name, filename, applied_at, checksum)",
                                       fmt::join(missing, ", ")),
                           {{"migrations", {fmt::format("lacks {}", fmt::join(missing, ", "))}}});
}

// Why an applied migration no longer matches its record; empty when it does. A record without a
// checksum (written by SonicJS) cannot be checked. SonicJS records a display title as `name`
// ("Initial Schema") and the file name as `filename`, so the name counts as changed only when
// the file name differs as well.
std::string change_of(const migration& m, const recorded& r) {
  if (r.checksum && *r.checksum != m.checksum)
    return "checksum differs: the file was edited after it was applied";
  if (r.name != m.name && r.filename != m.filename)
    return fmt::format("name differs: applied as {} ('{}')", r.filename, r.name);
  return {};
}

const recorded* find_record(const std::vector<recorded>& records, std::string_view id) {
  const auto it = std::find_if(records.begin(), records.end(),
                               [&](const recorded& r) { return compare_migration_ids(r.id, id) == 0; });
  return it == records.end() ? nullptr : &*it;
}

std::vector<recorded> read_records(connection& db) {
  std::vector<recorded> records;
  if (!tracking_table_exists(db)) return records;
  check_tracking_layout(db);
  auto st = db.prepare(select_records);
  while (st.step()) {
    recorded r;
    r.id = st.get<std::optional<std::string>>(0).value_or("");  // TEXT; read as text if a tool stored INTEGER
    r.name = st.get<std::optional<std::string>>(1).value_or("");
    r.filename = st.get<std::optional<std::string>>(2).value_or("");
    r.applied_at_ms = st.get<std::optional<std::int64_t>>(3);
    r.checksum = st.get<std::optional<std::string>>(4);
    if (!is_migration_id(r.id))
      throw validation_error(fmt::format("the table 'migrations' holds the id '{}', which is not a number", r.id),
                             {{"migrations", {fmt::format("id '{}' is not a number", r.id)}}});
    records.push_back(std::move(r));
  }
  return records;
}

struct statement_deleter {
  void operator()(sqlite3_stmt* st) const noexcept { sqlite3_finalize(st); }
};

// Turns foreign keys off for a `-- vellum: no-transaction` migration (the pragma is a no-op
// inside a transaction, so this must happen before BEGIN) and back on afterwards. Declared
// before the migration's transaction, it is destroyed after the rollback on the failure path.
class foreign_keys_suspended {
 public:
  foreign_keys_suspended(connection& db, const migration& m) : db_(db) {
    was_on_ = db.query_value<std::int64_t>("PRAGMA foreign_keys").value_or(0) != 0;
    if (!was_on_) return;
    db.execute("PRAGMA foreign_keys = OFF");
    if (db.query_value<std::int64_t>("PRAGMA foreign_keys").value_or(1) != 0)
      throw migration_error(fmt::format("migration {}: could not turn foreign keys off", m.filename), m.filename,
                            "PRAGMA foreign_keys = OFF");
  }
  foreign_keys_suspended(const foreign_keys_suspended&) = delete;
  foreign_keys_suspended& operator=(const foreign_keys_suspended&) = delete;
  ~foreign_keys_suspended() {
    // Reached with restored_ false only while an exception unwinds: the error being reported
    // matters more, and setting this pragma outside a transaction does not fail.
    if (was_on_ && !restored_) sqlite3_exec(db_.native_handle(), "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  }
  void restore() {
    if (!was_on_ || restored_) return;
    restored_ = true;
    db_.execute("PRAGMA foreign_keys = ON");
  }

 private:
  connection& db_;
  bool was_on_ = false;
  bool restored_ = false;
};

}  // namespace

migration_runner::migration_runner(connection& db, std::vector<migration> migrations, runner_options options)
    : db_(db), migrations_(std::move(migrations)), options_(std::move(options)) {
  order_migrations(migrations_);
}

void migration_runner::ensure_tracking_table() {
  if (!tracking_table_exists(db_)) {
    // Under the write lock: two processes creating it at once simply queue.
    auto tx = db_.begin(transaction_mode::immediate);
    db_.execute(create_tracking_table);
    tx.commit();
  }
  check_tracking_layout(db_);
}

const migration& migration_runner::find(std::string_view id, std::string_view action) const {
  if (is_migration_id(id)) {
    for (const auto& m : migrations_)
      if (compare_migration_ids(m.id, id) == 0) return m;
  }
  throw not_found(fmt::format("{}: no migration with id '{}' in the source", action, id));
}

void migration_runner::require_no_transaction(std::string_view action) const {
  if (db_.in_transaction() || sqlite3_get_autocommit(db_.native_handle()) == 0)
    throw invalid_state(fmt::format("{}: the connection has an open transaction; migrations run each in their own",
                                    action));
}

void migration_runner::notify(const migration& m, migration_event event) const {
  if (options_.on_event) options_.on_event(m, event);
}

unix_millis migration_runner::stamp() const { return options_.clock ? options_.clock() : now_millis(); }

std::vector<migration_status> migration_runner::status() {
  const std::vector<recorded> records = read_records(db_);
  std::vector<migration_status> out;
  for (const auto& m : migrations_) {
    migration_status s{m.id, m.name, m.filename, migration_state::pending, std::nullopt, m.checksum, std::nullopt, {}};
    if (const recorded* r = find_record(records, m.id)) {
      if (r->applied_at_ms) s.applied_at = unix_millis{std::chrono::milliseconds{*r->applied_at_ms}};
      s.recorded_checksum = r->checksum;
      s.detail = change_of(m, *r);
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

std::vector<std::string> migration_runner::up() {
  if (migrations_.empty()) return {};
  return up_to(migrations_.back().id);
}

std::vector<std::string> migration_runner::up_to(std::string_view id) {
  require_no_transaction("up");
  const migration& last = find(id, "up_to");
  ensure_tracking_table();

  // MG-1: an applied migration that changed stops the run before anything is applied.
  const std::vector<recorded> records = read_records(db_);
  if (!options_.allow_changed) {
    std::vector<std::string> changes;
    const migration* first_changed = nullptr;
    for (const auto& m : migrations_) {
      const recorded* r = find_record(records, m.id);
      if (r == nullptr) continue;
      if (std::string why = change_of(m, *r); !why.empty()) {
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
    if (find_record(records, m.id) != nullptr) continue;
    if (apply(m)) applied.push_back(m.id);
  }
  return applied;
}

bool migration_runner::apply(const migration& m) {
  const bool outside = m.no_transaction();
  std::optional<foreign_keys_suspended> keys_off;
  if (outside) keys_off.emplace(db_, m);
  {
    auto tx = db_.begin(transaction_mode::immediate);
    // Another process may have applied it between our read and this lock: then it is done.
    if (const auto records = read_records(db_); const recorded* r = find_record(records, m.id)) {
      if (std::string why = change_of(m, *r); !why.empty() && !options_.allow_changed)
        throw migration_error(fmt::format("up refused: {} was applied meanwhile by another process, and differs ({})",
                                          m.filename, why),
                              m.filename);
      tx.rollback();  // nothing was written
      if (keys_off) keys_off->restore();
      return false;
    }
    notify(m, migration_event::applying);
    run_script(m, m.sql, "applying");
    if (outside) check_foreign_keys(m, "applying");
    db_.run(insert_record, m.id, m.name, m.filename, stamp(), m.checksum);
    tx.commit();
  }
  if (keys_off) keys_off->restore();
  notify(m, migration_event::applied);
  return true;
}

void migration_runner::run_unrecorded(const migration& m) {
  require_no_transaction("run");
  std::optional<foreign_keys_suspended> keys_off;
  if (m.no_transaction()) keys_off.emplace(db_, m);
  {
    auto tx = db_.begin(transaction_mode::immediate);
    notify(m, migration_event::applying);
    run_script(m, m.sql, "applying");
    if (keys_off) check_foreign_keys(m, "applying");
    tx.commit();
  }
  if (keys_off) keys_off->restore();
  notify(m, migration_event::applied);
}

namespace {
// Whether `sql` starts (after blanks and comments) with BEGIN, COMMIT, END or ROLLBACK.
bool ends_transaction(std::string_view sql) {
  std::size_t i = 0;
  for (;;) {
    while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i])) != 0) ++i;
    if (sql.substr(i, 2) == "--") i = std::min(sql.size(), sql.find('\n', i));
    else if (sql.substr(i, 2) == "/*") i = std::min(sql.size(), sql.find("*/", i) + 2);
    else break;
  }
  std::string word;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])) != 0)
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
  return word == "BEGIN" || word == "COMMIT" || word == "END" || word == "ROLLBACK";
}
}  // namespace

void migration_runner::run_script(const migration& m, std::string_view sql, std::string_view doing) {
  sqlite3* handle = db_.native_handle();
  const auto statements = split_statements(sql);
  for (std::size_t index = 0; index < statements.size(); ++index) {
    const sql_statement& s = statements[index];
    const auto fail = [&](int rc) {
      const int code = sqlite3_extended_errcode(handle);
      throw migration_error(fmt::format("{} migration {} failed at statement {} (line {}): {}", doing, m.filename,
                                        index + 1, s.line, sqlite3_errmsg(handle)),
                            m.filename, std::string(s.text), (code & 0xff) == (rc & 0xff) ? code : rc);
    };
    // Each statement is prepared right before it runs, so it may use what the previous ones
    // created. SQLite's tail pointer takes over should a piece hold more than one statement.
    const char* cursor = s.text.data();
    const char* const end = s.text.data() + s.text.size();
    while (cursor < end) {
      sqlite3_stmt* raw = nullptr;
      const char* tail = nullptr;
      int rc = sqlite3_prepare_v2(handle, cursor, static_cast<int>(end - cursor), &raw, &tail);
      if (rc != SQLITE_OK) fail(rc);
      if (raw == nullptr && tail == cursor) {
        // SQLite's parser stops at a NUL byte without moving on: the loop would never end.
        throw migration_error(fmt::format("{} migration {} failed at statement {} (line {}): the text holds a NUL byte",
                                          doing, m.filename, index + 1, s.line),
                              m.filename, std::string(s.text), SQLITE_ERROR);
      }
      const char* const statement_start = cursor;
      cursor = tail;
      if (raw == nullptr) continue;  // only a comment
      if (ends_transaction(std::string_view(statement_start, static_cast<std::size_t>(tail - statement_start)))) {
        sqlite3_finalize(raw);
        // The runner's own transaction must hold the whole migration (applied whole or not at all).
        throw migration_error(fmt::format("{} migration {} failed at statement {} (line {}): a migration may not "
                                          "begin, commit or roll back a transaction",
                                          doing, m.filename, index + 1, s.line),
                              m.filename, std::string(s.text), SQLITE_ERROR);
      }
      const std::unique_ptr<sqlite3_stmt, statement_deleter> st(raw);
      while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
      }
      if (rc != SQLITE_DONE) fail(rc);
    }
  }
}

void migration_runner::check_foreign_keys(const migration& m, std::string_view doing) {
  constexpr std::string_view check = "PRAGMA foreign_key_check";
  std::vector<std::string> violations;
  std::size_t count = 0;
  auto st = db_.prepare(check);
  while (st.step()) {
    if (++count > 5) continue;
    const auto rowid = st.get<std::optional<std::int64_t>>(1);
    violations.push_back(fmt::format("{} row {} references a missing {} row", st.get<std::string>(0),
                                     rowid ? std::to_string(*rowid) : std::string("(without rowid)"),
                                     st.get<std::string>(2)));
  }
  if (count == 0) return;
  throw migration_error(fmt::format("{} migration {} failed: it would break foreign keys, so it was rolled back: {}{}",
                                    doing, m.filename, fmt::join(violations, "; "),
                                    count > 5 ? fmt::format(" (and {} more)", count - 5) : std::string()),
                        m.filename, std::string(check), SQLITE_CONSTRAINT_FOREIGNKEY);
}

std::vector<std::string> migration_runner::down(std::string_view to_id) {
  require_no_transaction("down");
  if (!is_migration_id(to_id)) throw not_found(fmt::format("down: '{}' is not a migration id", to_id));
  std::vector<recorded> records = read_records(db_);
  std::erase_if(records, [&](const recorded& r) { return compare_migration_ids(r.id, to_id) <= 0; });
  std::sort(records.begin(), records.end(),
            [](const recorded& a, const recorded& b) { return compare_migration_ids(a.id, b.id) > 0; });

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
      throw migration_error(
          fmt::format("down refused, nothing was reverted: {} has no .down.sql", it->filename), it->filename);
    if (std::string why = change_of(*it, r); !why.empty() && !options_.allow_changed)
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

std::vector<std::string> migration_runner::down_last() {
  const std::vector<recorded> records = read_records(db_);
  if (records.empty()) return {};
  std::vector<std::string> ids;
  for (const auto& r : records) ids.push_back(r.id);
  std::sort(ids.begin(), ids.end(), [](const auto& a, const auto& b) { return compare_migration_ids(a, b) < 0; });
  return down(ids.size() > 1 ? ids[ids.size() - 2] : std::string("0"));
}

bool migration_runner::revert(const migration& m) {
  const bool outside = has_no_transaction_directive(m.down_sql);
  std::optional<foreign_keys_suspended> keys_off;
  if (outside) keys_off.emplace(db_, m);
  {
    auto tx = db_.begin(transaction_mode::immediate);
    const auto records = read_records(db_);
    const recorded* r = find_record(records, m.id);
    if (r == nullptr) {  // reverted meanwhile by another process
      tx.rollback();
      if (keys_off) keys_off->restore();
      return false;
    }
    notify(m, migration_event::reverting);
    run_script(m, m.down_sql, "reverting");
    if (outside) check_foreign_keys(m, "reverting");
    db_.run("DELETE FROM migrations WHERE id = ?1", r->id);
    tx.commit();
  }
  if (keys_off) keys_off->restore();
  notify(m, migration_event::reverted);
  return true;
}

std::vector<std::string> migration_runner::baseline(std::string_view up_to) {
  require_no_transaction("baseline");
  const migration& last = find(up_to, "baseline");
  ensure_tracking_table();
  std::vector<std::string> marked;
  auto tx = db_.begin(transaction_mode::immediate);
  const auto records = read_records(db_);
  for (const auto& m : migrations_) {
    if (compare_migration_ids(m.id, last.id) > 0) break;
    if (find_record(records, m.id) != nullptr) continue;
    db_.run(insert_record, m.id, m.name, m.filename, stamp(), m.checksum);
    marked.push_back(m.id);
  }
  tx.commit();
  return marked;
}

bool migration_runner::mark_applied(std::string_view id) {
  require_no_transaction("mark_applied");
  const migration& m = find(id, "mark_applied");
  ensure_tracking_table();
  auto tx = db_.begin(transaction_mode::immediate);
  const auto records = read_records(db_);
  const recorded* r = find_record(records, m.id);
  if (r == nullptr) {
    db_.run(insert_record, m.id, m.name, m.filename, stamp(), m.checksum);
  } else if (!change_of(m, *r).empty()) {
    db_.run("UPDATE migrations SET name = ?1, filename = ?2, checksum = ?3 WHERE id = ?4", m.name, m.filename,
            m.checksum, r->id);
  } else {
    return false;
  }
  tx.commit();
  return true;
}

}  // namespace vellum::migrate
