// UPDATE: `update<Row>().set(col<…> = v, col<…> = col<…> + 1).where(…)`; columns with a C++
// on-update function (updated_at) are set too. Without where() it needs an explicit all_rows().
//
//   int changed = db.update<content>().set(col<&content::status> = status::published)
//                   .where(col<&content::id> == id).run();
#pragma once

#include <optional>
#include <tuple>
#include <type_traits>
#include <vector>

#include "vellum/query/write_parts.hpp"

namespace vellum {

template <class Row, class Sets = std::tuple<>, class Where = none_node, bool AllRows = false,
          class Returning = no_returning, class Conn = connection>
struct update_query {
  Sets sets{};
  Where where_clause{};
  Returning returning_{};
  Conn* db = nullptr;
  static constexpr dialect sql_dialect = Conn::sql_dialect;

  using sources = difference_t<concat_t<typename detail::set_info<Sets>::sources, typename Where::sources,
                                        typename Returning::sources>,
                               type_list<source<Row>>>;
  using params = concat_t<typename detail::set_info<Sets>::params, typename Where::params, typename Returning::params>;
  static constexpr bool is_static = detail::set_info<Sets>::is_static && Where::is_static && Returning::is_static;

  template <class... A>
  auto set(const A&... assignments) const {
    static_assert(std::tuple_size_v<Sets> == 0, "set() given twice: list every assignment in one call");
    static_assert(sizeof...(A) > 0, "set(): give at least one assignment");
    static_assert((detail::is_assignment<A>::value && ...), "set(): pass assignments such as col<&T::m> = value");
    static_assert(detail::assignments_target<Row, A...>(),
                  "set(): the column belongs to another table; set only columns of the updated table");
    static_assert(detail::assignments_distinct<A...>(), "set(): a column is assigned twice");
    return update_query<Row, std::tuple<A...>, Where, AllRows, Returning, Conn>{std::tuple<A...>{assignments...}, where_clause,
                                                                          returning_, db};
  }
  template <class P>
  auto where(const P& condition) const {
    static_assert(std::is_same_v<Where, none_node>, "where() given twice: combine the conditions with && in one where()");
    static_assert(predicate<P>, "where(): the argument must be a condition");
    return update_query<Row, Sets, P, AllRows, Returning, Conn>{sets, condition, returning_, db};
  }
  /// Updates every row of the table (an UPDATE without WHERE must say so).
  auto all_rows() const { return update_query<Row, Sets, Where, true, Returning, Conn>{sets, where_clause, returning_, db}; }

  template <expression... E>
  auto returning(const E&... exprs) const {
    static_assert(!Returning::present, "returning() given twice");
    if constexpr (sizeof...(E) == 0) {
      using r = returning_clause<whole_row_selection<Row>>;
      return update_query<Row, Sets, Where, AllRows, r, Conn>{sets, where_clause, r{}, db};
    } else {
      using r = returning_clause<expression_selection<E...>>;
      return update_query<Row, Sets, Where, AllRows, r, Conn>{sets, where_clause, r{{std::tuple<E...>{exprs...}}}, db};
    }
  }

  /// The same query on another database (see select_query::with_db).
  template <class C>
  auto with_db(C* database) const {
    return update_query<Row, Sets, Where, AllRows, Returning, C>{sets, where_clause, returning_, database};
  }

  static constexpr void render(sql_writer& w, const update_query* self) {
    w.raw("UPDATE ");
    w.identifier(table_of<Row>.name);
    w.raw(" SET ");
    detail::render_set_list<Row>(w, detail::child(self, &update_query::sets), true);
    const auto* where = detail::child(self, &update_query::where_clause);
    if (detail::active(where)) {
      w.raw(" WHERE ");
      Where::render(w, where);
    }
    detail::render_returning(w, detail::child(self, &update_query::returning_));
  }
  template <class B>
  void bind(B& b) const {
    detail::bind_set_list<Row>(sets, b, true);
    if (detail::active(&where_clause)) where_clause.bind(b);
    detail::bind_returning(returning_, b);
  }

  static constexpr bool check_runnable() {
    static_assert(std::tuple_size_v<Sets> > 0, "update<T>(): add .set(…) before running it");
    static_assert(!std::is_same_v<Where, none_node> || AllRows,
                  "UPDATE without where(): add .where(…), or .all_rows() to update every row");
    static_assert(sources::size == 0, "update: a condition names a column of another table; use a subquery (in/exists)");
    static_assert(detail::check_dialect<params, sql_dialect>());
    static_assert(detail::named_params_t<params>::size == 0, "this query has named parameters: run it with db.prepare(query)");
    return true;
  }
  [[nodiscard]] std::string to_sql() const { return detail::render_sql(*this); }

  /// Runs the update; returns the number of rows changed.
  int run() const {
    static_assert(check_runnable());
    return detail::run_write(*this);
  }
  int execute_default() const { return run(); }

  [[nodiscard]] auto one() const {
    static_assert(Returning::present, "one() on an update without returning(): add .returning(…) or use run()");
    if constexpr (Returning::present) {  // after the assertion above, no cascade of errors
      static_assert(check_runnable());
      using r = typename Returning::result_type;
      auto st = detail::start(detail::require_connection(db), *this);
      std::optional<r> row;
      if (st.step()) row = detail::read_row<r>(st);
      if (st.step()) throw error("one(): the update returned more than one row");
      return row;
    }
  }
  [[nodiscard]] auto all() const {
    static_assert(Returning::present, "all() on an update without returning(): add .returning(…) or use run()");
    if constexpr (Returning::present) {  // after the assertion above, no cascade of errors
      static_assert(check_runnable());
      return detail::returned_rows<typename Returning::result_type>(*this);
    }
  }
};

template <mapped_row Row>
constexpr auto update() {
  return update_query<Row>{};
}

}  // namespace vellum
