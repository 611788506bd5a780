#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "pg_test_server.hpp"
#include "vellum/core/error.hpp"
#include "vellum/core/pg_connection.hpp"

using vellum::testing::pg_test_schema;

namespace {
std::int64_t rows(vellum::pg::connection& db) { return *db.query_value<std::int64_t>("SELECT count(*) FROM t"); }
}  // namespace

TEST_CASE("pg transaction commits when fn returns and rolls back when it throws", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  vellum::pg::connection other{schema.url()};
  db.execute("CREATE TABLE t (x INT)");
  const int value = db.transaction([&] {
    db.run("INSERT INTO t VALUES (1)");
    CHECK(db.in_transaction());
    CHECK(rows(other) == 0);  // not visible before the commit
    return 7;
  });
  CHECK(value == 7);
  CHECK_FALSE(db.in_transaction());
  CHECK(rows(other) == 1);
  CHECK_THROWS_AS(db.transaction([&] {
    db.run("INSERT INTO t VALUES (2)");
    throw std::runtime_error("boom");
  }),
                  std::runtime_error);
  CHECK(rows(db) == 1);
  CHECK_FALSE(db.server_in_transaction());
}

TEST_CASE("pg nested transactions are savepoints", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  db.execute("CREATE TABLE t (x INT)");
  db.transaction([&](vellum::pg::transaction& outer) {
    CHECK_FALSE(outer.nested());
    db.run("INSERT INTO t VALUES (1)");
    CHECK_THROWS_AS(db.transaction([&] {
      CHECK(db.transaction_depth() == 2);
      db.run("INSERT INTO t VALUES (2)");
      throw std::runtime_error("inner fails");
    }),
                    std::runtime_error);
    db.transaction([&](vellum::pg::transaction& inner) {
      CHECK(inner.nested());
      db.run("INSERT INTO t VALUES (3)");
    });
    CHECK(db.transaction_depth() == 1);
  });
  CHECK(db.query_value<std::int64_t>("SELECT sum(x) FROM t") == 4);
}

TEST_CASE("pg a failed statement inside a savepoint leaves the outer transaction usable", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  db.execute("CREATE TABLE t (x INT PRIMARY KEY)");
  db.transaction([&] {
    db.run("INSERT INTO t VALUES (1)");
    CHECK_THROWS_AS(db.transaction([&] { db.run("INSERT INTO t VALUES (1)"); }), vellum::constraint_error);
    db.run("INSERT INTO t VALUES (2)");
  });
  CHECK(rows(db) == 2);
}

TEST_CASE("pg commit after a swallowed error rolls back and says so", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  db.execute("CREATE TABLE t (x INT PRIMARY KEY)");
  auto tx = db.begin();
  db.run("INSERT INTO t VALUES (1)");
  CHECK_THROWS_AS(db.run("INSERT INTO t VALUES (1)"), vellum::constraint_error);
  CHECK_THROWS_WITH(tx.commit(), Catch::Contains("rolled back"));
  CHECK_FALSE(tx.active());
  CHECK_FALSE(db.in_transaction());
  CHECK(rows(db) == 0);
}

TEST_CASE("pg explicit rollback and misuse of transaction objects", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  db.execute("CREATE TABLE t (x INT)");
  {
    auto tx = db.begin();
    db.run("INSERT INTO t VALUES (1)");
    auto inner = db.begin();
    CHECK_THROWS_AS(tx.commit(), vellum::invalid_state);
    inner.rollback();
    CHECK_THROWS_AS(inner.rollback(), vellum::invalid_state);
    tx.rollback();
  }
  {
    auto tx = db.begin();
    db.run("INSERT INTO t VALUES (2)");
  }  // destroyed while active: rolled back
  CHECK(rows(db) == 0);
}
