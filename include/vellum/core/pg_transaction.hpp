// `pg::transaction`: RAII over BEGIN … COMMIT on a PostgreSQL connection, or a SAVEPOINT when a
// transaction is already open. Destroyed while active, it rolls back. The same rules as
// vellum::transaction (core/transaction.hpp).
//
//   auto tx = db.begin(vellum::pg::isolation::serializable);
//   db.run("UPDATE …");
//   tx.commit();
#pragma once

#include "vellum/core/transaction.hpp"

namespace vellum::pg {

class connection;

/// The isolation level of a top-level transaction (a savepoint inherits its transaction's).
enum class isolation { read_committed, repeatable_read, serializable };

/// SQLite's modes mapped onto PostgreSQL: deferred and immediate are READ COMMITTED (PostgreSQL
/// takes row locks as it writes, so there is no lock upgrade to fail), exclusive is SERIALIZABLE.
[[nodiscard]] constexpr isolation isolation_of(transaction_mode mode) noexcept {
  return mode == transaction_mode::exclusive ? isolation::serializable : isolation::read_committed;
}

class transaction {
 public:
  transaction(connection& conn, isolation level);
  transaction(transaction&& other) noexcept;
  transaction& operator=(transaction&&) = delete;
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  ~transaction();

  /// Commits (or releases the savepoint). Throws invalid_state when already ended or when an
  /// inner transaction is still open; throws vellum::error (after rolling back) when an earlier
  /// statement failed, since PostgreSQL aborted the transaction then.
  void commit();
  /// Rolls back (to the savepoint). Throws invalid_state when already ended or when an inner
  /// transaction is still open.
  void rollback();
  void commit_if_active() {
    if (active_) commit();
  }
  [[nodiscard]] bool active() const noexcept { return active_; }
  [[nodiscard]] bool nested() const noexcept { return depth_ > 1; }

 private:
  void undo();
  void end() noexcept;
  connection* conn_;
  int depth_;
  bool active_;
};

}  // namespace vellum::pg
