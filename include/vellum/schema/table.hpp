// `table<Row>("name", columns…)`: maps a plain struct to an SQL table. The definition lives next
// to the struct, in the user's namespace, and is found by argument-dependent lookup:
//
//   constexpr auto vellum_table(v::tag<user>) {
//     return v::table<user>("users", v::column(&user::id, "id").primary_key(), …)
//         .index("idx_users_role", &user::role);
//   }
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "vellum/core/tag.hpp"
#include "vellum/core/type_list.hpp"
#include "vellum/schema/column.hpp"
#include "vellum/schema/relation.hpp"

namespace vellum {

/// A fixed-capacity list usable in constexpr objects.
template <class T, std::size_t N>
struct bounded_list {
  std::array<T, N> items{};
  std::size_t count = 0;
  constexpr void push(const T& item) {
    if (count == N) throw "bounded_list: capacity exceeded";  // a compile error in constant evaluation
    items[count++] = item;
  }
  [[nodiscard]] constexpr const T* begin() const { return items.data(); }
  [[nodiscard]] constexpr const T* end() const { return items.data() + count; }
  [[nodiscard]] constexpr std::size_t size() const { return count; }
  [[nodiscard]] constexpr bool empty() const { return count == 0; }
  [[nodiscard]] constexpr const T& operator[](std::size_t i) const { return items[i]; }
};

struct index_column {
  std::string_view name;
  bool descending = false;
};

struct index_def {
  std::string_view name;
  bool unique = false;
  bounded_list<index_column, 8> columns;
  std::string_view where_sql;  // partial index condition, empty for a full index
};

using key_columns = bounded_list<std::string_view, 8>;

/// `desc(&content::updated_at)` in an index: that column sorted descending.
template <class P>
struct descending_member {
  P member;
};
template <class C, class V>
constexpr descending_member<V C::*> desc(V C::* member) {
  return {member};
}

template <class Row, class Columns, class Relations = type_list<>>
struct table_def;

template <class Row, class... Columns, class... Relations>
struct table_def<Row, std::tuple<Columns...>, type_list<Relations...>> {
  using row_type = Row;
  using columns_type = std::tuple<Columns...>;
  using relations = type_list<Relations...>;
  static constexpr std::size_t column_count = sizeof...(Columns);

  std::string_view name;
  std::tuple<Columns...> columns;
  bounded_list<index_def, 16> indexes{};
  bounded_list<key_columns, 8> unique_keys{};
  key_columns primary_key_columns{};  // composite primary key; empty when a column has primary_key()
  bounded_list<per_dialect, 8> checks{};  // an empty text on a dialect: no check there
  bool is_strict = false;

  /// The position of the column mapped to `member`, or column_count when none is.
  template <class V>
  [[nodiscard]] constexpr std::size_t position_of(V Row::* member) const {
    std::size_t found = column_count;
    std::size_t i = 0;
    std::apply(
        [&](const auto&... column) {
          (
              [&] {
                if constexpr (std::is_same_v<typename std::remove_cvref_t<decltype(column)>::value_type, V>) {
                  if (found == column_count && column.member == member) found = i;
                }
                ++i;
              }(),
              ...);
        },
        columns);
    return found;
  }

  template <class V>
  [[nodiscard]] constexpr std::string_view column_name(V Row::* member) const {
    std::string_view name_found;
    std::apply(
        [&](const auto&... column) {
          (
              [&] {
                if constexpr (std::is_same_v<typename std::remove_cvref_t<decltype(column)>::value_type, V>) {
                  if (name_found.empty() && column.member == member) name_found = column.name;
                }
              }(),
              ...);
        },
        columns);
    if (name_found.empty()) throw "a member named in the table definition has no column";
    return name_found;
  }

  /// CREATE INDEX name ON table(columns…); a member may be wrapped in desc().
  template <class... Members>
  constexpr table_def index(std::string_view index_name, Members... members) const {
    return add_index(index_name, false, members...);
  }
  template <class... Members>
  constexpr table_def unique_index(std::string_view index_name, Members... members) const {
    return add_index(index_name, true, members...);
  }
  /// Makes the index added last a partial index: `… WHERE <sql>`.
  constexpr table_def partial(std::string_view where_sql) const {
    auto t = *this;
    if (t.indexes.count == 0) throw "partial(): add an index first";
    t.indexes.items[t.indexes.count - 1].where_sql = where_sql;
    return t;
  }
  /// Table-level UNIQUE(a, b, …).
  template <class... Members>
  constexpr table_def unique(Members... members) const {
    auto t = *this;
    key_columns key;
    (key.push(column_name(members)), ...);
    t.unique_keys.push(key);
    return t;
  }
  /// Composite PRIMARY KEY(a, b, …).
  template <class... Members>
  constexpr table_def primary_key(Members... members) const {
    auto t = *this;
    (t.primary_key_columns.push(column_name(members)), ...);
    return t;
  }
  /// A STRICT table: SQLite rejects values whose type does not match the column's.
  constexpr table_def strict() const {
    auto t = *this;
    t.is_strict = true;
    return t;
  }
  /// Table-level CHECK (sql), the same text on every dialect.
  constexpr table_def check(std::string_view sql) const { return check(per_dialect::portable(sql)); }
  /// Table-level CHECK with a text per dialect; an empty one means no check on that dialect.
  constexpr table_def check(per_dialect sql) const {
    auto t = *this;
    t.checks.push(sql);
    return t;
  }
  /// Declares a relation for eager loading (see relation.hpp).
  template <class Relation>
  constexpr auto relation() const {
    static_assert(std::is_same_v<typename Relation::local_row, Row>,
                  "relation<…>(): the relation's local key must be a member of this table's row");
    table_def<Row, std::tuple<Columns...>, type_list<Relations..., Relation>> t{
        name, columns, indexes, unique_keys, primary_key_columns, checks, is_strict};
    return t;
  }

 private:
  template <class M>
  constexpr index_column index_column_of(M member) const {
    if constexpr (requires { member.member; }) return {column_name(member.member), true};
    else return {column_name(member), false};
  }
  template <class... Members>
  constexpr table_def add_index(std::string_view index_name, bool unique, Members... members) const {
    static_assert(sizeof...(Members) > 0, "index(): name at least one column");
    auto t = *this;
    index_def def{index_name, unique, {}, {}};
    (def.columns.push(index_column_of(members)), ...);
    t.indexes.push(def);
    return t;
  }
};

template <class Row, class... Columns>
constexpr auto table(std::string_view name, Columns... columns) {
  static_assert((std::is_same_v<typename Columns::row_type, Row> && ...),
                "table<Row>(): every column must map a member of Row");
  return table_def<Row, std::tuple<Columns...>>{name, std::tuple<Columns...>{columns...}};
}

/// Row has a table definition `vellum_table(vellum::tag<Row>)` visible by ADL.
template <class Row>
concept mapped_row = requires { vellum_table(tag<Row>{}); };

template <class Row>
struct table_of_checked {
  static_assert(mapped_row<Row>,
                "no table definition for this row type: declare `constexpr auto vellum_table(vellum::tag<Row>)` "
                "next to the struct");
};

/// The table definition of Row, as a constant.
template <mapped_row Row>
inline constexpr auto table_of = vellum_table(tag<Row>{});

namespace detail {

template <auto Member>
constexpr std::string_view referenced_table_name() {
  using row = typename member_pointer_traits<decltype(Member)>::class_type;
  return table_of<row>.name;
}
template <auto Member>
constexpr std::string_view referenced_column_name() {
  using row = typename member_pointer_traits<decltype(Member)>::class_type;
  return table_of<row>.column_name(Member);
}

/// The position of the column mapped to the member pointer `Member` in its table.
template <auto Member>
inline constexpr std::size_t column_position = [] {
  using row = typename member_pointer_traits<decltype(Member)>::class_type;
  constexpr std::size_t position = table_of<row>.position_of(Member);
  static_assert(position < std::remove_cvref_t<decltype(table_of<row>)>::column_count,
                "this member has no column in its table definition: add v::column(&T::member, \"name\")");
  return position;
}();

/// The column definition mapped to `Member`.
template <auto Member>
inline constexpr auto column_of = [] {
  using row = typename member_pointer_traits<decltype(Member)>::class_type;
  return std::get<column_position<Member>>(table_of<row>.columns);
}();

}  // namespace detail

}  // namespace vellum
