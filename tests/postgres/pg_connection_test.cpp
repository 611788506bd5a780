#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "pg_test_server.hpp"
#include "vellum/core/error.hpp"
#include "vellum/core/pg_connection.hpp"

using vellum::testing::pg_test_schema;

TEST_CASE("pg connect to a closed port fails fast with a typed error without the password", "[postgres]") {
  const auto start = std::chrono::steady_clock::now();
  for (const std::string url : {"postgresql://app:s3cret-pw@127.0.0.1:1/cms", "host=127.0.0.1 port=1 user=app password=s3cret-pw dbname=cms"}) {
    try {
      vellum::pg::connection db{url};
      FAIL("connected to a closed port");
    } catch (const vellum::error& e) {
      const std::string message = e.what();
      CHECK(message.find("s3cret-pw") == std::string::npos);
      CHECK(message.find("connecting to PostgreSQL") != std::string::npos);
      CHECK(message.find("127.0.0.1") != std::string::npos);
    }
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("pg connect to a missing database names the database", "[postgres]") {
  pg_test_schema schema;
  auto url = schema.server_url();
  url = url.substr(0, url.rfind('/')) + "/no_such_database_here";
  CHECK_THROWS_WITH(vellum::pg::connection{url}, Catch::Contains("no_such_database_here"));
}

TEST_CASE("pg connection runs scripts and statements with $n parameters", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  STATIC_REQUIRE(vellum::pg::connection::sql_dialect == vellum::dialect::postgres);
  db.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT NOT NULL); CREATE INDEX t_name ON t (name)");
  CHECK(db.run("INSERT INTO t VALUES ($1, $2), ($3, $4)", 1, "one", 2, std::string("two")) == 2);
  CHECK(db.run("UPDATE t SET name = name || '!' WHERE id >= $1", 1) == 2);
  CHECK(db.query_value<std::string>("SELECT name FROM t WHERE id = $1", 2) == "two!");
  CHECK_FALSE(db.query_value<std::string>("SELECT name FROM t WHERE id = $1", 3).has_value());

  auto st = db.prepare("SELECT id, name AS label FROM t ORDER BY id");
  CHECK(st.sql() == "SELECT id, name AS label FROM t ORDER BY id");
  std::vector<std::string> labels;
  while (st.step()) labels.push_back(st.get<std::string>(1));
  CHECK(labels == std::vector<std::string>{"one!", "two!"});
  CHECK(st.column_count() == 2);
  CHECK(st.column_name(1) == "label");
  CHECK_FALSE(st.step());
}

TEST_CASE("pg statements are prepared once and reused from the cache", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  db.execute("CREATE TABLE t (x BIGINT)");
  const auto before = db.stats();
  for (int i = 0; i < 5; ++i) db.run("INSERT INTO t VALUES ($1)", i);
  CHECK(db.stats().statements_prepared == before.statements_prepared + 1);
  CHECK(db.stats().cache_hits == before.cache_hits + 4);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM t") == 5);
  // The server holds one prepared statement per cached entry.
  const auto on_server = db.query_value<std::int64_t>("SELECT count(*) FROM pg_prepared_statements");
  CHECK(on_server == static_cast<std::int64_t>(db.cached_statements()));

  static constexpr std::string_view static_sql = "SELECT x FROM t WHERE x = $1";
  const auto hits = db.stats().cache_hits;
  CHECK(db.prepare_static(static_sql).bind(1, 3).step());
  CHECK(db.prepare_static(static_sql).bind(1, 3).step());
  CHECK(db.stats().cache_hits == hits + 1);
}

TEST_CASE("pg a nested use of the same SQL gets its own statement", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  db.execute("CREATE TABLE t (x BIGINT); INSERT INTO t VALUES (1), (2), (3)");
  const std::string sql = "SELECT x FROM t WHERE x >= $1 ORDER BY x";
  auto outer = db.prepare(sql);
  outer.bind(1, 1);
  std::int64_t sum = 0;
  while (outer.step()) {
    auto inner = db.prepare(sql);  // the cached one is in use by `outer`
    inner.bind(1, outer.get<std::int64_t>(0));
    while (inner.step()) sum += inner.get<std::int64_t>(0);
  }
  CHECK(sum == (1 + 2 + 3) + (2 + 3) + 3);
  CHECK(db.cached_statements() == 1);
}

TEST_CASE("pg the statement cache stays within its capacity and evicts on the server too", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url(), {.statement_cache_size = 2}};
  for (int i = 0; i < 6; ++i) CHECK(db.query_value<int>("SELECT " + std::to_string(i) + " + $1", 1) == i + 1);
  CHECK(db.cached_statements() == 2);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM pg_prepared_statements") <= 3);

  vellum::pg::connection uncached{schema.url(), {.statement_cache_size = 0}};
  CHECK(uncached.query_value<int>("SELECT $1::int + 1", 41) == 42);
  CHECK(uncached.cached_statements() == 0);
  CHECK(uncached.query_value<std::int64_t>("SELECT count(*) FROM pg_prepared_statements") == 0);
}

TEST_CASE("pg logger sees SQL without values and rows and cache misses", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  db.execute("CREATE TABLE t (x TEXT)");
  std::vector<vellum::query_event> events;
  std::vector<std::string> sql;
  db.set_logger([&](const vellum::query_event& e) {
    events.push_back(e);
    sql.emplace_back(e.sql);
  });
  db.run("INSERT INTO t VALUES ($1), ($2)", "secret-a", "secret-b");
  db.run("INSERT INTO t VALUES ($1), ($2)", "secret-c", "secret-d");
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM t") == 4);
  REQUIRE(events.size() == 3);
  CHECK(sql[0] == "INSERT INTO t VALUES ($1), ($2)");
  CHECK(events[0].parameter_count == 2);
  CHECK(events[0].rows == 2);
  CHECK(events[0].prepared);
  CHECK_FALSE(events[1].prepared);
  CHECK(events[2].rows == 1);
  for (const auto& text : sql) CHECK(text.find("secret") == std::string::npos);
}

TEST_CASE("pg a lost server connection is a typed error and the connection reports it", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  vellum::pg::connection killer{schema.url()};
  const auto pid = db.query_value<int>("SELECT pg_backend_pid()");
  CHECK(killer.query_value<bool>("SELECT pg_terminate_backend($1)", *pid) == true);
  CHECK(db.healthy());  // libpq notices only on the next use
  CHECK_THROWS_AS(db.run("SELECT 1"), vellum::error);
  CHECK_FALSE(db.healthy());
}

TEST_CASE("pg cached statements survive schema changes by this and other sessions", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  vellum::pg::connection other{schema.url()};
  db.execute("CREATE TABLE t (a BIGINT); INSERT INTO t VALUES (1)");
  auto count_columns = [&] {
    auto st = db.prepare("SELECT * FROM t");
    REQUIRE(st.step());
    return st.column_count();
  };
  CHECK(count_columns() == 1);
  other.execute("ALTER TABLE t ADD COLUMN b TEXT");  // the cached plan's result type changes
  CHECK(count_columns() == 2);
  // A parameter whose inferred type changes with a DDL script on this connection.
  db.run("INSERT INTO t (a) VALUES ($1)", 2);
  db.execute("ALTER TABLE t ALTER COLUMN a TYPE TEXT");
  db.run("INSERT INTO t (a) VALUES ($1)", "three");
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM t") == 3);
}
