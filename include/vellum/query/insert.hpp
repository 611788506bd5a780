// INSERT: whole rows (`db.insert(row)`, and `db.insert(rows)`: one single-row statement per row
// inside one transaction) and partial inserts whose missing NOT NULL columns are a compile error,
// with ON CONFLICT DO NOTHING / DO UPDATE and RETURNING.
//
//   db.insert_into<user>().values(v::set<&user::id>(id), v::set<&user::email>(mail))
//     .on_conflict_do_update(v::target(col<&user::email>), col<&user::first_name> = v::excluded<&user::first_name>)
//     .run();
#pragma once

#include <algorithm>
#include <cstddef>
#include <ranges>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "vellum/query/write_parts.hpp"

namespace vellum {

namespace detail {

template <class Row>
consteval bool needs_insert_fill() {
  bool fill = false;
  std::apply([&](const auto&... c) { ((fill = fill || c.default_mode == default_kind::function || c.is_autoincrement), ...); },
             table_of<Row>.columns);
  return fill;
}

template <class V>
bool is_unset(const V& value) {
  if constexpr (requires { value == V{}; }) return value == V{};
  else return false;
}

/// The row as it will be stored: C++ defaults fill unset members.
template <class Row>
Row with_insert_defaults(Row row) {
  std::apply(
      [&](const auto&... c) {
        (
            [&] {
              if (c.default_mode == default_kind::function && is_unset(row.*(c.member))) row.*(c.member) = c.default_function();
            }(),
            ...);
      },
      table_of<Row>.columns);
  return row;
}

template <class Row>
constexpr void render_insert_columns(sql_writer& w) {
  bool first = true;
  std::apply(
      [&](const auto&... c) {
        (
            [&] {
              if (!c.generated_sql.empty()) return;
              if (!first) w.raw(", ");
              first = false;
              w.identifier(c.name);
            }(),
            ...);
      },
      table_of<Row>.columns);
}

/// `'"name"'`: a quoted identifier as a string literal (what pg_get_serial_sequence() parses).
constexpr void identifier_literal(sql_writer& w, std::string_view name) {
  w.raw("'\"");
  for (char c : name) {
    if (c == '"') w.raw("\"\"");
    else if (c == '\'') w.raw("''");
    else w.raw(c);
  }
  w.raw("\"'");
}

template <class Row>
constexpr void render_row_placeholders(sql_writer& w, bool parenthesised = true) {
  if (parenthesised) w.raw('(');
  bool first = true;
  std::apply(
      [&](const auto&... c) {
        (
            [&] {
              if (!c.generated_sql.empty()) return;
              if (!first) w.raw(", ");
              first = false;
              if (c.is_autoincrement && w.postgres()) {
                // A key of 0 binds NULL, which SQLite turns into a new rowid; an identity column
                // takes DEFAULT only as a keyword, so NULL draws the next value explicitly.
                w.raw("COALESCE(");
                w.placeholder();
                w.raw(", nextval(pg_get_serial_sequence(");
                identifier_literal(w, table_of<Row>.name);
                w.raw(", ");
                w.string_literal(c.name);
                w.raw(")))");
                return;
              }
              w.placeholder();
            }(),
            ...);
      },
      table_of<Row>.columns);
  if (parenthesised) w.raw(')');
}

/// INSERT INTO t (all stored columns) VALUES (…), (…) for `Rows` rows.
template <class Row, std::size_t Rows>
struct insert_rows_renderer {
  static constexpr void render(sql_writer& w) {
    w.raw("INSERT INTO ");
    w.identifier(table_of<Row>.name);
    w.raw(" (");
    render_insert_columns<Row>(w);
    w.raw(") VALUES ");
    for (std::size_t i = 0; i < Rows; ++i) {
      if (i > 0) w.raw(", ");
      render_row_placeholders<Row>(w);
    }
  }
};

template <class Row, class B>
void bind_row(const Row& row, B& b) {
  std::apply(
      [&](const auto&... c) {
        (
            [&] {
              if (!c.generated_sql.empty()) return;
              if constexpr (std::is_integral_v<typename std::remove_cvref_t<decltype(c)>::value_type>) {
                if (c.is_autoincrement && row.*(c.member) == 0) return b.null();
              }
              b.value(row.*(c.member));
            }(),
            ...);
      },
      table_of<Row>.columns);
}

template <class Row>
void fill_autoincrement(Row& row, std::int64_t rowid) {
  std::apply(
      [&](const auto&... c) {
        (
            [&] {
              using v = typename std::remove_cvref_t<decltype(c)>::value_type;
              if constexpr (std::is_integral_v<v>) {
                if (c.is_autoincrement && row.*(c.member) == 0) row.*(c.member) = static_cast<v>(rowid);
              }
            }(),
            ...);
      },
      table_of<Row>.columns);
}

template <class Row>
consteval bool has_autoincrement() {
  bool found = false;
  std::apply([&](const auto&... c) { ((found = found || c.is_autoincrement), ...); }, table_of<Row>.columns);
  return found;
}

/// One whole row; on PostgreSQL with `RETURNING "key"` for an autoincrement key (there is no
/// last_insert_rowid()).
template <class Row>
struct insert_row_renderer {
  static constexpr void render(sql_writer& w) {
    insert_rows_renderer<Row, 1>::render(w);
    if (!w.postgres()) return;
    std::apply(
        [&](const auto&... c) {
          ((c.is_autoincrement ? (w.raw(" RETURNING "), w.identifier(c.name)) : void()), ...);
        },
        table_of<Row>.columns);
  }
};

/// The whole-row INSERT in dialect D (SQLite: the same constant as before dialects existed).
template <class Row, dialect D>
inline constexpr std::string_view insert_row_sql = D == dialect::sqlite
                                                       ? static_text<insert_rows_renderer<Row, 1>>::view
                                                       : static_text<insert_row_renderer<Row>, D>::view;

/// Executes a bound whole-row insert of `stored`, filling its autoincrement key.
template <class Conn, class Statement, class Row>
void execute_row_insert(Conn& db, Statement& st, Row& stored) {
  if constexpr (!needs_insert_fill<Row>() || !has_autoincrement<Row>()) {
    st.execute();
  } else if constexpr (Conn::sql_dialect == dialect::sqlite) {
    st.execute();
    fill_autoincrement(stored, db.last_insert_rowid());
  } else {
    if (st.step()) fill_autoincrement(stored, st.template get<std::int64_t>(0));
    while (st.step()) {
    }
  }
}

}  // namespace detail

/// Inserts a whole row; returns it as stored (C++ defaults applied, autoincrement key filled).
template <class Conn, mapped_row Row>
Row insert_row(Conn& db, const Row& row) {
  constexpr bool fill = detail::needs_insert_fill<Row>();
  auto st = db.prepare_static(detail::insert_row_sql<Row, Conn::sql_dialect>);
  auto b = detail::make_binder(st);
  if constexpr (fill) {
    Row stored = detail::with_insert_defaults(row);
    detail::bind_row(stored, b);
    detail::execute_row_insert(db, st, stored);
    return stored;
  } else {
    detail::bind_row(row, b);
    st.execute();
    return row;
  }
}

/// Inserts all rows in one transaction, one single-row statement each; returns how many.
/// (Not multi-row VALUES lists: SQLite gives a statement that writes several rows into a table with
/// a constraint its own statement journal, which copies every page the statement touches; with
/// random keys that cost more than the steps it saves. Measured in bench/, W1.)
template <class Conn, std::ranges::input_range Range>
  requires mapped_row<std::ranges::range_value_t<Range>>
std::size_t insert_rows(Conn& db, const Range& rows) {
  using row_t = std::ranges::range_value_t<Range>;
  constexpr bool fill = detail::needs_insert_fill<row_t>();
  std::size_t count = 0;
  db.transaction([&] {
    auto st = db.prepare_static(detail::insert_row_sql<row_t, Conn::sql_dialect>);
    for (const row_t& row : rows) {
      auto b = detail::make_binder(st);
      if constexpr (fill) {
        const row_t stored = detail::with_insert_defaults(row);
        detail::bind_row(stored, b);
        st.execute();  // the keys are not returned: no last_insert_rowid() / RETURNING read
      } else {
        detail::bind_row(row, b);
        st.execute();
      }
      st.reset();  // every parameter is bound again for the next row
      ++count;
    }
  });
  return count;
}

// ---------------------------------------------------------------------------------------------
// Partial inserts

/// values(set<&T::a>(…), …): the listed columns, then columns with a C++ default function.
template <class Row, class... A>
struct assignment_values {
  using sources = concat_t<type_list<>, typename A::value_node::sources...>;
  using params = concat_t<type_list<>, typename A::value_node::params...>;
  static constexpr bool is_static = (A::value_node::is_static && ... && true);
  std::tuple<A...> sets;

  static constexpr bool assigned(std::string_view column) { return ((A::column::name() == column) || ... || false); }
  static constexpr void render(sql_writer& w, const assignment_values* self) {
    bool first = true;
    auto comma = [&] {
      if (!first) w.raw(", ");
      first = false;
    };
    ((comma(), w.identifier(A::column::name())), ...);
    std::apply([&](const auto&... c) { ((c.default_mode == default_kind::function && !assigned(c.name) ? (comma(), w.identifier(c.name)) : void()), ...); },
               table_of<Row>.columns);
    w.raw(") VALUES (");
    first = true;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((comma(), A::value_node::render(w, self != nullptr ? &std::get<I>(self->sets).value : nullptr)), ...);
    }(std::index_sequence_for<A...>{});
    std::apply([&](const auto&... c) { ((c.default_mode == default_kind::function && !assigned(c.name) ? (comma(), w.placeholder()) : void()), ...); },
               table_of<Row>.columns);
  }
  template <class B>
  void bind(B& b) const {
    std::apply([&](const auto&... a) { (a.value.bind(b), ...); }, sets);
    std::apply(
        [&](const auto&... c) {
          ((c.default_mode == default_kind::function && !assigned(c.name) ? b.value_copy(c.default_function()) : void()), ...);
        },
        table_of<Row>.columns);
  }
};

/// values(row): every stored column from a whole row.
template <class Row>
struct row_values {
  using sources = type_list<>;
  using params = type_list<>;
  static constexpr bool is_static = true;
  Row row;
  static constexpr void render(sql_writer& w, const row_values*) {
    detail::render_insert_columns<Row>(w);
    w.raw(") VALUES (");
    detail::render_row_placeholders<Row>(w, false);
  }
  template <class B>
  void bind(B& b) const {
    detail::bind_row(row, b);
  }
};

struct no_conflict {
  using sources = type_list<>;
  using params = type_list<>;
  static constexpr bool is_static = true;
  static constexpr bool updates = false;
  static constexpr void render(sql_writer&, const no_conflict*) {}
  template <class B>
  void bind(B&) const {}
};

/// The conflict target of ON CONFLICT (…): `v::target(col<&user::email>)`.
template <class... C>
struct conflict_target {
  static constexpr void render(sql_writer& w) {
    if constexpr (sizeof...(C) > 0) {
      w.raw(" (");
      bool first = true;
      ((first ? void() : w.raw(", "), first = false, w.identifier(C::name())), ...);
      w.raw(')');
    }
  }
};
template <class... C>
constexpr conflict_target<C...> target(const C&...) {
  return {};
}

template <class Target>
struct conflict_do_nothing : no_conflict {
  static constexpr void render(sql_writer& w, const conflict_do_nothing*) {
    w.raw(" ON CONFLICT");
    Target::render(w);
    w.raw(" DO NOTHING");
  }
};

template <class Row, class Target, class Sets, class Where>
struct conflict_do_update {
  using sources = concat_t<typename detail::set_info<Sets>::sources, typename Where::sources>;
  using params = concat_t<typename detail::set_info<Sets>::params, typename Where::params>;
  static constexpr bool is_static = detail::set_info<Sets>::is_static && Where::is_static;
  static constexpr bool updates = true;
  Sets sets;
  Where where_clause;
  static constexpr void render(sql_writer& w, const conflict_do_update* self) {
    w.raw(" ON CONFLICT");
    Target::render(w);
    w.raw(" DO UPDATE SET ");
    detail::render_set_list<Row>(w, self != nullptr ? &self->sets : nullptr, true);
    const auto* where = self != nullptr ? &self->where_clause : nullptr;
    if (detail::active(where)) {
      w.raw(" WHERE ");
      Where::render(w, where);
    }
  }
  template <class B>
  void bind(B& b) const {
    detail::bind_set_list<Row>(sets, b, true);
    if (detail::active(&where_clause)) where_clause.bind(b);
  }
};

template <class Row, class Values = none_node, class Conflict = no_conflict, class Returning = no_returning,
          class Conn = connection>
struct insert_query {
  Values values_{};
  Conflict conflict{};
  Returning returning_{};
  Conn* db = nullptr;
  static constexpr dialect sql_dialect = Conn::sql_dialect;

  using sources = difference_t<concat_t<typename Values::sources, typename Conflict::sources, typename Returning::sources>,
                               type_list<source<Row>>>;
  using params = concat_t<typename Values::params, typename Conflict::params, typename Returning::params>;
  static constexpr bool is_static = Values::is_static && Conflict::is_static && Returning::is_static;

  template <class... A>
  auto values(const A&... sets) const {
    static_assert(std::is_same_v<Values, none_node>, "values() given twice: list every column in one call");
    static_assert((detail::is_assignment<A>::value && ...),
                  "values(): pass v::set<&T::m>(value) or col<&T::m> = value for each column, or a whole row");
    static_assert(detail::assignments_target<Row, A...>(),
                  "values(): a column belongs to another table; set only columns of the table inserted into");
    static_assert(detail::assignments_distinct<A...>(), "values(): a column is set twice");
    static_assert(covers_required<A...>(),
                  "insert: a NOT NULL column without a default is missing from values(…): set it, or give the "
                  "column a default");
    return insert_query<Row, assignment_values<Row, A...>, Conflict, Returning, Conn>{
        assignment_values<Row, A...>{std::tuple<A...>{sets...}}, conflict, returning_, db};
  }
  auto values(const Row& row) const {
    static_assert(std::is_same_v<Values, none_node>, "values() given twice");
    return insert_query<Row, row_values<Row>, Conflict, Returning, Conn>{row_values<Row>{detail::with_insert_defaults(row)},
                                                                   conflict, returning_, db};
  }

  template <class... C>
  auto on_conflict_do_nothing(const C&...) const {
    static_assert(std::is_same_v<Conflict, no_conflict>, "on_conflict: given twice");
    static_assert((std::is_same_v<typename C::row_type, Row> && ...), "on_conflict: the target columns must belong to the inserted table");
    return insert_query<Row, Values, conflict_do_nothing<conflict_target<C...>>, Returning, Conn>{values_, {}, returning_, db};
  }

  template <class... C, class... A>
  auto on_conflict_do_update(conflict_target<C...>, const A&... sets) const {
    static_assert(std::is_same_v<Conflict, no_conflict>, "on_conflict: given twice");
    static_assert(sizeof...(A) > 0, "on_conflict_do_update: give at least one assignment");
    static_assert((detail::is_assignment<A>::value && ...), "on_conflict_do_update: pass assignments (col<&T::m> = value)");
    static_assert(detail::assignments_target<Row, A...>(), "on_conflict_do_update: set on a column of another table");
    using c = conflict_do_update<Row, conflict_target<C...>, std::tuple<A...>, none_node>;
    return insert_query<Row, Values, c, Returning, Conn>{values_, c{std::tuple<A...>{sets...}, {}}, returning_, db};
  }

  /// WHERE of ON CONFLICT … DO UPDATE.
  template <class P>
  auto where(const P& condition) const {
    static_assert(Conflict::updates, "insert: where() applies to on_conflict_do_update(…) only");
    static_assert(predicate<P>, "where(): the argument must be a condition");
    using c = conflict_do_update<Row, typename conflict_traits<Conflict>::target, decltype(conflict.sets), P>;
    return insert_query<Row, Values, c, Returning, Conn>{values_, c{conflict.sets, condition}, returning_, db};
  }

  /// RETURNING every column (whole rows) or the given expressions.
  template <expression... E>
  auto returning(const E&... exprs) const {
    static_assert(!Returning::present, "returning() given twice");
    if constexpr (sizeof...(E) == 0) {
      using r = returning_clause<whole_row_selection<Row>>;
      return insert_query<Row, Values, Conflict, r, Conn>{values_, conflict, r{}, db};
    } else {
      using r = returning_clause<expression_selection<E...>>;
      return insert_query<Row, Values, Conflict, r, Conn>{values_, conflict, r{{std::tuple<E...>{exprs...}}}, db};
    }
  }

  /// The same query on another database (see select_query::with_db).
  template <class C>
  auto with_db(C* database) const {
    return insert_query<Row, Values, Conflict, Returning, C>{values_, conflict, returning_, database};
  }

  static constexpr void render(sql_writer& w, const insert_query* self) {
    w.raw("INSERT INTO ");
    w.identifier(table_of<Row>.name);
    w.raw(" (");
    Values::render(w, detail::child(self, &insert_query::values_));
    w.raw(')');
    Conflict::render(w, detail::child(self, &insert_query::conflict));
    detail::render_returning(w, detail::child(self, &insert_query::returning_));
  }
  template <class B>
  void bind(B& b) const {
    values_.bind(b);
    conflict.bind(b);
    detail::bind_returning(returning_, b);
  }

  static constexpr bool check_runnable() {
    static_assert(!std::is_same_v<Values, none_node>, "insert_into<T>(): add .values(…) before running it");
    static_assert(sources::size == 0, "insert: an expression names a column of another table");
    static_assert(detail::check_dialect<params, sql_dialect>());
    static_assert(detail::named_params_t<params>::size == 0, "this query has named parameters: run it with db.prepare(query)");
    return true;
  }
  [[nodiscard]] std::string to_sql() const { return detail::render_sql(*this); }

  /// Runs the insert; returns the number of rows inserted.
  int run() const {
    static_assert(check_runnable());
    return detail::run_write(*this);
  }
  int execute_default() const { return run(); }

  [[nodiscard]] auto one() const {
    static_assert(Returning::present, "one() on an insert without returning(): add .returning(…) or use run()");
    if constexpr (Returning::present) {  // after the assertion above, no cascade of errors
      static_assert(check_runnable());
      using r = typename Returning::result_type;
      auto st = detail::start(detail::require_connection(db), *this);
      std::optional<r> row;
      if (st.step()) row = detail::read_row<r>(st);
      while (st.step()) {
      }
      return row;
    }
  }
  [[nodiscard]] auto all() const {
    static_assert(Returning::present, "all() on an insert without returning(): add .returning(…) or use run()");
    if constexpr (Returning::present) {  // after the assertion above, no cascade of errors
      static_assert(check_runnable());
      return detail::returned_rows<typename Returning::result_type>(*this);
    }
  }

 private:
  template <class... A>
  static consteval bool covers_required() {
    bool ok = true;
    std::apply([&](const auto&... c) { ((ok = ok && (!c.required_on_insert() || assignment_values<Row, A...>::assigned(c.name))), ...); },
               table_of<Row>.columns);
    return ok;
  }
  template <class C>
  struct conflict_traits;
  template <class R, class T, class S, class W>
  struct conflict_traits<conflict_do_update<R, T, S, W>> {
    using target = T;
  };
};

template <mapped_row Row>
constexpr auto insert_into() {
  return insert_query<Row>{};
}

}  // namespace vellum
