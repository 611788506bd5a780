// `connection`: one open SQLite database with vellum's defaults (WAL on files, foreign keys on,
// a 5 s busy timeout, synchronous=NORMAL), a bounded statement cache, a logger hook and
// transactions that nest as savepoints.
//
//   vellum::connection db{"cms.db"};
//   db.execute("CREATE TABLE t(x INTEGER)");
//   db.transaction([&] { db.run("INSERT INTO t VALUES (?)", 42); });
//
// Thread rule: a connection belongs to one thread at a time (it is opened with
// SQLITE_OPEN_NOMUTEX); open one connection per thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "vellum/core/dialect.hpp"
#include "vellum/core/query_event.hpp"
#include "vellum/core/statement.hpp"
#include "vellum/core/statement_cache.hpp"
#include "vellum/core/transaction.hpp"
#include "vellum/core/transaction_body.hpp"

namespace SQLite {
class Database;
}

namespace vellum {

class table_generations;

struct connection_options {
  bool read_only = false;
  bool create = true;                       // create the file when missing
  std::string journal_mode = "WAL";         // applied to files only; "" leaves SQLite's default
  bool foreign_keys = true;
  std::chrono::milliseconds busy_timeout{5000};
  std::string synchronous = "NORMAL";       // "" leaves SQLite's default
  std::size_t statement_cache_size = 256;   // 0 disables caching
};

struct connection_stats {
  std::uint64_t statements_prepared = 0;  // cache misses (and uncached prepares)
  std::uint64_t cache_hits = 0;
};

class connection {
 public:
  static constexpr vellum::dialect sql_dialect = vellum::dialect::sqlite;

  /// Opens `path` (a file, or ":memory:"); throws vellum::error when it cannot.
  explicit connection(const std::string& path, connection_options options = {});
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;
  ~connection();

  /// Runs a script of one or more statements without parameters.
  void execute(std::string_view sql);

  /// A statement for `sql`, from the cache when it was prepared before.
  [[nodiscard]] statement prepare(std::string_view sql);
  /// Like prepare(), keyed by the address of `sql`, which must have static storage duration
  /// (the query builder's compile-time SQL): a cache hit costs no hashing of the text.
  [[nodiscard]] statement prepare_static(std::string_view sql);

  /// Prepares (cached), binds `args` to ?1…?n and runs to completion; returns rows changed.
  template <class... Args>
  int run(std::string_view sql, Args&&... args) {
    auto st = prepare(sql);
    st.bind_all(std::forward<Args>(args)...);
    return st.execute();
  }

  /// The first column of the first row, or nullopt when there is no row.
  template <class T, class... Args>
  [[nodiscard]] std::optional<T> query_value(std::string_view sql, Args&&... args) {
    auto st = prepare(sql);
    st.bind_all(std::forward<Args>(args)...);
    if (!st.step()) return std::nullopt;
    return st.template get<T>(0);
  }

  /// Runs `fn` in a transaction: commits when it returns, rolls back when it throws. Nested
  /// calls become savepoints. `fn` may take a `transaction&` to roll back explicitly.
  template <class F>
  decltype(auto) transaction(F&& fn, transaction_mode mode = transaction_mode::immediate) {
    vellum::transaction tx(*this, mode);
    return detail::run_transaction_body(tx, fn);
  }

  /// Starts a transaction (or a savepoint when one is open) held by the returned object.
  [[nodiscard]] vellum::transaction begin(transaction_mode mode = transaction_mode::immediate) {
    return vellum::transaction(*this, mode);
  }

  [[nodiscard]] bool in_transaction() const noexcept { return transaction_depth_ > 0; }
  [[nodiscard]] int transaction_depth() const noexcept { return transaction_depth_; }

  void set_logger(query_logger logger) { logger_ = std::move(logger); }
  [[nodiscard]] const query_logger& logger() const noexcept { return logger_; }

  /// Per-table write generations of this connection (core/table_generations.hpp), for caches
  /// that must notice writes; the hooks are installed on the first call and stay for the
  /// connection's life.
  [[nodiscard]] table_generations& watch_tables();

  [[nodiscard]] std::int64_t last_insert_rowid() const noexcept;
  [[nodiscard]] int changes() const noexcept;
  [[nodiscard]] const connection_stats& stats() const noexcept { return stats_; }
  [[nodiscard]] std::size_t cached_statements() const noexcept { return cache_.size(); }
  [[nodiscard]] std::size_t statement_cache_capacity() const noexcept { return cache_.capacity(); }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

  [[nodiscard]] sqlite3* native_handle() const noexcept { return db_; }
  /// The SQLiteCpp database beneath (for its Backup API); not part of vellum's stable API.
  [[nodiscard]] SQLite::Database& sqlitecpp_database() noexcept { return *database_; }

 private:
  friend class statement;
  friend class transaction;
  sqlite3_stmt* prepare_raw(std::string_view sql, bool persistent);
  statement lease(std::string_view sql, const void* static_key);
  void apply_pragmas(const connection_options& options, bool is_file);

  std::string path_;
  std::unique_ptr<SQLite::Database> database_;
  sqlite3* db_ = nullptr;
  detail::statement_cache cache_;
  query_logger logger_;
  connection_stats stats_;
  std::unique_ptr<table_generations> generations_;  // destroyed (hooks removed) before the handle closes
  int transaction_depth_ = 0;
};

}  // namespace vellum
