// Running a built query on a connection: static shapes use their compile-time SQL and the
// statement cache keyed by that text's address; dynamic shapes render at run time and use the
// cache keyed by text. The SQL is rendered in the connection's dialect (`Conn::sql_dialect`), and
// values are bound in rendering order.
//
//   auto st = v::detail::start(db, query);   // prepared, bound, ready to step
#pragma once

#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "vellum/core/connection.hpp"
#include "vellum/core/error.hpp"
#include "vellum/query/binder.hpp"
#include "vellum/schema/sql_text.hpp"

namespace vellum {

namespace detail {

template <class Q, dialect D>
struct query_renderer {
  static constexpr void render(sql_writer& w) { Q::render(w, nullptr); }
};

/// The dialect a query renders in: its connection type's (`Conn::sql_dialect`).
template <class Q>
constexpr dialect dialect_of() {
  if constexpr (requires { Q::sql_dialect; }) return Q::sql_dialect;
  else return dialect::sqlite;
}

/// The connection type a query runs on (`Q::db` is a `Conn*`).
template <class Q>
using connection_of = std::remove_pointer_t<decltype(std::declval<Q&>().db)>;

}  // namespace detail

/// The SQL text of a static query type in dialect D, as a constant:
/// `static_assert(v::sql_for<decltype(q), v::dialect::postgres> == "… $1 …")`.
template <class Q, dialect D>
  requires Q::is_static
inline constexpr std::string_view sql_for = static_text<detail::query_renderer<Q, D>, D>::view;

/// The SQL text of a static query type in its own dialect (its connection's; SQLite for a query
/// built without a database): `static_assert(v::sql_v<decltype(q)> == "…")`.
template <class Q>
  requires Q::is_static
inline constexpr std::string_view sql_v = sql_for<Q, detail::dialect_of<Q>()>;

namespace detail {

/// The SQL of `query` in its dialect: a view of the constant for static shapes, rendered text otherwise.
template <class Q>
std::string render_sql(const Q& query) {
  if constexpr (Q::is_static) {
    return std::string(sql_v<Q>);
  } else {
    sql_writer w{dialect_of<Q>()};
    Q::render(w, &query);
    return w.take();
  }
}

template <class Conn>
Conn& require_connection(Conn* db) {
  if (db == nullptr)
    throw invalid_state("this query was built without a database: build it from db.select/insert/… or run it "
                        "with db.run(query)");
  return *db;
}

/// A binder over `st`: SQLite statements bind straight into their sqlite3_stmt.
template <class Args = std::tuple<>, class Statement>
auto make_binder(Statement& st, const Args* args = nullptr) {
  if constexpr (std::is_same_v<Statement, statement>) return binder<Args>{st.native_handle(), args};
  else return binder<Args, Statement>{&st, args};
}

/// Prepares (through the cache) and binds `query` in the connection's dialect; the statement is
/// ready to step.
template <class Conn, class Q, class Args = std::tuple<>>
auto start(Conn& db, const Q& query, const Args* args = nullptr) {
  constexpr dialect d = Conn::sql_dialect;
  static_assert(check_dialect<typename Q::params, d>());
  auto st = [&] {
    if constexpr (Q::is_static) {
      return db.prepare_static(sql_for<Q, d>);
    } else {
      sql_writer w{d};
      Q::render(w, &query);
      return db.prepare(w.str());
    }
  }();
  auto b = make_binder<Args>(st, args);
  query.bind(b);
  return st;
}

}  // namespace detail

}  // namespace vellum
