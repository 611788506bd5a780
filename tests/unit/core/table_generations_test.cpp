// table_generations (core/table_generations.hpp): what the query cache relies on to notice
// writes. Every kind of row change moves the changed table's generation and only that one;
// changes the update hook cannot name move every table's.
#include <catch2/catch.hpp>

#include <vellum/core.hpp>
#include <vellum/core/table_generations.hpp>

namespace {

struct watched {
  vellum::connection db{":memory:"};
  vellum::table_generations* gens = nullptr;
  watched() {
    db.execute(
        "CREATE TABLE a(id INTEGER PRIMARY KEY, x INTEGER);"
        "CREATE TABLE b(id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id) ON DELETE CASCADE);"
        "CREATE TABLE log(msg TEXT);"
        "CREATE TABLE plain(x INTEGER); INSERT INTO plain VALUES (1), (2);"
        "CREATE TABLE k(id TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID;"
        "CREATE TRIGGER a_log AFTER UPDATE ON a BEGIN INSERT INTO log VALUES ('a changed'); END;"
        "INSERT INTO a VALUES (1, 1), (2, 2); INSERT INTO b VALUES (10, 1);");
    gens = &db.watch_tables();
  }
};

}  // namespace

TEST_CASE("a row change moves its table's generation and no other", "[core][cache]") {
  watched w;
  const auto a = w.gens->generation("a");
  const auto b = w.gens->generation("b");
  const auto log = w.gens->generation("log");
  SECTION("insert") {
    w.db.run("INSERT INTO b VALUES (11, 2)");
    CHECK(w.gens->generation("b") != b);
    CHECK(w.gens->generation("a") == a);
  }
  SECTION("update, and the trigger's insert") {
    w.db.run("UPDATE a SET x = 5 WHERE id = 2");
    CHECK(w.gens->generation("a") != a);
    CHECK(w.gens->generation("log") != log);
    CHECK(w.gens->generation("b") == b);
  }
  SECTION("a delete and its cascade") {
    w.db.run("DELETE FROM a WHERE id = 1");
    CHECK(w.gens->generation("a") != a);
    CHECK(w.gens->generation("b") != b);
    CHECK(w.gens->generation("log") == log);
  }
  SECTION("inside a transaction, before COMMIT") {
    auto tx = w.db.begin();
    w.db.run("INSERT INTO log VALUES ('x')");
    CHECK(w.gens->generation("log") != log);
    tx.rollback();
    CHECK(w.gens->generation("a") == a);
  }
  SECTION("a write that changes no row moves nothing") {
    w.db.run("UPDATE a SET x = 0 WHERE id = 99");
    CHECK(w.gens->generation("a") == a);
  }
}

TEST_CASE("changes the update hook cannot name move every table", "[core][cache]") {
  watched w;
  const auto a = w.gens->generation("a");
  const auto never_written = w.gens->generation("log");
  SECTION("a WITHOUT ROWID table") { w.db.run("INSERT INTO k VALUES ('x', 1)"); }
  SECTION("DELETE without WHERE (the truncate optimisation)") { w.db.execute("DELETE FROM plain"); }
  SECTION("DROP TABLE") { w.db.execute("DROP TABLE log"); }
  SECTION("ALTER TABLE") { w.db.execute("ALTER TABLE b ADD COLUMN note TEXT"); }
  CHECK(w.gens->generation("a") != a);
  CHECK(w.gens->generation("log") != never_written);
}
