// The statement cache: a repeated statement is prepared once, the cache stays within its bound
// and evicts the least recently used, a statement in use is never handed out twice, and the
// logger sees each execution (SQL text, parameter count, rows, cache miss).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>
#include <vellum/core.hpp>

namespace {

struct logged_event {
  std::string sql;
  int parameter_count;
  std::int64_t rows;
  bool prepared;
};

struct recording_logger {
  explicit recording_logger(vellum::connection& db) {
    db.set_logger([this](const vellum::query_event& e) {
      events.push_back({std::string(e.sql), e.parameter_count, e.rows, e.prepared});
    });
  }
  std::vector<logged_event> about(const std::string& sql) const {
    std::vector<logged_event> out;
    for (const auto& e : events)
      if (e.sql == sql) out.push_back(e);
    return out;
  }
  std::vector<logged_event> events;
};

std::string select_constant(int i) { return "SELECT " + std::to_string(i); }

}  // namespace

TEST_CASE("the same SQL run 1,000 times is prepared once", "[core][statement_cache]") {
  vellum::connection db{":memory:"};
  db.execute("CREATE TABLE hits(n INTEGER NOT NULL)");
  recording_logger log{db};
  const auto prepared_before = db.stats().statements_prepared;
  const auto hits_before = db.stats().cache_hits;

  const std::string sql = "INSERT INTO hits(n) VALUES (?)";
  for (int i = 0; i < 1000; ++i) db.run(sql, i);

  CHECK(db.stats().statements_prepared - prepared_before == 1);
  CHECK(db.stats().cache_hits - hits_before == 999);
  const auto events = log.about(sql);
  REQUIRE(events.size() == 1000);
  CHECK(events.front().prepared);
  CHECK(std::count_if(events.begin(), events.end(), [](const logged_event& e) { return e.prepared; }) == 1);
  CHECK(db.query_value<std::int64_t>("SELECT sum(n) FROM hits") == 999 * 1000 / 2);
}

TEST_CASE("the cache never holds more than its bound and evicts the least recently used",
          "[core][statement_cache]") {
  vellum::connection db{":memory:", vellum::connection_options{.statement_cache_size = 4}};
  CHECK(db.statement_cache_capacity() == 4);
  for (int i = 0; i < 20; ++i) {
    CHECK(db.query_value<int>(select_constant(i)) == i);
    CHECK(db.cached_statements() <= 4);
  }
  CHECK(db.cached_statements() == 4);  // the last four: 16…19

  const auto prepared = [&] { return db.stats().statements_prepared; };
  auto before = prepared();
  (void)db.query_value<int>(select_constant(16));  // hit; 17 is now the least recently used
  CHECK(prepared() == before);
  (void)db.query_value<int>(select_constant(100));  // miss; evicts 17
  CHECK(prepared() == before + 1);
  (void)db.query_value<int>(select_constant(16));
  CHECK(prepared() == before + 1);  // still cached
  (void)db.query_value<int>(select_constant(17));
  CHECK(prepared() == before + 2);  // was evicted
  CHECK(db.cached_statements() == 4);
}

TEST_CASE("a cache of size 0 prepares every time", "[core][statement_cache]") {
  vellum::connection db{":memory:", vellum::connection_options{.statement_cache_size = 0}};
  const auto before = db.stats().statements_prepared;
  for (int i = 0; i < 5; ++i) CHECK(db.query_value<int>("SELECT 7") == 7);
  CHECK(db.stats().statements_prepared - before == 5);
  CHECK(db.cached_statements() == 0);
}

TEST_CASE("a statement in use is not handed out twice", "[core][statement_cache]") {
  vellum::connection db{":memory:"};
  db.execute("CREATE TABLE n(x INTEGER); INSERT INTO n VALUES (1), (2), (3);");
  const std::string sql = "SELECT x FROM n WHERE x >= ? ORDER BY x";

  std::vector<std::pair<int, int>> pairs;
  const auto prepared_before = db.stats().statements_prepared;
  {
    auto outer = db.prepare(sql);  // prepared and cached
    outer.bind(1, 2);
    while (outer.step()) {
      const int x = outer.get<int>(0);
      auto inner = db.prepare(sql);  // same SQL while the outer lease is mid-iteration
      inner.bind(1, x);
      while (inner.step()) pairs.emplace_back(x, inner.get<int>(0));
    }
  }
  CHECK(pairs == std::vector<std::pair<int, int>>{{2, 2}, {2, 3}, {3, 3}});
  // One cached statement, plus a fresh uncached one for each of the two inner leases.
  CHECK(db.stats().statements_prepared - prepared_before == 3);
  CHECK(db.cached_statements() == 1);

  // Released, the cached statement is handed out again.
  const auto before = db.stats().statements_prepared;
  CHECK(db.query_value<int>(sql, 3) == 3);
  CHECK(db.stats().statements_prepared == before);
}

TEST_CASE("released leases return to the cache even when the cache is full of busy ones",
          "[core][statement_cache]") {
  vellum::connection db{":memory:", vellum::connection_options{.statement_cache_size = 2}};
  {
    auto a = db.prepare("SELECT 1");
    auto b = db.prepare("SELECT 2");
    auto c = db.prepare("SELECT 3");  // every cached entry is in use: c is owned by its lease
    CHECK(db.cached_statements() == 2);
    REQUIRE(c.step());
    CHECK(c.get<int>(0) == 3);
  }
  const auto before = db.stats().statements_prepared;
  CHECK(db.query_value<int>("SELECT 1") == 1);
  CHECK(db.query_value<int>("SELECT 2") == 2);
  CHECK(db.stats().statements_prepared == before);
}

TEST_CASE("prepare_static keys the cache by the address of static SQL", "[core][statement_cache]") {
  static constexpr std::string_view sql = "SELECT 40 + 2";
  vellum::connection db{":memory:"};
  const auto before = db.stats().statements_prepared;
  for (int i = 0; i < 10; ++i) {
    auto st = db.prepare_static(sql);
    REQUIRE(st.step());
    CHECK(st.get<int>(0) == 42);
  }
  CHECK(db.stats().statements_prepared - before == 1);
  CHECK(db.stats().cache_hits == 9);
  CHECK(db.cached_statements() == 1);
}

TEST_CASE("evicting one of two entries with the same SQL keeps the other found by text",
          "[core][statement_cache]") {
  // The same SQL text at two static addresses (one query in two translation units), then by text.
  static constexpr char first[] = "SELECT 7";
  static constexpr char second[] = "SELECT 7";
  vellum::connection db{":memory:", vellum::connection_options{.statement_cache_size = 2}};
  CHECK(db.query_value<int>("SELECT 7") == 7);  // entry 1, keyed by text
  { auto st = db.prepare_static(second); REQUIRE(st.step()); }
  CHECK(db.cached_statements() == 2);
  CHECK(db.query_value<int>("SELECT 8") == 8);  // evicts entry 1, the least recently used
  const auto prepared = db.stats().statements_prepared;
  CHECK(db.query_value<int>("SELECT 7") == 7);  // found by text: the static entry of `second`
  CHECK(db.stats().statements_prepared == prepared);

  // A newer entry with that text takes the text over; evicting the older one keeps it (under
  // ASan this also proves the text key does not point into the evicted entry).
  { auto st = db.prepare_static(first); REQUIRE(st.step()); }
  CHECK(db.query_value<int>("SELECT 9") == 9);  // evicts the entry of `second`
  const auto prepared_again = db.stats().statements_prepared;
  CHECK(db.query_value<int>("SELECT 7") == 7);
  CHECK(db.stats().statements_prepared == prepared_again);
}

TEST_CASE("the logger sees SQL text, parameter count and rows", "[core][statement_cache]") {
  vellum::connection db{":memory:"};
  db.execute("CREATE TABLE people(name TEXT, age INTEGER)");
  recording_logger log{db};

  const std::string insert = "INSERT INTO people(name, age) VALUES (?, ?)";
  db.run(insert, "Ada", 36);
  db.run(insert, "Grace", 85);
  const auto inserts = log.about(insert);
  REQUIRE(inserts.size() == 2);
  CHECK(inserts[0].parameter_count == 2);
  CHECK(inserts[0].rows == 1);
  CHECK(inserts[0].prepared);
  CHECK_FALSE(inserts[1].prepared);
  for (const auto& e : log.events) CHECK(e.sql.find("Ada") == std::string::npos);  // never values

  const std::string select = "SELECT name FROM people WHERE age > ?";
  std::vector<std::string> names;
  {
    auto st = db.prepare(select);
    st.bind(1, 0);
    while (st.step()) names.push_back(st.get<std::string>(0));
  }
  CHECK(names.size() == 2);
  const auto selects = log.about(select);
  REQUIRE(selects.size() == 1);
  CHECK(selects[0].rows == 2);
  CHECK(selects[0].parameter_count == 1);

  const std::string update = "UPDATE people SET age = age + 1";
  db.run(update);
  REQUIRE(log.about(update).size() == 1);
  CHECK(log.about(update)[0].rows == 2);
  CHECK(log.about(update)[0].parameter_count == 0);

  SECTION("a statement prepared but never run is not logged") {
    { auto unused = db.prepare("SELECT 1"); }
    CHECK(log.about("SELECT 1").empty());
  }
  SECTION("execute() logs each statement of a script") {
    db.execute("DELETE FROM people WHERE name = 'Ada'; DELETE FROM people;");
    REQUIRE(log.about("DELETE FROM people WHERE name = 'Ada';").size() == 1);
    CHECK(log.about("DELETE FROM people WHERE name = 'Ada';")[0].rows == 1);
  }
  SECTION("a throwing logger does not fail the statement") {
    db.set_logger([](const vellum::query_event&) { throw std::runtime_error("logger broke"); });
    CHECK(db.run("DELETE FROM people") == 2);
  }
}
