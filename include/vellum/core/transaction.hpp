// `transaction`: RAII over BEGIN … COMMIT, or a SAVEPOINT when a transaction is already open on
// the connection. Destroyed while active, it rolls back.
//
//   auto tx = db.begin();          // BEGIN IMMEDIATE
//   db.run("UPDATE …");
//   tx.commit();
#pragma once

namespace vellum {

class connection;

/// How a top-level transaction takes SQLite's locks. `immediate` takes the write lock at BEGIN,
/// so a writer waits for the busy timeout instead of failing on a read→write upgrade.
enum class transaction_mode { deferred, immediate, exclusive };

class transaction {
 public:
  transaction(connection& conn, transaction_mode mode);
  transaction(transaction&& other) noexcept;
  transaction& operator=(transaction&&) = delete;
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  ~transaction();

  /// Commits (or releases the savepoint). Throws invalid_state when already ended or when an
  /// inner transaction is still open.
  void commit();
  /// Rolls back (to the savepoint). Throws invalid_state when already ended or when an inner
  /// transaction is still open.
  void rollback();
  /// Commits unless rollback() or commit() already ended the transaction.
  void commit_if_active() {
    if (active_) commit();
  }
  [[nodiscard]] bool active() const noexcept { return active_; }
  /// True when this is a savepoint inside an outer transaction.
  [[nodiscard]] bool nested() const noexcept { return depth_ > 1; }

 private:
  void undo();
  void end() noexcept;
  connection* conn_;
  int depth_;
  bool active_;
};

}  // namespace vellum
