// `pg::connection`: one PostgreSQL session with the same interface as vellum::connection: a
// bounded cache of server-side prepared statements, a logger hook, and transactions that nest as
// savepoints. Sessions run with TimeZone UTC, DateStyle ISO and client_encoding UTF8.
//
//   vellum::pg::connection db{"postgresql://app@127.0.0.1:5432/cms"};
//   db.execute("CREATE TABLE t (x BIGINT)");
//   db.transaction([&] { db.run("INSERT INTO t VALUES ($1)", 42); });
//
// Thread rule: a connection belongs to one thread at a time; share connections through
// pg::pool (core/pg_pool.hpp).
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
#include <vector>

#include "vellum/core/dialect.hpp"
#include "vellum/core/pg_statement.hpp"
#include "vellum/core/pg_transaction.hpp"
#include "vellum/core/query_event.hpp"
#include "vellum/core/transaction.hpp"
#include "vellum/core/transaction_body.hpp"

struct pg_conn;

namespace vellum::pg {

struct connection_options {
  std::chrono::seconds connect_timeout{5};  // a URL's own connect_timeout wins
  std::size_t statement_cache_size = 256;   // 0 disables caching (every statement unnamed)
  std::string application_name = "vellum";  // a URL's own application_name wins
};

struct connection_stats {
  std::uint64_t statements_prepared = 0;  // cache misses (and unnamed statements)
  std::uint64_t cache_hits = 0;
};

namespace detail {
class statement_cache;
}

class connection {
 public:
  static constexpr vellum::dialect sql_dialect = vellum::dialect::postgres;

  /// Connects to `url`: a libpq URL (postgresql://user@host:port/db?…) or a key=value conninfo
  /// string. Throws vellum::error (without the password) when it cannot.
  explicit connection(const std::string& url, connection_options options = {});
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;
  ~connection();

  /// Runs a script of one or more statements without parameters (simple query protocol).
  void execute(std::string_view script);

  /// A statement for `sql`, prepared on the server once and then taken from the cache.
  [[nodiscard]] statement prepare(std::string_view sql);
  /// Like prepare(), keyed by the address of `sql`, which must have static storage duration.
  [[nodiscard]] statement prepare_static(std::string_view sql);

  /// Prepares (cached), binds `args` to $1…$n and runs; returns rows changed.
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
  /// calls become savepoints. `fn` may take a `pg::transaction&` to roll back explicitly.
  template <class F>
  decltype(auto) transaction(F&& fn, transaction_mode mode = transaction_mode::immediate) {
    return transaction(std::forward<F>(fn), isolation_of(mode));
  }
  template <class F>
  decltype(auto) transaction(F&& fn, isolation level) {
    pg::transaction tx(*this, level);
    return vellum::detail::run_transaction_body(tx, fn);
  }

  /// Starts a transaction (or a savepoint when one is open) held by the returned object.
  [[nodiscard]] pg::transaction begin(transaction_mode mode = transaction_mode::immediate) {
    return pg::transaction(*this, isolation_of(mode));
  }
  [[nodiscard]] pg::transaction begin(isolation level) { return pg::transaction(*this, level); }

  [[nodiscard]] bool in_transaction() const noexcept { return transaction_depth_ > 0; }
  [[nodiscard]] int transaction_depth() const noexcept { return transaction_depth_; }

  void set_logger(query_logger logger) { logger_ = std::move(logger); }
  [[nodiscard]] const query_logger& logger() const noexcept { return logger_; }

  [[nodiscard]] const connection_stats& stats() const noexcept { return stats_; }
  [[nodiscard]] std::size_t cached_statements() const noexcept;
  [[nodiscard]] std::size_t statement_cache_capacity() const noexcept;

  /// False when the server connection is lost (a pool replaces such a connection).
  [[nodiscard]] bool healthy() const noexcept;
  /// True when the server has a transaction open on this session, whoever began it (also after
  /// an error aborted it, until it is rolled back).
  [[nodiscard]] bool server_in_transaction() const noexcept;

  [[nodiscard]] pg_conn* native_handle() const noexcept { return conn_; }

 private:
  friend class statement;
  friend class transaction;
  statement lease(std::string_view sql, const void* static_key);
  /// Runs `st` on the server and returns its result (never an error result).
  pg_result* run_statement(statement& st);
  void deallocate_evicted();
  /// Prepares `sql` on the server under a new name, which it returns.
  std::string prepare_named(const std::string& sql);

  pg_conn* conn_ = nullptr;
  std::unique_ptr<detail::statement_cache> cache_;
  query_logger logger_;
  connection_stats stats_;
  int transaction_depth_ = 0;
};

}  // namespace vellum::pg
