// The pieces a SELECT is made of besides expressions: joins, ORDER BY terms (static or chosen
// at run time from a checked column name), the selection (whole rows or expressions), and the
// bookkeeping of which sources an outer join makes nullable.
//
//   .order_by(v::desc(col<&content::updated_at>), v::sort_by<content>(user_column, v::ascending))
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "vellum/core/error.hpp"
#include "vellum/query/expression.hpp"

namespace vellum {

/// An absent clause.
struct none_node : expression_base {
  using result_type = void;
  static constexpr bool is_active(const none_node*) { return false; }
  static constexpr void render(sql_writer&, const none_node*) {}
  template <class B>
  void bind(B&) const {}
};

enum class join_kind { inner, left, right, full, cross };

template <join_kind Kind, class Source, class On>
struct join_clause {
  using source = Source;
  using on_type = On;
  static constexpr join_kind kind = Kind;
  On on;
};

// ---------------------------------------------------------------------------------------------
// ORDER BY

enum class sort_direction { ascending, descending };
inline constexpr sort_direction ascending = sort_direction::ascending;
inline constexpr sort_direction descending = sort_direction::descending;

template <class E, int Direction>  // 0: as written, 1: ASC, 2: DESC
struct order_term : expression_base {
  using result_type = void;
  using sources = typename E::sources;
  using params = typename E::params;
  static constexpr bool is_static = E::is_static;
  static constexpr bool has_plain_column = E::has_plain_column;
  static constexpr bool is_aggregate = E::is_aggregate;
  E expr;
  static constexpr void render(sql_writer& w, const order_term* self) {
    E::render(w, detail::child(self, &order_term::expr));
    if (Direction == 1) w.raw(" ASC");
    if (Direction == 2) w.raw(" DESC");
  }
  template <class B>
  void bind(B& b) const {
    expr.bind(b);
  }
};

template <expression E>
constexpr auto asc(const E& e) {
  return order_term<E, 1>{{}, e};
}
template <expression E>
constexpr auto desc(const E& e) {
  return order_term<E, 2>{{}, e};
}

/// A sort column chosen at run time by name (from a request, say). The name must be a column of
/// Row's table, else validation_error; the SQL uses the definition's own identifier.
template <class Source>
struct runtime_order : expression_base {
  using result_type = void;
  using sources = type_list<Source>;
  static constexpr bool is_static = false;
  std::string_view column;  // points into the table definition, never into user input
  sort_direction direction = sort_direction::ascending;
  static constexpr void render(sql_writer& w, const runtime_order* self) {
    w.identifier(Source::name());
    w.raw('.');
    w.identifier(self->column);
    w.raw(self->direction == sort_direction::descending ? " DESC" : " ASC");
  }
  template <class B>
  void bind(B&) const {}
};

/// The column names of Row's table definition, in order.
template <mapped_row Row>
constexpr auto column_names() {
  return std::apply([](const auto&... c) { return std::array<std::string_view, sizeof...(c)>{c.name...}; },
                    table_of<Row>.columns);
}

template <class T>
runtime_order<as_source_t<T>> sort_by(std::string_view column_name, sort_direction direction = ascending) {
  using row = typename as_source_t<T>::row;
  for (std::string_view known : column_names<row>())
    if (known == column_name) return {{}, known, direction};
  throw validation_error("sort_by: '" + std::string(column_name) + "' is not a column of table '" +
                             std::string(table_of<row>.name) + "'",
                         {{"sort", {"unknown column"}}});
}

// ---------------------------------------------------------------------------------------------
// Selections

/// select<Row>(): every column of Row's table, read into Row.
template <class Row>
struct whole_row_selection {
  using sources = type_list<source<Row>>;
  using params = type_list<>;
  static constexpr bool is_static = true;
  static constexpr bool is_aggregate = false;
  static constexpr bool has_plain_column = true;
  static constexpr void render(sql_writer& w, const whole_row_selection*) {
    bool first = true;
    for (std::string_view name : column_names<Row>()) {
      if (!first) w.raw(", ");
      first = false;
      w.identifier(source<Row>::name());
      w.raw('.');
      w.identifier(name);
    }
  }
  template <class B>
  void bind(B&) const {}
};

/// select(e1, e2, …): a tuple of expressions (or one value when there is one).
template <class... E>
struct expression_selection {
  using sources = concat_t<typename E::sources...>;
  using params = concat_t<typename E::params...>;
  static constexpr bool is_static = (E::is_static && ...);
  static constexpr bool is_aggregate = (E::is_aggregate || ...);
  static constexpr bool has_plain_column = ((E::has_plain_column && !E::is_aggregate) || ...);
  std::tuple<E...> items;
  static constexpr void render(sql_writer& w, const expression_selection* self) {
    render_items(w, self, std::index_sequence_for<E...>{});
  }
  template <class B>
  void bind(B& b) const {
    std::apply([&](const auto&... e) { (e.bind(b), ...); }, items);
  }

 private:
  template <std::size_t... I>
  static constexpr void render_items(sql_writer& w, const expression_selection* self, std::index_sequence<I...>) {
    ((I > 0 ? w.raw(", ") : void(), E::render(w, self != nullptr ? &std::get<I>(self->items) : nullptr)), ...);
  }
};

namespace detail {

// Sources made nullable by outer joins, walking the joins in order.
template <class Seen, class Nullable, class... Joins>
struct nullable_walk {
  using type = Nullable;
};
template <class Seen, class Nullable, class J, class... Rest>
struct nullable_walk<Seen, Nullable, J, Rest...> {
  using s = typename J::source;
  using seen = concat_t<Seen, type_list<s>>;
  using nullable = std::conditional_t<
      J::kind == join_kind::left, concat_t<Nullable, type_list<s>>,
      std::conditional_t<J::kind == join_kind::right, Seen,
                         std::conditional_t<J::kind == join_kind::full, seen, Nullable>>>;
  using type = typename nullable_walk<seen, nullable, Rest...>::type;
};

template <class From, class Joins>
struct nullable_sources;
template <class From, class... J>
struct nullable_sources<From, std::tuple<J...>> {
  using type = typename nullable_walk<type_list<From>, type_list<>, J...>::type;
};

template <class List, class Nullable>
struct any_in;
template <class... S, class Nullable>
struct any_in<type_list<S...>, Nullable> : std::bool_constant<(contains_v<Nullable, S> || ...)> {};

/// The C++ type an expression reads as, given the sources outer joins made nullable.
template <class E, class Nullable>
using selected_type = std::conditional_t<!is_optional_v<typename E::result_type> && !E::null_safe &&
                                             any_in<typename E::sources, Nullable>::value,
                                         std::optional<typename E::result_type>, typename E::result_type>;

template <class Selection, class Nullable>
struct selection_result;
template <class Row, class Nullable>
struct selection_result<whole_row_selection<Row>, Nullable> {
  using type = Row;
};
template <class E, class Nullable>
struct selection_result<expression_selection<E>, Nullable> {
  using type = selected_type<E, Nullable>;
};
template <class E1, class E2, class... E, class Nullable>
struct selection_result<expression_selection<E1, E2, E...>, Nullable> {
  using type = std::tuple<selected_type<E1, Nullable>, selected_type<E2, Nullable>, selected_type<E, Nullable>...>;
};

template <class T>
struct is_tuple : std::false_type {};
template <class... T>
struct is_tuple<std::tuple<T...>> : std::true_type {};

/// Reads column values of the current row: SQLite straight from the sqlite3_stmt.
struct sqlite_columns {
  sqlite3_stmt* stmt;
  template <class T>
  T get(int column) const {
    return read_value<T>(stmt, column);
  }
};
/// Another backend's statement: its `get<T>(column)`, with NULL read as nullopt for optionals.
template <class Statement>
struct statement_columns {
  Statement* stmt;
  template <class T>
  T get(int column) const {
    if constexpr (is_optional_v<T>) {
      if (stmt->is_null(column)) return std::nullopt;
      return stmt->template get<typename T::value_type>(column);
    } else {
      return stmt->template get<T>(column);
    }
  }
};

/// Reads the current row from `columns` as Result.
template <class Result, class Columns>
Result read_row_from(const Columns& columns_of_row) {
  if constexpr (mapped_row<Result>) {
    Result row{};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      constexpr auto& columns = table_of<Result>.columns;
      ((row.*(std::get<I>(columns).member) =
            columns_of_row.template get<typename std::tuple_element_t<I, std::remove_cvref_t<decltype(columns)>>::value_type>(
                static_cast<int>(I))),
       ...);
    }(std::make_index_sequence<std::tuple_size_v<std::remove_cvref_t<decltype(table_of<Result>.columns)>>>{});
    return row;
  } else if constexpr (is_tuple<Result>::value) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return Result{columns_of_row.template get<std::tuple_element_t<I, Result>>(static_cast<int>(I))...};
    }(std::make_index_sequence<std::tuple_size_v<Result>>{});
  } else {
    return columns_of_row.template get<Result>(0);
  }
}

/// Reads the current row of `stmt` as Result.
template <class Result>
Result read_row(sqlite3_stmt* stmt) {
  return read_row_from<Result>(sqlite_columns{stmt});
}
/// Reads the current row of a prepared statement (SQLite's or another backend's) as Result.
template <class Result, class Statement>
  requires(!std::is_pointer_v<Statement>)
Result read_row(Statement& st) {
  if constexpr (requires { { st.native_handle() } -> std::same_as<sqlite3_stmt*>; })
    return read_row_from<Result>(sqlite_columns{st.native_handle()});
  else return read_row_from<Result>(statement_columns<Statement>{&st});
}

}  // namespace detail

}  // namespace vellum
