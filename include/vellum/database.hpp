// `database`: a connection plus the query builder's entry points, so queries read like Drizzle.
//
//   vellum::database db{"cms.db"};
//   auto u = db.select<user>().where(col<&user::email> == email).one();
//   db.update<content>().set(col<&content::status> = status::published).where(col<&content::id> == id).run();
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "vellum/core/connection.hpp"
#include "vellum/migrate/schema_check.hpp"
#include "vellum/query/compound.hpp"
#include "vellum/query/delete.hpp"
#include "vellum/query/eager_load.hpp"
#include "vellum/query/insert.hpp"
#include "vellum/query/prepared.hpp"
#include "vellum/query/select.hpp"
#include "vellum/query/update.hpp"
#include "vellum/schema/ddl.hpp"

namespace vellum {

class database : public connection {
 public:
  using connection::connection;
  using connection::prepare;
  using connection::run;

  /// Whole rows of Row.
  template <class Row>
  [[nodiscard]] auto select() {
    auto q = vellum::select<Row>();
    q.db = this;
    return q;
  }
  /// Expressions as tuples (or one value); add .from<T>().
  template <expression... E>
  [[nodiscard]] auto select(const E&... exprs) {
    auto q = vellum::select(exprs...);
    q.db = this;
    return q;
  }

  /// Inserts a whole row; returns it with C++ defaults applied and an autoincrement key filled.
  template <mapped_row Row>
  Row insert(const Row& row) {
    return insert_row(*this, row);
  }
  /// Inserts every row of `rows` in one transaction (one cached single-row statement).
  template <std::ranges::input_range Range>
    requires mapped_row<std::ranges::range_value_t<Range>>
  std::size_t insert(const Range& rows) {
    return insert_rows(*this, rows);
  }
  /// A partial insert: insert_into<Row>().values(set<&Row::a>(…), …).run().
  template <mapped_row Row>
  [[nodiscard]] auto insert_into() {
    auto q = vellum::insert_into<Row>();
    q.db = this;
    return q;
  }
  template <mapped_row Row>
  [[nodiscard]] auto update() {
    auto q = vellum::update<Row>();
    q.db = this;
    return q;
  }
  template <mapped_row Row>
  [[nodiscard]] auto delete_from() {
    auto q = vellum::delete_from<Row>();
    q.db = this;
    return q;
  }

  /// A query with named parameters, prepared once and run with v::arg<"name">(value) arguments.
  template <class Q>
    requires requires { typename Q::params; Q::is_static; }
  [[nodiscard]] prepared_query<Q> prepare(Q query) {
    return prepared_query<Q>(*this, std::move(query));
  }

  /// Runs a query built without a database (v::select<…>(), v::update<…>(), …).
  template <class Q>
    requires requires(Q q) { q.db; }
  decltype(auto) run(Q query) {
    query.db = this;
    return query.execute_default();
  }

  /// SQLite's EXPLAIN QUERY PLAN for `query`: one detail line per plan step.
  template <class Q>
  [[nodiscard]] std::vector<std::string> explain(const Q& query) {
    auto st = connection::prepare("EXPLAIN QUERY PLAN " + detail::render_sql(query));
    binder<> b{st.native_handle()};
    query.bind(b);
    std::vector<std::string> plan;
    while (st.step()) plan.push_back(st.template get<std::string>(3));
    return plan;
  }

  /// How this database differs from the definitions of Rows… (empty when they agree): a
  /// start-up check, so a service can refuse a database that does not match its code.
  template <mapped_row... Rows>
  [[nodiscard]] std::vector<migrate::schema_difference> check_schema() {
    return migrate::check_schema<Rows...>(*this);
  }
  /// The same for a type_list of rows, such as vellum::cms::all_tables.
  template <mapped_row... Rows>
  [[nodiscard]] std::vector<migrate::schema_difference> check_schema(type_list<Rows...>) {
    return migrate::check_schema<Rows...>(*this);
  }

  /// CREATE TABLE IF NOT EXISTS (and indexes) for each Row, in one transaction.
  template <mapped_row... Rows>
  void create_all() {
    transaction([&] {
      (execute(create_table_sql<Rows, true>()), ...);
      (execute(create_indexes_sql<Rows, true>()), ...);
    });
  }
};

}  // namespace vellum
