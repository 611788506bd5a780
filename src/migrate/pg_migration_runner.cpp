// The PostgreSQL backend of the migration runner and its explicit instantiation
// (pg::migration_runner), compiled into vellum::postgres.
#include "vellum/migrate/pg_migration_runner.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <set>

#include "internal/migration_runner_impl.hpp"
#include "vellum/core/error.hpp"
#include "vellum/core/pg_connection.hpp"
#include "vellum/migrate/statement_splitter.hpp"

namespace vellum::migrate {

namespace {

// The advisory lock that orders runners: a fixed class id ("velm") and the schema where the
// tracking table is (or will be) created, so runners of different schemas do not wait for each
// other. hashtext is stable for every session of one server, which is all a lock key needs.
constexpr std::string_view lock_key = "1986358381, hashtext(coalesce(current_schema(), ''))";

}  // namespace

template <>
struct migration_backend<pg::connection> {
  // applied_at is a TIMESTAMPTZ on PostgreSQL (its native type, and what a unix_millis binds as).
  static constexpr std::string_view create_tracking_table = R"(CREATE TABLE IF NOT EXISTS migrations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  filename TEXT NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL,
  checksum TEXT
))";
  static constexpr std::string_view select_records =
      "SELECT id, name, filename, (extract(epoch FROM applied_at) * 1000)::bigint, checksum FROM migrations";
  static constexpr std::string_view insert_record =
      "INSERT INTO migrations (id, name, filename, applied_at, checksum) VALUES ($1, $2, $3, $4, $5)";
  static constexpr std::string_view delete_record = "DELETE FROM migrations WHERE id = $1";
  static constexpr std::string_view update_record =
      "UPDATE migrations SET name = $1, filename = $2, checksum = $3 WHERE id = $4";

  // The table the unqualified name `migrations` means on this connection's search_path.
  static bool tracking_table_exists(pg::connection& db) {
    return db.query_value<std::int64_t>("SELECT count(*) FROM pg_catalog.pg_class WHERE oid = to_regclass('migrations')")
               .value_or(0) > 0;
  }

  static std::set<std::string> tracking_columns(pg::connection& db) {
    std::set<std::string> columns;
    auto st = db.prepare(
        "SELECT attname::text FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass('migrations') "
        "AND attnum > 0 AND NOT attisdropped");
    while (st.step()) columns.insert(st.get<std::string>(0));
    return columns;
  }

  static void require_no_transaction(pg::connection& db, std::string_view action) {
    if (db.in_transaction() || db.server_in_transaction())
      throw invalid_state(fmt::format(
          "{}: the connection has an open transaction; migrations run each in their own", action));
  }

  // A transaction with pg_advisory_xact_lock: the lock goes with COMMIT or ROLLBACK, so no error
  // path can leave it held on a pooled connection. A no-transaction migration holds the
  // session-level lock instead, released by commit() or the destructor.
  class scope {
   public:
    scope(pg::connection& db, const migration* outside) : db_(db) {
      if (outside != nullptr) {
        db.execute(fmt::format("SELECT pg_advisory_lock({})", lock_key));
        session_lock_ = true;
        return;
      }
      tx_.emplace(db, pg::isolation::read_committed);
      db.execute(fmt::format("SELECT pg_advisory_xact_lock({})", lock_key));
    }
    scope(const scope&) = delete;
    scope& operator=(const scope&) = delete;
    ~scope() {
      if (!session_lock_) return;
      try {
        unlock();
      } catch (...) {  // the error being reported matters more; the lock ends with the session
      }
    }
    void commit(std::string_view /*doing*/) {
      if (tx_) tx_->commit();
      if (session_lock_) unlock();
    }

   private:
    void unlock() {
      session_lock_ = false;
      db_.execute(fmt::format("SELECT pg_advisory_unlock({})", lock_key));
    }
    pg::connection& db_;
    std::optional<pg::transaction> tx_;
    bool session_lock_ = false;
  };

  // Each statement goes to the server on its own (simple protocol), so the error names it.
  static void run_script(pg::connection& db, const migration& m, std::string_view sql, std::string_view doing) {
    const bool in_transaction = db.in_transaction();
    const auto statements = split_statements(sql);
    for (std::size_t index = 0; index < statements.size(); ++index) {
      const sql_statement& s = statements[index];
      const auto fail = [&](std::string_view why, std::string_view sqlstate) {
        std::string message = detail::statement_failure(doing, m, index + 1, s.line, why);
        if (!in_transaction && index > 0)
          message += fmt::format(" (a no-transaction migration: its statements before {} stay applied)", index + 1);
        migration_error e(message, m.filename, std::string(s.text));
        e.set_sqlstate(sqlstate);
        throw e;
      };
      // The runner's own transaction must hold the whole migration (applied whole or not at all).
      if (detail::ends_transaction(s.text)) fail(detail::ends_transaction_message, "25000");
      try {
        db.execute(s.text);
      } catch (const error& e) {
        fail(e.what(), e.sqlstate());
      }
    }
  }
};

template class basic_migration_runner<pg::connection>;

}  // namespace vellum::migrate
