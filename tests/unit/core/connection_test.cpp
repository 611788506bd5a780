#include <catch2/catch.hpp>

#include <vellum/core.hpp>

TEST_CASE("connection opens memory and runs a script", "[core]") {
  vellum::connection db{":memory:"};
  db.execute("CREATE TABLE t(x INTEGER NOT NULL, s TEXT); INSERT INTO t VALUES (1, 'a');");
  CHECK(db.query_value<std::int64_t>("SELECT x FROM t") == 1);
  CHECK(db.query_value<std::string>("SELECT s FROM t WHERE x = ?", 1) == "a");
  CHECK_FALSE(db.query_value<std::string>("SELECT s FROM t WHERE x = ?", 2).has_value());
  CHECK(db.query_value<std::int64_t>("PRAGMA foreign_keys") == 1);
}
