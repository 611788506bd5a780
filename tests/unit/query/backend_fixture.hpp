// The database the query-builder execution tests run against, chosen at compile time: SQLite in
// memory, or (built with VELLUM_TEST_BACKEND_POSTGRES, tests/postgres/CMakeLists.txt) a fresh
// schema on the PostgreSQL test server. The same test sources then run on both backends.
//
//   vellum_test::backend_db t;                 // t.db: an empty database of the chosen backend
//   CHECK(SQL_OF(q) == R"(SELECT … = ?)");     // the SQLite text of q, on either backend
#pragma once

#include <string>

#include <vellum/vellum.hpp>

#ifdef VELLUM_TEST_BACKEND_POSTGRES
#include "pg_test_server.hpp"
#include "vellum/pg_database.hpp"
#endif

namespace vellum_test {

#ifdef VELLUM_TEST_BACKEND_POSTGRES
using test_database = vellum::pg::database;
inline constexpr bool on_postgres = true;
/// An empty database in a schema of its own, dropped afterwards (skips the test without a server).
struct backend_db {
  vellum::testing::pg_test_schema schema;
  test_database db{schema.url()};
};
#else
using test_database = vellum::database;
inline constexpr bool on_postgres = false;
struct backend_db {
  test_database db{":memory:"};
};
#endif

/// `query` rendered in the SQLite dialect whatever its connection: the execution tests assert the
/// SQLite text, and tests/unit/query/dialect_test.cpp asserts the PostgreSQL text of the same
/// constructs.
template <class Q>
std::string sqlite_text(const Q& query) {
  vellum::sql_writer w{vellum::dialect::sqlite};
  Q::render(w, &query);
  return w.take();
}
/// A prepared query keeps its query to itself: its PostgreSQL text with `$n` read back as `?`.
template <class Q>
std::string sqlite_text(const vellum::prepared_query<Q>& prepared) {
  const std::string pg = prepared.to_sql();
  std::string out;
  for (std::size_t i = 0; i < pg.size(); ++i) {
    if (pg[i] == '$' && i + 1 < pg.size() && pg[i + 1] >= '0' && pg[i + 1] <= '9') {
      out += '?';
      while (i + 1 < pg.size() && pg[i + 1] >= '0' && pg[i + 1] <= '9') ++i;
    } else {
      out += pg[i];
    }
  }
  return out;
}

}  // namespace vellum_test

// The text a query runs as on SQLite: to_sql() itself there; on PostgreSQL (whose to_sql() says
// $n) the SQLite rendering of the same query.
#ifdef VELLUM_TEST_BACKEND_POSTGRES
#define SQL_OF(query) ::vellum_test::sqlite_text(query)
#else
#define SQL_OF(query) (query).to_sql()
#endif
