#include "vellum/core/pg_transaction.hpp"

#include <libpq-fe.h>

#include <string>

#include "vellum/core/error.hpp"
#include "vellum/core/pg_connection.hpp"

namespace vellum::pg {

namespace {
std::string savepoint_name(int depth) { return "vellum_sp_" + std::to_string(depth); }
const char* begin_sql(isolation level) {
  switch (level) {
    case isolation::repeatable_read: return "BEGIN ISOLATION LEVEL REPEATABLE READ";
    case isolation::serializable: return "BEGIN ISOLATION LEVEL SERIALIZABLE";
    case isolation::read_committed: break;
  }
  return "BEGIN ISOLATION LEVEL READ COMMITTED";
}
bool aborted(const connection& conn) { return PQtransactionStatus(conn.native_handle()) == PQTRANS_INERROR; }
}  // namespace

transaction::transaction(connection& conn, isolation level)
    : conn_(&conn), depth_(conn.transaction_depth_ + 1), active_(false) {
  if (depth_ == 1) conn.execute(begin_sql(level));
  else conn.execute("SAVEPOINT " + savepoint_name(depth_));
  conn.transaction_depth_ = depth_;
  active_ = true;
}

transaction::transaction(transaction&& other) noexcept
    : conn_(other.conn_), depth_(other.depth_), active_(std::exchange(other.active_, false)) {}

transaction::~transaction() {
  if (!active_) return;
  try {
    undo();
  } catch (const error&) {
    // Rolling back fails only when the server link is lost (the server rolls back then) or an
    // outer level already ended the transaction; the work is undone either way.
  }
  end();
}

void transaction::end() noexcept {
  active_ = false;
  if (conn_->transaction_depth_ >= depth_) conn_->transaction_depth_ = depth_ - 1;
}

void transaction::undo() {
  if (depth_ == 1) {
    if (conn_->server_in_transaction()) conn_->execute("ROLLBACK");
  } else {
    // ROLLBACK TO works in an aborted transaction and makes the outer level usable again.
    const std::string name = savepoint_name(depth_);
    conn_->execute("ROLLBACK TO SAVEPOINT " + name + "; RELEASE SAVEPOINT " + name);
  }
}

void transaction::commit() {
  if (!active_) throw invalid_state("commit: the transaction has already ended");
  if (conn_->transaction_depth_ != depth_)
    throw invalid_state("commit: an inner transaction is still open on this connection");
  // After a failed statement PostgreSQL has aborted the transaction and would answer COMMIT by
  // rolling back silently; say so instead.
  if (aborted(*conn_)) {
    undo();
    end();
    throw error(depth_ == 1 ? "commit: an earlier statement failed and aborted the transaction; it was rolled back"
                            : "commit: an earlier statement failed inside the savepoint; it was rolled back to the "
                              "savepoint");
  }
  if (depth_ == 1) conn_->execute("COMMIT");
  else conn_->execute("RELEASE SAVEPOINT " + savepoint_name(depth_));
  end();
}

void transaction::rollback() {
  if (!active_) throw invalid_state("rollback: the transaction has already ended");
  if (conn_->transaction_depth_ != depth_)
    throw invalid_state("rollback: an inner transaction is still open on this connection");
  undo();
  end();
}

}  // namespace vellum::pg
