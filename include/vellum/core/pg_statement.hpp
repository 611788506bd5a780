// `pg::statement`: one SQL statement on a PostgreSQL connection, leased from the connection's
// cache of server-side prepared statements (or unnamed, when the cached one is already in use).
//
//   auto st = db.prepare("SELECT email FROM users WHERE id = $1");
//   st.bind(1, id);
//   while (st.step()) emails.push_back(st.get<std::string>(0));
//
// The first step() (or execute()) sends the parameters and fetches the whole result; later
// steps walk its rows. Parameters are copied when bound. column_count() and column_name() are
// known once the statement ran.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vellum/core/pg_value.hpp"

struct pg_result;

namespace vellum::pg {

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

  /// Binds `value` to the 1-based parameter `index` ($index in the SQL).
  template <class T>
  statement& bind(int index, T&& value) {
    encode_param<std::remove_cvref_t<T>>(value, slot(index));
    return *this;
  }

  /// Binds each argument to $1, $2, … in order.
  template <class... Args>
  statement& bind_all(Args&&... args) {
    int index = 0;
    (bind(++index, std::forward<Args>(args)), ...);
    return *this;
  }

  /// Binds SQL NULL to the 1-based parameter `index`.
  statement& bind_null(int index) {
    slot(index).set_null();
    return *this;
  }

  /// Advances to the next row (running the statement first); false when there are no more.
  [[nodiscard]] bool step();

  /// Runs the statement; returns the number of rows it changed (or returned, for a SELECT).
  int execute();

  /// Reads the 0-based column `column` of the current row as T.
  template <class T>
  [[nodiscard]] T get(int column) const {
    return decode_field<T>(field_at(column));
  }

  [[nodiscard]] bool is_null(int column) const;
  [[nodiscard]] int column_count() const noexcept;
  [[nodiscard]] std::string_view column_name(int column) const;
  [[nodiscard]] int parameter_count() const noexcept { return static_cast<int>(params_.size()); }
  [[nodiscard]] std::string_view sql() const noexcept { return sql_; }

  /// Makes the statement ready to run again; bindings stay (rebind what changed).
  void reset() noexcept;

 private:
  friend class connection;
  statement(connection& conn, std::string_view sql, detail::cache_entry* entry, bool prepared);
  param& slot(int index);
  [[nodiscard]] field field_at(int column) const;
  void run();
  void finish() noexcept;

  connection* conn_;
  std::string_view sql_;         // the cache entry's copy, or owned_sql_
  std::string owned_sql_;        // for an uncached statement
  detail::cache_entry* entry_;   // null: an unnamed statement (prepared and run in one round trip)
  bool prepared_;                // this lease had to prepare (a cache miss)
  std::vector<param> params_;
  pg_result* result_ = nullptr;
  int rows_ = 0;
  int row_ = -1;
  int changed_ = 0;
};

}  // namespace vellum::pg
