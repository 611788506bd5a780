// Binding a query's values to its prepared statement, in the order its SQL placeholders were
// rendered; named parameters of prepared queries come from `v::arg<"name">(value)` arguments.
//
//   auto q = db.prepare(v::select<user>().where(col<&user::email> == v::param<"email">));
//   q.one(v::arg<"email">(mail));
#pragma once

#include <sqlite3.h>

#include <tuple>
#include <type_traits>

#include "vellum/core/value_traits.hpp"
#include "vellum/query/expression.hpp"
#include "vellum/schema/sql_text.hpp"

namespace vellum {

/// A value for the named parameter Name of a prepared query.
template <fixed_string Name, class T>
struct named_arg {
  static constexpr auto name = Name;
  using value_type = T;
  T value;
};

template <fixed_string Name>
struct arg_maker {
  template <class T>
  constexpr auto operator()(T&& value) const {
    using stored = std::conditional_t<std::is_array_v<std::remove_cvref_t<T>>, std::string, std::decay_t<T>>;
    return named_arg<Name, stored>{stored(std::forward<T>(value))};
  }
};

/// `v::arg<"slug">(value)`: the value of parameter "slug".
template <fixed_string Name>
inline constexpr arg_maker<Name> arg{};

namespace detail {

template <fixed_string Name, class Args>
struct arg_index;
template <fixed_string Name, class... A>
struct arg_index<Name, std::tuple<A...>> {
  static constexpr std::size_t count = ((A::name.view() == Name.view() ? 1 : 0) + ... + 0);
  static constexpr std::size_t value = [] {
    std::size_t i = 0;
    std::size_t found = sizeof...(A);
    ((A::name.view() == Name.view() && found == sizeof...(A) ? (found = i, ++i) : ++i), ...);
    return found;
  }();
};

}  // namespace detail

/// Binds values by 1-based index into Statement. On SQLite (the default) straight into the
/// sqlite3_stmt, borrowing values that outlive the step; any other statement type (another
/// backend's) through its `bind(index, value)` / `bind_null(index)`, which must keep a copy.
template <class Args = std::tuple<>, class Statement = sqlite3_stmt>
struct binder {
  Statement* stmt;
  const Args* args = nullptr;
  int index = 0;

  template <class T>
  void value(const T& v) {
    if constexpr (std::is_same_v<Statement, sqlite3_stmt>) bind_value<T>(stmt, ++index, v, bind_lifetime::borrow);
    else stmt->bind(++index, v);
  }

  void null() {
    ++index;
    if constexpr (std::is_same_v<Statement, sqlite3_stmt>) detail::check_bind(stmt, index, sqlite3_bind_null(stmt, index));
    else stmt->bind_null(index);
  }

  /// Binds a value that dies before the statement steps (SQLite copies it).
  template <class T>
  void value_copy(const T& v) {
    if constexpr (std::is_same_v<Statement, sqlite3_stmt>) bind_value<T>(stmt, ++index, v, bind_lifetime::copy);
    else stmt->bind(++index, v);
  }

  template <fixed_string Name, class T>
  void param() {
    using lookup = detail::arg_index<Name, Args>;
    static_assert(lookup::count == 1, "prepared query: give each named parameter exactly one v::arg<\"name\">(value)");
    if constexpr (lookup::count == 1) {
      const auto& given = std::get<lookup::value>(*args);
      using given_type = typename std::remove_cvref_t<decltype(given)>::value_type;
      static_assert(detail::value_matches<T, given_type>(),
                    "prepared query: a parameter was bound with a value of the wrong type; pass a value of the "
                    "compared column's type");
      value_copy(given.value);
    }
  }
};

}  // namespace vellum
