#include "vellum/core/pg_pool.hpp"

#include <fmt/format.h>

#include "internal/pg_error.hpp"
#include "vellum/core/error.hpp"

namespace vellum::pg {

pool::pool(std::string url, pool_options options) : url_(std::move(url)), options_(std::move(options)) {
  if (options_.size == 0) throw error("pg::pool: the size must be at least 1");
}

pool::~pool() = default;

std::size_t pool::open_connections() const {
  const std::lock_guard lock(mutex_);
  return open_;
}

pool::lease pool::acquire() {
  std::unique_lock lock(mutex_);
  const bool available = returned_.wait_for(lock, options_.acquire_timeout,
                                            [&] { return !idle_.empty() || open_ < options_.size; });
  if (!available)
    throw busy(fmt::format("pg::pool: no connection to '{}' became free within {} ms (all {} are in use)",
                           internal::redact_url(url_), options_.acquire_timeout.count(), options_.size));
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return lease(*this, std::move(conn));
  }
  ++open_;  // reserve the slot, then connect without holding the lock
  lock.unlock();
  try {
    return lease(*this, std::make_unique<connection>(url_, options_.connection));
  } catch (...) {
    lock.lock();
    --open_;
    returned_.notify_one();
    throw;
  }
}

void pool::give_back(std::unique_ptr<connection> conn) noexcept {
  // A session left inside a transaction (or aborted by an error) is rolled back; a connection
  // that cannot be made clean is dropped, and its slot opens a new one on demand.
  try {
    if (conn->healthy() && conn->server_in_transaction()) conn->execute("ROLLBACK");
  } catch (const error&) {
  }
  const bool keep = conn->healthy() && !conn->server_in_transaction() && !conn->in_transaction();
  if (!keep) conn.reset();
  const std::lock_guard lock(mutex_);
  if (keep) idle_.push_back(std::move(conn));
  else --open_;
  returned_.notify_one();
}

}  // namespace vellum::pg
