#include "vellum/core/statement.hpp"

#include "vellum/core/connection.hpp"
#include "vellum/core/sqlite_error.hpp"
#include "vellum/core/statement_cache.hpp"

namespace vellum {

statement::statement(connection& conn, sqlite3_stmt* stmt, detail::cache_entry* entry, bool prepared) noexcept
    : conn_(&conn), stmt_(stmt), entry_(entry), prepared_(prepared), logging_(static_cast<bool>(conn.logger_)) {}

statement::statement(statement&& other) noexcept
    : conn_(other.conn_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      entry_(std::exchange(other.entry_, nullptr)),
      prepared_(other.prepared_),
      logging_(other.logging_),
      stepped_(other.stepped_),
      rows_(other.rows_),
      start_(other.start_) {}

statement::~statement() {
  if (stmt_ == nullptr) return;
  finish();
  if (entry_ != nullptr) {
    // Back in the cache, the statement holds no values: borrowed text would dangle, and a copied
    // value would leak into the next lease that forgets to bind it (and keep its memory alive).
    sqlite3_clear_bindings(stmt_);
    entry_->in_use = false;
  } else {
    sqlite3_finalize(stmt_);
  }
}

statement& statement::bind_null(int index) {
  detail::check_bind(stmt_, index, sqlite3_bind_null(stmt_, index));
  return *this;
}

int statement::execute() {
  while (step()) {
  }
  return sqlite3_changes(sqlite3_db_handle(stmt_));
}

std::string_view statement::column_name(int column) const {
  const char* name = sqlite3_column_name(stmt_, column);
  return name != nullptr ? std::string_view(name) : std::string_view();
}

void statement::finish() noexcept {
  if (logging_ && stepped_ && conn_->logger_) {
    const auto elapsed = std::chrono::steady_clock::now() - start_;
    const bool writes = sqlite3_stmt_readonly(stmt_) == 0;
    query_event event{sqlite3_sql(stmt_), sqlite3_bind_parameter_count(stmt_),
                      std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed),
                      writes ? sqlite3_changes64(sqlite3_db_handle(stmt_)) : rows_, prepared_};
    try {
      conn_->logger_(event);
    } catch (...) {
      // A logger must not turn a finished statement into a failure; its error is dropped.
    }
  }
  sqlite3_reset(stmt_);
  stepped_ = false;
  prepared_ = false;
  rows_ = 0;
}

void statement::reset() { finish(); }

void statement::throw_step_error(int rc) {
  const std::string sql = sqlite3_sql(stmt_);
  try {
    throw_sqlite_error(sqlite3_db_handle(stmt_), rc, "executing", sql);
  } catch (...) {
    finish();  // leave the statement reusable
    throw;
  }
}

}  // namespace vellum
