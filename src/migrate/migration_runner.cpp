// The SQLite backend of the migration runner and its explicit instantiation (migration_runner).
#include "vellum/migrate/migration_runner.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <set>

#include "internal/migration_runner_impl.hpp"
#include "vellum/core/connection.hpp"
#include "vellum/core/error.hpp"
#include "vellum/migrate/statement_splitter.hpp"

namespace vellum::migrate {

namespace {

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

std::optional<foreign_keys_suspended> suspend_keys_for(connection& db, const migration* outside) {
  if (outside == nullptr) return std::nullopt;
  return std::optional<foreign_keys_suspended>(std::in_place, db, *outside);
}

void check_foreign_keys(connection& db, const migration& m, std::string_view doing) {
  constexpr std::string_view check = "PRAGMA foreign_key_check";
  std::vector<std::string> violations;
  std::size_t count = 0;
  auto st = db.prepare(check);
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

}  // namespace

template <>
struct migration_backend<connection> {
  static constexpr std::string_view create_tracking_table = R"(CREATE TABLE IF NOT EXISTS migrations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  filename TEXT NOT NULL,
  applied_at INTEGER NOT NULL,
  checksum TEXT
))";

  // applied_at is INTEGER milliseconds when vellum wrote it; SonicJS writes CURRENT_TIMESTAMP text.
  static constexpr std::string_view select_records = R"(SELECT id, name, filename,
  CASE typeof(applied_at)
    WHEN 'integer' THEN applied_at
    WHEN 'real' THEN CAST(applied_at AS INTEGER)
    WHEN 'text' THEN CAST(strftime('%s', applied_at) AS INTEGER) * 1000
  END,
  checksum
FROM migrations)";

  static constexpr std::string_view insert_record =
      "INSERT INTO migrations (id, name, filename, applied_at, checksum) VALUES (?1, ?2, ?3, ?4, ?5)";
  static constexpr std::string_view delete_record = "DELETE FROM migrations WHERE id = ?1";
  static constexpr std::string_view update_record =
      "UPDATE migrations SET name = ?1, filename = ?2, checksum = ?3 WHERE id = ?4";

  static bool tracking_table_exists(connection& db) {
    return db.query_value<std::int64_t>(
               "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'migrations'")
               .value_or(0) > 0;
  }

  static std::set<std::string> tracking_columns(connection& db) {
    std::set<std::string> columns;
    auto st = db.prepare("SELECT name FROM pragma_table_info('migrations')");
    while (st.step()) columns.insert(st.get<std::string>(0));
    return columns;
  }

  static void require_no_transaction(connection& db, std::string_view action) {
    if (db.in_transaction() || sqlite3_get_autocommit(db.native_handle()) == 0)
      throw invalid_state(fmt::format(
          "{}: the connection has an open transaction; migrations run each in their own", action));
  }

  // BEGIN IMMEDIATE takes the write lock, which orders concurrent runners. A no-transaction
  // migration still runs in one, with foreign keys off around it and checked before COMMIT.
  class scope {
   public:
    scope(connection& db, const migration* outside)
        : db_(db), outside_(outside), keys_off_(suspend_keys_for(db, outside)),
          tx_(db.begin(transaction_mode::immediate)) {}
    void commit(std::string_view doing) {
      if (outside_ != nullptr) check_foreign_keys(db_, *outside_, doing);
      tx_.commit();
      if (keys_off_) keys_off_->restore();
    }

   private:
    connection& db_;
    const migration* outside_;
    std::optional<foreign_keys_suspended> keys_off_;  // before tx_: restored after the rollback
    transaction tx_;
  };

  static void run_script(connection& db, const migration& m, std::string_view sql, std::string_view doing) {
    sqlite3* handle = db.native_handle();
    const auto statements = split_statements(sql);
    for (std::size_t index = 0; index < statements.size(); ++index) {
      const sql_statement& s = statements[index];
      const auto fail = [&](std::string_view why, int code) {
        throw migration_error(detail::statement_failure(doing, m, index + 1, s.line, why), m.filename,
                              std::string(s.text), code);
      };
      const auto fail_rc = [&](int rc) {
        const int code = sqlite3_extended_errcode(handle);
        fail(sqlite3_errmsg(handle), (code & 0xff) == (rc & 0xff) ? code : rc);
      };
      // Each statement is prepared right before it runs, so it may use what the previous ones
      // created. SQLite's tail pointer takes over should a piece hold more than one statement.
      const char* cursor = s.text.data();
      const char* const end = s.text.data() + s.text.size();
      while (cursor < end) {
        sqlite3_stmt* raw = nullptr;
        const char* tail = nullptr;
        int rc = sqlite3_prepare_v2(handle, cursor, static_cast<int>(end - cursor), &raw, &tail);
        if (rc != SQLITE_OK) fail_rc(rc);
        // SQLite's parser stops at a NUL byte without moving on: the loop would never end.
        if (raw == nullptr && tail == cursor) fail("the text holds a NUL byte", SQLITE_ERROR);
        const char* const statement_start = cursor;
        cursor = tail;
        if (raw == nullptr) continue;  // only a comment
        const std::unique_ptr<sqlite3_stmt, statement_deleter> st(raw);
        // The runner's own transaction must hold the whole migration (applied whole or not at all).
        if (detail::ends_transaction(std::string_view(statement_start, static_cast<std::size_t>(tail - statement_start))))
          fail(detail::ends_transaction_message, SQLITE_ERROR);
        while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
        }
        if (rc != SQLITE_DONE) fail_rc(rc);
      }
    }
  }
};

template class basic_migration_runner<connection>;

}  // namespace vellum::migrate
