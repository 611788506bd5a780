// `pg::pool`: up to N connections to one PostgreSQL URL, shared by threads. acquire() lends one
// for the lifetime of the returned lease; it waits for a free connection up to the timeout and
// then throws vellum::busy.
//
//   vellum::pg::pool pool{url, {.size = 8}};
//   auto db = pool.acquire();
//   db->run("UPDATE …");
//
// Connections open lazily. A lease returned while its session is inside a transaction (one left
// open by mistake, or aborted by an error) is rolled back before the next borrower gets it; a
// connection whose server link broke is dropped and a new one opened on demand.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "vellum/core/pg_connection.hpp"

namespace vellum::pg {

struct pool_options {
  std::size_t size = 4;
  std::chrono::milliseconds acquire_timeout{5000};
  connection_options connection{};
};

class pool {
 public:
  class lease {
   public:
    lease(lease&& other) noexcept : pool_(other.pool_), conn_(std::move(other.conn_)) { other.pool_ = nullptr; }
    lease& operator=(lease&&) = delete;
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    ~lease() {
      if (pool_ != nullptr && conn_) pool_->give_back(std::move(conn_));
    }
    [[nodiscard]] connection& operator*() const noexcept { return *conn_; }
    [[nodiscard]] connection* operator->() const noexcept { return conn_.get(); }

   private:
    friend class pool;
    lease(pool& owner, std::unique_ptr<connection> conn) noexcept : pool_(&owner), conn_(std::move(conn)) {}
    pool* pool_;
    std::unique_ptr<connection> conn_;
  };

  explicit pool(std::string url, pool_options options = {});
  pool(const pool&) = delete;
  pool& operator=(const pool&) = delete;
  /// Every lease must be returned before the pool is destroyed.
  ~pool();

  /// A connection for the caller's exclusive use; throws vellum::busy when none is free within
  /// the acquire timeout, vellum::error when a new connection cannot be opened.
  [[nodiscard]] lease acquire();

  [[nodiscard]] std::size_t size() const noexcept { return options_.size; }
  /// Connections currently open (idle or lent).
  [[nodiscard]] std::size_t open_connections() const;

 private:
  void give_back(std::unique_ptr<connection> conn) noexcept;

  std::string url_;
  pool_options options_;
  mutable std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<connection>> idle_;
  std::size_t open_ = 0;
};

}  // namespace vellum::pg
