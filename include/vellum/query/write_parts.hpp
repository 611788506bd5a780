// Pieces shared by INSERT, UPDATE and DELETE: SET lists (with a table's C++ on-update values),
// RETURNING, and the rule that a write's columns belong to the table it writes.
//
//   db.update<content>().set(col<&content::title> = t).where(col<&content::id> == id).returning().one();
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "vellum/core/connection.hpp"
#include "vellum/core/error.hpp"
#include "vellum/query/execution.hpp"
#include "vellum/query/expression.hpp"
#include "vellum/query/select_parts.hpp"

namespace vellum {

/// No RETURNING clause.
struct no_returning {
  using sources = type_list<>;
  using params = type_list<>;
  static constexpr bool is_static = true;
  static constexpr bool present = false;
};

template <class Selection>
struct returning_clause {
  using sources = typename Selection::sources;
  using params = typename Selection::params;
  static constexpr bool is_static = Selection::is_static;
  static constexpr bool present = true;
  using selection_type = Selection;
  using result_type = typename detail::selection_result<Selection, type_list<>>::type;
  Selection selection;
};

/// `excluded<&T::m>` in on_conflict_do_update: the value the failed insert proposed.
template <auto Member>
struct excluded_ref : expression_base {
  using result_type = typename detail::member_pointer_traits<decltype(Member)>::value_type;
  static constexpr void render(sql_writer& w, const excluded_ref*) {
    w.raw("excluded.");
    w.identifier(detail::column_of<Member>.name);
  }
  template <class B>
  void bind(B&) const {}
};
template <auto Member>
inline constexpr excluded_ref<Member> excluded{};

namespace detail {

template <class T>
struct is_assignment : std::false_type {};
template <class C, class V>
struct is_assignment<assignment<C, V>> : std::true_type {};

template <class Row, class... A>
consteval bool assignments_target() {
  return (std::is_same_v<typename A::column::row_type, Row> && ...);
}

template <class... A>
consteval bool assignments_distinct() {
  constexpr std::size_t n = sizeof...(A);
  if constexpr (n < 2) {
    return true;
  } else {
    const std::string_view names[] = {A::column::name()...};
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j)
        if (names[i] == names[j]) return false;
    return true;
  }
}

template <class Sets>
struct set_info;
template <class... A>
struct set_info<std::tuple<A...>> {
  using sources = concat_t<type_list<>, typename A::value_node::sources...>;
  using params = concat_t<type_list<>, typename A::value_node::params...>;
  static constexpr bool is_static = (A::value_node::is_static && ... && true);
  static constexpr bool assigns(std::string_view column) { return ((A::column::name() == column) || ... || false); }
};

/// `"a" = v1, "b" = v2`, then `"c" = ?` for each column with a C++ on-update function that the
/// caller did not set.
template <class Row, class Sets>
constexpr void render_set_list(sql_writer& w, const Sets* sets, bool with_update_functions) {
  bool first = true;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (
        [&] {
          using a = std::tuple_element_t<I, Sets>;
          if (!first) w.raw(", ");
          first = false;
          w.identifier(a::column::name());
          w.raw(" = ");
          a::value_node::render(w, sets != nullptr ? &std::get<I>(*sets).value : nullptr);
        }(),
        ...);
  }(std::make_index_sequence<std::tuple_size_v<Sets>>{});
  if (!with_update_functions) return;
  std::apply(
      [&](const auto&... c) {
        (
            [&] {
              if (c.has_update_function && !set_info<Sets>::assigns(c.name)) {
                if (!first) w.raw(", ");
                first = false;
                w.identifier(c.name);
                w.raw(" = ");
                w.placeholder();
              }
            }(),
            ...);
      },
      table_of<Row>.columns);
}

template <class Row, class Sets, class B>
void bind_set_list(const Sets& sets, B& b, bool with_update_functions) {
  std::apply([&](const auto&... a) { (a.value.bind(b), ...); }, sets);
  if (!with_update_functions) return;
  std::apply(
      [&](const auto&... c) {
        (
            [&] {
              if (c.has_update_function && !set_info<Sets>::assigns(c.name)) b.value_copy(c.update_function());
            }(),
            ...);
      },
      table_of<Row>.columns);
}

template <class Returning, class B>
void bind_returning(const Returning& r, B& b) {
  if constexpr (Returning::present) r.selection.bind(b);
}

template <class Returning>
constexpr void render_returning(sql_writer& w, const Returning* r) {
  if constexpr (Returning::present) {
    w.raw(" RETURNING ");
    Returning::selection_type::render(w, r != nullptr ? &r->selection : nullptr);
  }
}

/// Runs a write: rows changed, or the RETURNING rows.
template <class Q>
int run_write(const Q& query) {
  auto st = start(require_connection(query.db), query);
  return st.execute();
}

/// Runs a write with RETURNING; returns every returned row.
template <class Result, class Q>
std::vector<Result> returned_rows(const Q& query) {
  auto st = start(require_connection(query.db), query);
  std::vector<Result> rows;
  while (st.step()) rows.push_back(read_row<Result>(st));
  return rows;
}

}  // namespace detail

}  // namespace vellum
