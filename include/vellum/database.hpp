// `basic_database<Conn>`: a connection of any backend (`Conn`: vellum::connection for SQLite) plus
// the query builder's entry points, so queries read like Drizzle; queries render in the
// connection's dialect (`Conn::sql_dialect`). `database` is the SQLite one.
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

template <class Conn>
class basic_database : public Conn {
 public:
  using Conn::Conn;
  using Conn::prepare;
  using Conn::run;
  using connection_type = Conn;
  static constexpr dialect sql_dialect = Conn::sql_dialect;

  /// Whole rows of Row.
  template <class Row>
  [[nodiscard]] auto select() {
    return vellum::select<Row>().with_db(as_connection());
  }
  /// Expressions as tuples (or one value); add .from<T>().
  template <expression... E>
  [[nodiscard]] auto select(const E&... exprs) {
    return vellum::select(exprs...).with_db(as_connection());
  }

  /// Inserts a whole row; returns it with C++ defaults applied and an autoincrement key filled.
  template <mapped_row Row>
  Row insert(const Row& row) {
    return insert_row(*as_connection(), row);
  }
  /// Inserts every row of `rows` in one transaction (one cached single-row statement).
  template <std::ranges::input_range Range>
    requires mapped_row<std::ranges::range_value_t<Range>>
  std::size_t insert(const Range& rows) {
    return insert_rows(*as_connection(), rows);
  }
  /// A partial insert: insert_into<Row>().values(set<&Row::a>(…), …).run().
  template <mapped_row Row>
  [[nodiscard]] auto insert_into() {
    return vellum::insert_into<Row>().with_db(as_connection());
  }
  template <mapped_row Row>
  [[nodiscard]] auto update() {
    return vellum::update<Row>().with_db(as_connection());
  }
  template <mapped_row Row>
  [[nodiscard]] auto delete_from() {
    return vellum::delete_from<Row>().with_db(as_connection());
  }

  /// A query with named parameters, prepared once and run with v::arg<"name">(value) arguments.
  template <class Q>
    requires requires { typename Q::params; Q::is_static; }
  [[nodiscard]] auto prepare(Q query) {
    using bound = decltype(std::move(query).with_db(as_connection()));
    return prepared_query<bound>(*as_connection(), std::move(query).with_db(as_connection()));
  }

  /// Runs a query built without a database (v::select<…>(), v::update<…>(), …).
  template <class Q>
    requires requires(Q q) { q.db; }
  decltype(auto) run(Q query) {
    return std::move(query).with_db(as_connection()).execute_default();
  }

  /// SQLite's EXPLAIN QUERY PLAN for `query`: one detail line per plan step.
  template <class Q>
  [[nodiscard]] std::vector<std::string> explain(const Q& query) {
    static_assert(sql_dialect == dialect::sqlite,
                  "explain() reads SQLite's EXPLAIN QUERY PLAN; on PostgreSQL run EXPLAIN through execute()");
    auto st = Conn::prepare("EXPLAIN QUERY PLAN " + detail::render_sql(query));
    auto b = detail::make_binder(st);
    query.bind(b);
    std::vector<std::string> plan;
    while (st.step()) plan.push_back(st.template get<std::string>(3));
    return plan;
  }

  /// How this database differs from the definitions of Rows… (empty when they agree): a
  /// start-up check, so a service can refuse a database that does not match its code.
  template <mapped_row... Rows>
    requires(sql_dialect == dialect::sqlite)  // introspects SQLite's catalogue
  [[nodiscard]] std::vector<migrate::schema_difference> check_schema() {
    return migrate::check_schema<Rows...>(*this);
  }
  /// The same for a type_list of rows, such as vellum::cms::all_tables.
  template <mapped_row... Rows>
    requires(sql_dialect == dialect::sqlite)
  [[nodiscard]] std::vector<migrate::schema_difference> check_schema(type_list<Rows...>) {
    return migrate::check_schema<Rows...>(*this);
  }

  /// CREATE TABLE IF NOT EXISTS (and indexes) for each Row, in one transaction.
  template <mapped_row... Rows>
  void create_all() {
    this->transaction([&] {
      (this->execute(create_table_sql<Rows, true, sql_dialect>()), ...);
      (this->execute(create_indexes_sql<Rows, true, sql_dialect>()), ...);
    });
  }

 private:
  Conn* as_connection() noexcept { return this; }
};

/// The SQLite database.
using database = basic_database<connection>;

}  // namespace vellum
