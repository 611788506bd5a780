// Running a built query on a connection: static shapes use their compile-time SQL and the
// statement cache keyed by that text's address; dynamic shapes render at run time and use the
// cache keyed by text. Values are bound in rendering order.
//
//   auto st = v::detail::start(db, query);   // prepared, bound, ready to step
#pragma once

#include <string>
#include <tuple>

#include "vellum/core/connection.hpp"
#include "vellum/core/error.hpp"
#include "vellum/query/binder.hpp"
#include "vellum/schema/sql_text.hpp"

namespace vellum {

namespace detail {

template <class Q>
struct query_renderer {
  static constexpr void render(sql_writer& w) { Q::render(w, nullptr); }
};

}  // namespace detail

/// The SQL text of a static query type, as a constant: `static_assert(v::sql_v<decltype(q)> == "…")`.
template <class Q>
  requires Q::is_static
inline constexpr std::string_view sql_v = static_text<detail::query_renderer<Q>>::view;

namespace detail {

/// The SQL of `query`: a view of the constant for static shapes, rendered text otherwise.
template <class Q>
std::string render_sql(const Q& query) {
  if constexpr (Q::is_static) {
    return std::string(sql_v<Q>);
  } else {
    sql_writer w;
    Q::render(w, &query);
    return w.take();
  }
}

inline connection& require_connection(connection* db) {
  if (db == nullptr)
    throw invalid_state("this query was built without a database: build it from db.select/insert/… or run it "
                        "with db.run(query)");
  return *db;
}

/// Prepares (through the cache) and binds `query`; the statement is ready to step.
template <class Q, class Args = std::tuple<>>
statement start(connection& db, const Q& query, const Args* args = nullptr) {
  statement st = [&] {
    if constexpr (Q::is_static) {
      return db.prepare_static(sql_v<Q>);
    } else {
      sql_writer w;
      Q::render(w, &query);
      return db.prepare(w.str());
    }
  }();
  binder<Args> b{st.native_handle(), args};
  query.bind(b);
  return st;
}

}  // namespace detail

}  // namespace vellum
