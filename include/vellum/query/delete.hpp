// DELETE: `delete_from<Row>().where(…)`; without where() it needs an explicit all_rows().
//
//   db.delete_from<content>().where(col<&content::id> == id).run();
#pragma once

#include <optional>
#include <type_traits>
#include <vector>

#include "vellum/query/write_parts.hpp"

namespace vellum {

template <class Row, class Where = none_node, bool AllRows = false, class Returning = no_returning,
          class Conn = connection>
struct delete_query {
  Where where_clause{};
  Returning returning_{};
  Conn* db = nullptr;
  static constexpr dialect sql_dialect = Conn::sql_dialect;

  using sources = difference_t<concat_t<typename Where::sources, typename Returning::sources>, type_list<source<Row>>>;
  using params = concat_t<typename Where::params, typename Returning::params>;
  static constexpr bool is_static = Where::is_static && Returning::is_static;

  template <class P>
  auto where(const P& condition) const {
    static_assert(std::is_same_v<Where, none_node>, "where() given twice: combine the conditions with && in one where()");
    static_assert(predicate<P>, "where(): the argument must be a condition");
    return delete_query<Row, P, AllRows, Returning, Conn>{condition, returning_, db};
  }
  /// Deletes every row of the table (a DELETE without WHERE must say so).
  auto all_rows() const { return delete_query<Row, Where, true, Returning, Conn>{where_clause, returning_, db}; }

  template <expression... E>
  auto returning(const E&... exprs) const {
    static_assert(!Returning::present, "returning() given twice");
    if constexpr (sizeof...(E) == 0) {
      using r = returning_clause<whole_row_selection<Row>>;
      return delete_query<Row, Where, AllRows, r, Conn>{where_clause, r{}, db};
    } else {
      using r = returning_clause<expression_selection<E...>>;
      return delete_query<Row, Where, AllRows, r, Conn>{where_clause, r{{std::tuple<E...>{exprs...}}}, db};
    }
  }

  /// The same query on another database (see select_query::with_db).
  template <class C>
  auto with_db(C* database) const {
    return delete_query<Row, Where, AllRows, Returning, C>{where_clause, returning_, database};
  }

  static constexpr void render(sql_writer& w, const delete_query* self) {
    w.raw("DELETE FROM ");
    w.identifier(table_of<Row>.name);
    const auto* where = detail::child(self, &delete_query::where_clause);
    if (detail::active(where)) {
      w.raw(" WHERE ");
      Where::render(w, where);
    }
    detail::render_returning(w, detail::child(self, &delete_query::returning_));
  }
  template <class B>
  void bind(B& b) const {
    if (detail::active(&where_clause)) where_clause.bind(b);
    detail::bind_returning(returning_, b);
  }

  static constexpr bool check_runnable() {
    static_assert(!std::is_same_v<Where, none_node> || AllRows,
                  "DELETE without where(): add .where(…), or .all_rows() to delete every row");
    static_assert(sources::size == 0, "delete: a condition names a column of another table; use a subquery (in/exists)");
    static_assert(detail::check_dialect<params, sql_dialect>());
    static_assert(detail::named_params_t<params>::size == 0, "this query has named parameters: run it with db.prepare(query)");
    return true;
  }
  [[nodiscard]] std::string to_sql() const { return detail::render_sql(*this); }

  /// Runs the delete; returns the number of rows deleted.
  int run() const {
    static_assert(check_runnable());
    return detail::run_write(*this);
  }
  int execute_default() const { return run(); }

  [[nodiscard]] auto all() const {
    static_assert(Returning::present, "all() on a delete without returning(): add .returning(…) or use run()");
    if constexpr (Returning::present) {  // after the assertion above, no cascade of errors
      static_assert(check_runnable());
      return detail::returned_rows<typename Returning::result_type>(*this);
    }
  }
};

template <mapped_row Row>
constexpr auto delete_from() {
  return delete_query<Row>{};
}

}  // namespace vellum
