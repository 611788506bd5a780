#include "vellum/core/transaction.hpp"

#include <string>

#include "vellum/core/connection.hpp"
#include "vellum/core/error.hpp"

namespace vellum {

namespace {
std::string savepoint_name(int depth) { return "vellum_sp_" + std::to_string(depth); }
const char* begin_sql(transaction_mode mode) {
  switch (mode) {
    case transaction_mode::deferred: return "BEGIN DEFERRED";
    case transaction_mode::exclusive: return "BEGIN EXCLUSIVE";
    case transaction_mode::immediate: break;
  }
  return "BEGIN IMMEDIATE";
}
}  // namespace

transaction::transaction(connection& conn, transaction_mode mode)
    : conn_(&conn), depth_(conn.transaction_depth_ + 1), active_(false) {
  if (depth_ == 1) conn.execute(begin_sql(mode));
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
    // Rolling back fails only when SQLite already ended the transaction (an I/O or full-disk
    // error, or an outer level rolled back first); the work is undone either way.
  }
  end();
}

void transaction::end() noexcept {
  active_ = false;
  // Never raise the depth: an outer level destroyed first already lowered it.
  if (conn_->transaction_depth_ >= depth_) conn_->transaction_depth_ = depth_ - 1;
}

void transaction::undo() {
  if (depth_ == 1) {
    // SQLite may have rolled back on its own (an I/O or full-disk error); nothing to undo then.
    if (sqlite3_get_autocommit(conn_->native_handle()) == 0) conn_->execute("ROLLBACK");
  } else {
    // Rolling back to a savepoint keeps it open; release it too. Releasing an outer savepoint
    // also ends any inner ones.
    const std::string name = savepoint_name(depth_);
    conn_->execute("ROLLBACK TO " + name + "; RELEASE " + name);
  }
}

void transaction::commit() {
  if (!active_) throw invalid_state("commit: the transaction has already ended");
  if (conn_->transaction_depth_ != depth_)
    throw invalid_state("commit: an inner transaction is still open on this connection");
  if (depth_ == 1) conn_->execute("COMMIT");
  else conn_->execute("RELEASE " + savepoint_name(depth_));
  end();
}

void transaction::rollback() {
  if (!active_) throw invalid_state("rollback: the transaction has already ended");
  if (conn_->transaction_depth_ != depth_)
    throw invalid_state("rollback: an inner transaction is still open on this connection");
  undo();
  end();
}

}  // namespace vellum
