// A table as it appears in a query: a row type and, for self-joins and CTEs, an alias.
//
//   using parent = v::alias<category, "parent">;
//   db.select(col<&category::name>, col<&category::name, parent>).from<category>()
//     .left_join<parent>(col<&category::parent_id> == col<&category::id, parent>);
#pragma once

#include <string_view>

#include "vellum/schema/sql_text.hpp"
#include "vellum/schema/table.hpp"

namespace vellum {

template <class Row, fixed_string Alias = "", bool IsCte = false>
struct source {
  using row = Row;
  static constexpr bool is_aliased = Alias.size() > 0;
  /// A common table expression (WITH name AS …): referred to by its name alone.
  static constexpr bool is_cte = IsCte;
  /// The name the query refers to it by: the alias, else the table's name.
  static constexpr std::string_view name() {
    if constexpr (is_aliased) return Alias.view();
    else return table_of<Row>.name;
  }
  static constexpr std::string_view table_name() { return table_of<Row>.name; }
};

template <class Row, fixed_string Alias>
using alias = source<Row, Alias>;

template <class T>
struct as_source {
  using type = source<T>;
};
template <class Row, fixed_string Alias, bool IsCte>
struct as_source<source<Row, Alias, IsCte>> {
  using type = source<Row, Alias, IsCte>;
};
/// `Row` or an alias, as a source.
template <class T>
using as_source_t = typename as_source<T>::type;

}  // namespace vellum
