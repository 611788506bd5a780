#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <latch>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "pg_test_server.hpp"
#include "unit/migrate/capture_migration_error.hpp"
#include "vellum/core/error.hpp"
#include "vellum/core/pg_connection.hpp"
#include "vellum/core/sha256.hpp"
#include "vellum/migrate/migration_status.hpp"
#include "vellum/migrate/pg_migration_runner.hpp"

using vellum::testing::pg_test_schema;
namespace mg = vellum::migrate;

namespace {

mg::migration make(std::string id, std::string name, std::string sql, std::string down = {}) {
  mg::migration m{id, name, fmt::format("{}_{}.sql", id, name), std::move(sql), std::move(down), {}};
  m.checksum = vellum::sha256_hex(m.sql);
  return m;
}

// The CMS-like set of tests/unit/migrate/migration_runner_test.cpp, in PostgreSQL's SQL.
std::vector<mg::migration> blog_set() {
  return {make("001", "create_authors", "CREATE TABLE authors (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL);",
               "DROP TABLE authors;"),
          make("002", "create_posts",
               "CREATE TABLE posts (\n  id BIGSERIAL PRIMARY KEY,\n  author_id BIGINT REFERENCES authors(id)\n);\n"
               "INSERT INTO authors (name) VALUES ('first; author');",
               "DROP TABLE posts;"),
          make("003", "create_tags", "CREATE TABLE tags (id BIGSERIAL PRIMARY KEY, label TEXT UNIQUE);",
               "DROP TABLE tags;")};
}

bool table_exists(vellum::pg::connection& db, const std::string& name) {
  return db.query_value<std::int64_t>("SELECT count(*) FROM pg_catalog.pg_class WHERE oid = to_regclass($1)", name)
             .value_or(0) > 0;
}

std::int64_t recorded(vellum::pg::connection& db) {
  return db.query_value<std::int64_t>("SELECT count(*) FROM migrations").value_or(-1);
}

}  // namespace

TEST_CASE("pg runner up applies in id order and records each migration", "[postgres][migrate]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  auto set = blog_set();
  std::reverse(set.begin(), set.end());  // the runner orders them
  mg::runner_options options;
  options.clock = [] { return vellum::unix_millis{std::chrono::milliseconds{1700000000123}}; };
  vellum::pg::migration_runner runner{db, set, options};
  CHECK(runner.status().size() == 3);
  CHECK(runner.status()[0].state == mg::migration_state::pending);
  CHECK(runner.up() == std::vector<std::string>{"001", "002", "003"});
  CHECK(table_exists(db, "posts"));
  CHECK(db.query_value<std::string>("SELECT name FROM authors") == "first; author");
  auto st = db.prepare("SELECT id, filename, checksum FROM migrations ORDER BY id");
  REQUIRE(st.step());
  CHECK(st.get<std::string>(0) == "001");
  CHECK(st.get<std::string>(1) == "001_create_authors.sql");
  CHECK(st.get<std::string>(2) == runner.migrations()[0].checksum);
  const auto status = runner.status();
  REQUIRE(status.size() == 3);
  for (const auto& s : status) CHECK(s.state == mg::migration_state::applied);
  CHECK(status[1].applied_at == vellum::unix_millis{std::chrono::milliseconds{1700000000123}});
  CHECK(runner.up().empty());  // nothing pending
}

TEST_CASE("pg runner up_to stops at the given id", "[postgres][migrate]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  vellum::pg::migration_runner runner{db, blog_set()};
  CHECK(runner.up_to("002") == std::vector<std::string>{"001", "002"});
  CHECK_FALSE(table_exists(db, "tags"));
  CHECK(runner.status()[2].state == mg::migration_state::pending);
}

TEST_CASE("pg runner a failing migration leaves no trace and names the statement", "[postgres][migrate]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  auto set = blog_set();
  set.push_back(make("004", "broken",
                     "CREATE TABLE media (id BIGINT);\nINSERT INTO media VALUES (1);\n\nALTER TABLE nowhere ADD x INT;\n"
                     "CREATE TABLE after_failure (id BIGINT);"));
  set.push_back(make("005", "later", "CREATE TABLE later (id BIGINT);"));
  vellum::pg::migration_runner runner{db, set};
  const auto e = capture_migration_error([&] { runner.up(); });
  CHECK(e.migration() == "004_broken.sql");
  CHECK_THAT(e.what(), Catch::Contains("004_broken.sql") && Catch::Contains("statement 3 (line 4)") &&
                           Catch::Contains("nowhere"));
  CHECK(e.statement() == "ALTER TABLE nowhere ADD x INT;");
  CHECK(e.sqlstate() == "42P01");  // undefined_table
  CHECK_FALSE(table_exists(db, "media"));
  CHECK_FALSE(table_exists(db, "after_failure"));
  CHECK_FALSE(table_exists(db, "later"));
  CHECK(recorded(db) == 3);  // those before it stay applied
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM migrations WHERE id = '004'") == 0);
  CHECK_FALSE(db.server_in_transaction());
}

TEST_CASE("pg runner refuses a migration that changed after it was applied", "[postgres][migrate][MG-1]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  vellum::pg::migration_runner{db, blog_set()}.up_to("002");
  auto edited = blog_set();
  edited[0] = make("001", "create_authors", "CREATE TABLE authors (id BIGSERIAL PRIMARY KEY, name TEXT, extra TEXT);");
  vellum::pg::migration_runner runner{db, edited};
  const auto e = capture_migration_error([&] { runner.up(); });
  CHECK(e.migration() == "001_create_authors.sql");
  CHECK_THAT(e.what(), Catch::Contains("nothing was applied") && Catch::Contains("checksum differs"));
  CHECK_FALSE(table_exists(db, "tags"));
  CHECK(runner.status()[0].state == mg::migration_state::changed);
  mg::runner_options allow;
  allow.allow_changed = true;
  vellum::pg::migration_runner overriding{db, edited, allow};
  CHECK(overriding.up() == std::vector<std::string>{"003"});
  CHECK(overriding.status()[0].state == mg::migration_state::changed);  // the record keeps its checksum
  CHECK(overriding.mark_applied("001"));  // accepting the edit
  CHECK(runner.status()[0].state == mg::migration_state::applied);
}

TEST_CASE("pg runner down reverts with the down scripts newest first", "[postgres][migrate]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  vellum::pg::migration_runner runner{db, blog_set()};
  runner.up();
  CHECK(runner.down_last() == std::vector<std::string>{"003"});
  CHECK_FALSE(table_exists(db, "tags"));
  CHECK(runner.down("0") == std::vector<std::string>{"002", "001"});
  CHECK_FALSE(table_exists(db, "authors"));
  CHECK(recorded(db) == 0);
  CHECK(runner.up().size() == 3);  // and up again
}

TEST_CASE("pg runner baseline and mark_applied record without running", "[postgres][migrate]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  vellum::pg::migration_runner runner{db, blog_set()};
  CHECK(runner.baseline("002") == std::vector<std::string>{"001", "002"});
  CHECK_FALSE(table_exists(db, "authors"));
  CHECK(runner.status()[1].state == mg::migration_state::applied);
  CHECK(runner.mark_applied("003"));
  CHECK_FALSE(runner.mark_applied("003"));  // nothing left to record
  CHECK(runner.up().empty());
  CHECK(recorded(db) == 3);
  CHECK_THROWS_AS(runner.mark_applied("042"), vellum::not_found);
}

TEST_CASE("pg runner runs a dollar-quoted function body", "[postgres][migrate]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  const auto m = make("001", "function",
                      "CREATE TABLE counters (n INT NOT NULL);\n"
                      "CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $fn$\n"
                      "BEGIN\n  NEW.n := NEW.n + 1;\n  RETURN NEW;\nEND;\n$fn$;\n"
                      "CREATE TRIGGER counters_bump BEFORE INSERT ON counters FOR EACH ROW EXECUTE FUNCTION bump();\n"
                      "DO $$ BEGIN INSERT INTO counters VALUES (((E'4\\'s' = '4''s') AND true)::int); END $$;\n"
                      "INSERT INTO counters VALUES (41);");
  vellum::pg::migration_runner runner{db, {m}};
  CHECK(runner.up() == std::vector<std::string>{"001"});
  CHECK(db.query_value<std::int64_t>("SELECT sum(n) FROM counters") == 2 + 42);
}

TEST_CASE("pg runner a no-transaction migration runs outside a transaction", "[postgres][migrate]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  auto set = blog_set();
  set.push_back(make("004", "index_concurrently",
                     "-- vellum: no-transaction\nCREATE INDEX CONCURRENTLY idx_posts_author ON posts (author_id);"));
  vellum::pg::migration_runner runner{db, set};
  CHECK(runner.up().size() == 4);
  CHECK(table_exists(db, "idx_posts_author"));
  CHECK(runner.status()[3].state == mg::migration_state::applied);
  // The same statement inside a migration's transaction is refused by the server, and nothing stays.
  vellum::pg::migration_runner in_tx{db, {make("005", "bad", "CREATE INDEX CONCURRENTLY idx_tags ON tags (label);")}};
  const auto e = capture_migration_error([&] { in_tx.up(); });
  CHECK(e.sqlstate() == "25001");  // active_sql_transaction
  CHECK_FALSE(table_exists(db, "idx_tags"));
}

TEST_CASE("pg runner refuses to run inside an open transaction", "[postgres][migrate]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  vellum::pg::migration_runner runner{db, blog_set()};
  db.execute("BEGIN");
  CHECK_THROWS_AS(runner.up(), vellum::invalid_state);
  db.execute("ROLLBACK");
  CHECK(runner.up().size() == 3);
}

TEST_CASE("pg runner two connections running up at once apply each migration once", "[postgres][migrate][concurrency]") {
  pg_test_schema schema;
  std::vector<mg::migration> set;
  for (int i = 1; i <= 25; ++i) {
    // Running one twice would fail (its table exists) and log twice.
    std::string sql = fmt::format("CREATE TABLE t{} (x INT);\nINSERT INTO applied_log VALUES ({});", i, i);
    if (i == 1) sql = "CREATE TABLE applied_log (n INT NOT NULL);\n" + sql;
    set.push_back(make(fmt::format("{:03}", i), fmt::format("step_{}", i), sql));
  }
  std::vector<std::string> applied[2];
  std::string failure[2];
  std::latch start(2);
  std::vector<std::thread> threads;
  for (int k = 0; k < 2; ++k) {
    threads.emplace_back([&, k] {
      try {
        vellum::pg::connection db{schema.url()};
        vellum::pg::migration_runner runner{db, set};
        start.arrive_and_wait();
        applied[k] = runner.up();
      } catch (const std::exception& e) {
        failure[k] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failure[0].empty());
  CHECK(failure[1].empty());
  std::set<std::string> all(applied[0].begin(), applied[0].end());
  for (const auto& id : applied[1]) CHECK(all.insert(id).second);  // nobody applied one the other did
  CHECK(all.size() == set.size());
  for (const auto& ids : applied) CHECK(std::is_sorted(ids.begin(), ids.end()));
  vellum::pg::connection db{schema.url()};
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM applied_log") == 25);
  CHECK(db.query_value<std::int64_t>("SELECT count(DISTINCT n) FROM applied_log") == 25);
  CHECK(recorded(db) == 25);
  vellum::pg::migration_runner again{db, set};
  CHECK(again.up().empty());
}
