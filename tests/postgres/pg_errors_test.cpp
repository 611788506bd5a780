#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pg_test_server.hpp"
#include "vellum/core/error.hpp"
#include "vellum/core/pg_connection.hpp"

using vellum::constraint_kind;
using vellum::testing::pg_test_schema;

namespace {
void create_tables(vellum::pg::connection& db) {
  db.execute(R"sql(
    CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL, site TEXT NOT NULL, age INT,
                        CONSTRAINT users_email_site UNIQUE (email, site),
                        CONSTRAINT users_age_positive CHECK (age > 0));
    CREATE TABLE posts (id BIGINT PRIMARY KEY, author_id BIGINT REFERENCES users (id));
    INSERT INTO users VALUES (1, 'a@x', 'main', 30);
  )sql");
}

template <class... Args>
vellum::constraint_error violation(vellum::pg::connection& db, const std::string& sql, const Args&... args) {
  try {
    db.run(sql, args...);
  } catch (const vellum::constraint_error& e) {
    return e;
  }
  FAIL("no constraint_error from " << sql);
  throw;
}
}  // namespace

TEST_CASE("pg a unique violation names the table and columns", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  create_tables(db);
  const auto e = violation(db, "INSERT INTO users VALUES ($1, $2, $3, $4)", 2, "a@x", "main", 20);
  CHECK(e.kind() == constraint_kind::unique);
  CHECK(e.table() == "users");
  CHECK(e.columns() == std::vector<std::string>{"email", "site"});
  CHECK(e.constraint_name() == "users_email_site");
  CHECK(e.sqlstate() == "23505");
  CHECK(std::string(e.what()).find("INSERT INTO users") != std::string::npos);
  CHECK(std::string(e.what()).find("a@x") == std::string::npos);  // no values in the message
}

TEST_CASE("pg a value PostgreSQL cannot store is a validation_error and changes nothing", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  db.execute("CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT NOT NULL, data JSONB)");
  db.run("INSERT INTO notes VALUES (1, 'kept', NULL)");
  // libpq sends text parameters up to their first NUL: refused before sending, never shortened.
  CHECK_THROWS_AS(db.run("INSERT INTO notes VALUES (2, $1, NULL)", std::string("nul\0byte", 8)), vellum::validation_error);
  CHECK_THROWS_AS(db.run("UPDATE notes SET body = $1 WHERE id = 1", std::string("\0", 1)), vellum::validation_error);
  // JSONB refuses \u0000 (SQLSTATE 22P05).
  try {
    db.run("INSERT INTO notes VALUES (3, 'x', $1)", nlohmann::json{{"a", std::string("\0", 1)}});
    FAIL("JSON with \\u0000 was accepted");
  } catch (const vellum::validation_error& e) {
    CHECK(e.sqlstate() == "22P05");
  }
  CHECK(db.query_value<std::string>("SELECT string_agg(id::text || ':' || body, ',' ORDER BY id) FROM notes") ==
        std::optional<std::string>("1:kept"));
}

TEST_CASE("pg a primary key violation is kind primary_key", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  create_tables(db);
  const auto e = violation(db, "INSERT INTO users VALUES (1, 'b@x', 'main', 20)");
  CHECK(e.kind() == constraint_kind::primary_key);
  CHECK(e.table() == "users");
  CHECK(e.columns() == std::vector<std::string>{"id"});
}

TEST_CASE("pg a foreign key violation names the table and column", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  create_tables(db);
  const auto e = violation(db, "INSERT INTO posts VALUES (1, 99)");
  CHECK(e.kind() == constraint_kind::foreign_key);
  CHECK(e.table() == "posts");
  CHECK(e.columns() == std::vector<std::string>{"author_id"});
  CHECK(e.sqlstate() == "23503");
  db.run("INSERT INTO posts VALUES (1, 1)");
  CHECK(violation(db, "DELETE FROM users WHERE id = 1").kind() == constraint_kind::foreign_key);
}

TEST_CASE("pg a not null violation names the column", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  create_tables(db);
  const auto e = violation(db, "INSERT INTO users (id, site) VALUES (3, 'main')");
  CHECK(e.kind() == constraint_kind::not_null);
  CHECK(e.table() == "users");
  CHECK(e.columns() == std::vector<std::string>{"email"});
}

TEST_CASE("pg a check violation names the constraint", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  create_tables(db);
  const auto e = violation(db, "INSERT INTO users VALUES (4, 'c@x', 'main', -1)");
  CHECK(e.kind() == constraint_kind::check);
  CHECK(e.table() == "users");
  CHECK(e.constraint_name() == "users_age_positive");
}

TEST_CASE("pg a syntax error is a vellum error with the SQL and SQLSTATE", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  try {
    (void)db.prepare("SELEKT 1");
    FAIL("prepared bad SQL");
  } catch (const vellum::error& e) {
    CHECK(e.sqlstate() == "42601");
    CHECK(std::string(e.what()).find("SELEKT 1") != std::string::npos);
  }
  CHECK_THROWS_AS(db.execute("SELECT * FROM no_such_table"), vellum::error);
  CHECK(db.query_value<int>("SELECT 1") == 1);  // the connection stays usable
}

TEST_CASE("pg a serialization failure between two connections is busy", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection a{schema.url()};
  vellum::pg::connection b{schema.url()};
  a.execute("CREATE TABLE counter (id INT PRIMARY KEY, n INT); INSERT INTO counter VALUES (1, 0)");
  auto ta = a.begin(vellum::pg::isolation::serializable);
  auto tb = b.begin(vellum::pg::isolation::serializable);
  CHECK(a.query_value<int>("SELECT n FROM counter WHERE id = 1") == 0);
  CHECK(b.query_value<int>("SELECT n FROM counter WHERE id = 1") == 0);
  a.run("UPDATE counter SET n = n + 1 WHERE id = 1");
  ta.commit();
  try {
    b.run("UPDATE counter SET n = n + 1 WHERE id = 1");
    FAIL("the second writer was not refused");
  } catch (const vellum::busy& e) {
    CHECK(e.sqlstate() == "40001");
  }
  tb.rollback();
  CHECK(b.query_value<int>("SELECT n FROM counter WHERE id = 1") == 1);
}

TEST_CASE("pg a lock timeout is busy", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection a{schema.url()};
  vellum::pg::connection b{schema.url()};
  a.execute("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1)");
  auto ta = a.begin();
  a.run("UPDATE t SET id = 1 WHERE id = 1");
  b.execute("SET lock_timeout = '50ms'");
  CHECK_THROWS_AS(b.run("UPDATE t SET id = 1 WHERE id = 1"), vellum::busy);
}
