// `statement`: one prepared SQL statement, leased from a connection's cache (or owned, when the
// cache is full of busy statements). Binds values through value_traits and reads columns.
//
//   auto st = db.prepare("SELECT email FROM users WHERE id = ?");
//   st.bind(1, id);
//   while (st.step()) emails.push_back(st.get<std::string>(0));
//
// Lvalue text/blob arguments are bound without a copy: they must outlive the statement's steps.
// Temporaries are copied. The lease resets the statement and clears its bindings when it is
// destroyed, so a statement back in the cache never points at a caller's memory.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

#include "vellum/core/value_traits.hpp"

namespace vellum {

class connection;

namespace detail {
struct cache_entry;
}

class statement {
 public:
  statement(statement&& other) noexcept;
  statement& operator=(statement&&) = delete;
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;
  ~statement();

  /// Binds `value` to the 1-based parameter `index`. Lvalues are borrowed, rvalues copied.
  template <class T>
  statement& bind(int index, T&& value) {
    using value_type = std::remove_cvref_t<T>;
    constexpr bool borrow = std::is_lvalue_reference_v<T>;
    bind_value<value_type>(stmt_, index, value, borrow ? bind_lifetime::borrow : bind_lifetime::copy);
    return *this;
  }

  /// Binds each argument to parameters 1, 2, … in order.
  template <class... Args>
  statement& bind_all(Args&&... args) {
    int index = 0;
    (bind(++index, std::forward<Args>(args)), ...);
    return *this;
  }

  /// Binds SQL NULL to the 1-based parameter `index`.
  statement& bind_null(int index);

  /// Advances to the next row; false when the statement is done. Errors throw typed exceptions.
  [[nodiscard]] bool step() {
    if (logging_ && rows_ == 0 && !stepped_) start_ = std::chrono::steady_clock::now();
    stepped_ = true;
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) [[likely]] {
      ++rows_;
      return true;
    }
    if (rc != SQLITE_DONE) [[unlikely]]
      throw_step_error(rc);
    return false;
  }

  /// Runs the statement to completion; returns the number of rows it changed.
  int execute();

  /// Reads the 0-based column `column` of the current row as T.
  template <class T>
  [[nodiscard]] T get(int column) const {
    return read_value<T>(stmt_, column);
  }

  /// True when the column of the current row is NULL.
  [[nodiscard]] bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

  [[nodiscard]] int column_count() const noexcept { return sqlite3_column_count(stmt_); }
  [[nodiscard]] std::string_view column_name(int column) const;
  [[nodiscard]] int parameter_count() const noexcept { return sqlite3_bind_parameter_count(stmt_); }
  [[nodiscard]] std::string_view sql() const noexcept { return sqlite3_sql(stmt_); }
  [[nodiscard]] sqlite3_stmt* native_handle() const noexcept { return stmt_; }

  /// Makes the statement ready to run again; bindings stay (rebind what changed).
  void reset();

 private:
  friend class connection;
  statement(connection& conn, sqlite3_stmt* stmt, detail::cache_entry* entry, bool prepared) noexcept;
  [[noreturn]] void throw_step_error(int rc);
  void finish() noexcept;

  connection* conn_;
  sqlite3_stmt* stmt_;
  detail::cache_entry* entry_;  // null: this lease owns stmt_ and finalizes it
  bool prepared_;
  bool logging_;
  bool stepped_ = false;
  std::int64_t rows_ = 0;
  std::chrono::steady_clock::time_point start_{};
};

}  // namespace vellum
