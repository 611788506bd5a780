#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include <vellum/core.hpp>
#include <vellum/database.hpp>
#include <vellum/migrate.hpp>

#include "capture_migration_error.hpp"
#include "support/scratch_folder.hpp"

namespace {

namespace mg = vellum::migrate;
using vellum::testing::scratch_folder;

constexpr vellum::unix_millis fixed_time{std::chrono::milliseconds{1'700'000'000'123}};

mg::runner_options fixed_clock() {
  mg::runner_options options;
  options.clock = [] { return fixed_time; };
  return options;
}

bool table_exists(vellum::connection& db, const std::string& name) {
  return db.query_value<std::int64_t>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", name) ==
         1;
}

std::vector<std::string> recorded_ids(vellum::connection& db) {
  std::vector<std::string> ids;
  auto st = db.prepare("SELECT id FROM migrations ORDER BY CAST(id AS INTEGER)");
  while (st.step()) ids.push_back(st.get<std::string>(0));
  return ids;
}

std::vector<mg::migration_state> states(mg::migration_runner& runner) {
  std::vector<mg::migration_state> out;
  for (const auto& s : runner.status()) out.push_back(s.state);
  return out;
}

// A runner over the folder `m` of `dir`, read as it is now.
mg::migration_runner runner_on(vellum::connection& db, const scratch_folder& dir, mg::runner_options options = {}) {
  return mg::migration_runner{db, mg::load_folder(dir.path() / "m"), std::move(options)};
}

void write_five(const scratch_folder& dir) {
  dir.write("m/001_create_authors.sql", "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);");
  dir.write("m/002_create_posts.sql",
            "CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors(id));\n"
            "INSERT INTO authors (name) VALUES ('ada');");
  dir.write("m/003_create_tags.sql",
            "CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT NOT NULL);\n"
            "INSERT INTO tags (label) VALUES ('news');\n"
            "INSERT INTO tag_links (tag_id) VALUES (1);\n");  // tag_links does not exist
  dir.write("m/004_create_media.sql", "CREATE TABLE media (id INTEGER PRIMARY KEY);");
  dir.write("m/005_index_posts.sql", "CREATE INDEX idx_posts_author ON posts (author_id);");
}

}  // namespace

TEST_CASE("up on an empty database creates the tracking table and records each migration", "[migrate][runner]") {
  scratch_folder dir;
  dir.write("m/001_a.sql", "CREATE TABLE a (x INTEGER);");
  dir.write("m/002_b.sql", "\xEF\xBB\xBF-- b\r\nCREATE TABLE b (y INTEGER);\r\n");
  vellum::connection db{":memory:"};
  auto runner = runner_on(db, dir, fixed_clock());

  CHECK(states(runner) == std::vector{mg::migration_state::pending, mg::migration_state::pending});
  CHECK_FALSE(table_exists(db, "migrations"));  // status() writes nothing

  CHECK(runner.up() == std::vector<std::string>{"001", "002"});
  CHECK(table_exists(db, "a"));
  CHECK(table_exists(db, "b"));
  auto st = db.prepare("SELECT id, name, filename, applied_at, checksum FROM migrations ORDER BY id");
  REQUIRE(st.step());
  CHECK(st.get<std::string>(0) == "001");
  CHECK(st.get<std::string>(1) == "a");
  CHECK(st.get<std::string>(2) == "001_a.sql");
  CHECK(st.get<std::int64_t>(3) == 1'700'000'000'123);  // milliseconds from the injected clock
  CHECK(st.get<std::string>(4) == vellum::sha256_hex("CREATE TABLE a (x INTEGER);"));
  REQUIRE(st.step());
  CHECK(st.get<std::string>(4) == vellum::sha256_hex("\xEF\xBB\xBF-- b\r\nCREATE TABLE b (y INTEGER);\r\n"));
  CHECK_FALSE(st.step());

  const auto status = runner.status();
  CHECK(status[0].state == mg::migration_state::applied);
  CHECK(status[0].applied_at == fixed_time);
  CHECK(runner.up().empty());  // idempotent
}

TEST_CASE("a failing third of five migrations leaves 1-2 applied and nothing of 3", "[migrate][runner][MG-2]") {
  scratch_folder dir;
  write_five(dir);
  vellum::connection db{dir.file("cms.db")};
  {
    auto runner = runner_on(db, dir);
    const auto e = capture_migration_error([&] { runner.up(); });
    CHECK(e.migration() == "003_create_tags.sql");
    CHECK(e.statement() == "INSERT INTO tag_links (tag_id) VALUES (1);");
    CHECK_THAT(e.what(), Catch::Contains("003_create_tags.sql") && Catch::Contains("statement 3 (line 3)") &&
               Catch::Contains("no such table: tag_links"));
    CHECK(e.sqlite_code() == SQLITE_ERROR);
    CHECK(table_exists(db, "authors"));
    CHECK(table_exists(db, "posts"));
    CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM authors") == 1);
    CHECK_FALSE(table_exists(db, "tags"));  // its first two statements were rolled back
    CHECK(recorded_ids(db) == std::vector<std::string>{"001", "002"});
    CHECK(states(runner) == std::vector{mg::migration_state::applied, mg::migration_state::applied,
                                        mg::migration_state::pending, mg::migration_state::pending,
                                        mg::migration_state::pending});
    CHECK_FALSE(db.in_transaction());
  }
  // Fix migration 3 and run again: it completes.
  dir.write("m/003_create_tags.sql",
            "CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT NOT NULL);\n"
            "INSERT INTO tags (label) VALUES ('news');\n");
  auto runner = runner_on(db, dir);
  CHECK(runner.up() == std::vector<std::string>{"003", "004", "005"});
  CHECK(recorded_ids(db) == std::vector<std::string>{"001", "002", "003", "004", "005"});
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM tags") == 1);
}

TEST_CASE("an edited applied migration is reported changed and up refuses", "[migrate][runner][MG-1]") {
  scratch_folder dir;
  dir.write("m/001_a.sql", "CREATE TABLE a (x INTEGER);");
  dir.write("m/002_b.sql", "CREATE TABLE b (y INTEGER);");
  vellum::connection db{":memory:"};
  runner_on(db, dir).up();

  dir.write("m/001_a.sql", "CREATE TABLE a (x INTEGER, extra TEXT);");
  dir.write("m/003_c.sql", "CREATE TABLE c (z INTEGER);");
  auto runner = runner_on(db, dir);
  const auto status = runner.status();
  REQUIRE(status.size() == 3);
  CHECK(status[0].state == mg::migration_state::changed);
  CHECK_THAT(status[0].detail, Catch::Contains("checksum differs"));
  CHECK(status[0].recorded_checksum == vellum::sha256_hex("CREATE TABLE a (x INTEGER);"));
  CHECK(status[1].state == mg::migration_state::applied);
  CHECK(status[2].state == mg::migration_state::pending);

  SECTION("up refuses before applying anything, naming the migration") {
    const auto e = capture_migration_error([&] { runner.up(); });
    CHECK(e.migration() == "001_a.sql");
    CHECK_THAT(e.what(), Catch::Contains("001_a.sql") && Catch::Contains("nothing was applied"));
    CHECK_FALSE(table_exists(db, "c"));
    CHECK(recorded_ids(db) == std::vector<std::string>{"001", "002"});
    CHECK_THROWS_AS(runner.up_to("3"), vellum::migration_error);
  }
  SECTION("allow_changed overrides; the migration stays reported as changed") {
    mg::runner_options options;
    options.allow_changed = true;
    auto lenient = runner_on(db, dir, options);
    CHECK(lenient.up() == std::vector<std::string>{"003"});
    CHECK(lenient.status()[0].state == mg::migration_state::changed);
  }
  SECTION("mark_applied accepts the edit") {
    CHECK(runner.mark_applied("001"));
    CHECK(runner.status()[0].state == mg::migration_state::applied);
    CHECK_FALSE(runner.mark_applied("001"));
    CHECK(runner.up() == std::vector<std::string>{"003"});
  }
}

TEST_CASE("a renamed applied migration is reported changed", "[migrate][runner][MG-1]") {
  scratch_folder dir;
  dir.write("m/001_a.sql", "CREATE TABLE a (x INTEGER);");
  vellum::connection db{":memory:"};
  runner_on(db, dir).up();
  dir.remove("m/001_a.sql");
  dir.write("m/001_alpha.sql", "CREATE TABLE a (x INTEGER);");
  auto runner = runner_on(db, dir);
  const auto status = runner.status();
  REQUIRE(status.size() == 1);
  CHECK(status[0].state == mg::migration_state::changed);
  CHECK_THAT(status[0].detail, Catch::Contains("name differs") && Catch::Contains("001_a.sql"));
  CHECK_THROWS_AS(runner.up(), vellum::migration_error);
}

TEST_CASE("baseline records an existing schema without running anything", "[migrate][runner][MG-4]") {
  scratch_folder dir;
  dir.write("m/001_a.sql", "CREATE TABLE a (x INTEGER);");
  dir.write("m/002_b.sql", "CREATE TABLE b (y INTEGER);");
  dir.write("m/003_c.sql", "CREATE TABLE c (z INTEGER);");
  vellum::connection db{":memory:"};
  db.execute("CREATE TABLE a (x INTEGER); CREATE TABLE b (y INTEGER);");  // made before vellum
  auto runner = runner_on(db, dir, fixed_clock());

  // State is never guessed from the tables that exist: all three are pending, and running 001
  // would fail because its table is there already.
  CHECK(states(runner) == std::vector(3, mg::migration_state::pending));

  CHECK(runner.baseline("002") == std::vector<std::string>{"001", "002"});
  CHECK(recorded_ids(db) == std::vector<std::string>{"001", "002"});
  CHECK(runner.status()[1].applied_at == fixed_time);
  CHECK_FALSE(table_exists(db, "c"));
  CHECK(runner.baseline("2").empty());  // already recorded; "2" names "002"
  CHECK(runner.up() == std::vector<std::string>{"003"});
  CHECK_THROWS_AS(runner.baseline("9"), vellum::not_found);
}

TEST_CASE("mark_applied records one migration without running it", "[migrate][runner][MG-4]") {
  scratch_folder dir;
  dir.write("m/001_a.sql", "CREATE TABLE a (x INTEGER);");
  dir.write("m/002_b.sql", "CREATE TABLE b (y INTEGER);");
  vellum::connection db{":memory:"};
  auto runner = runner_on(db, dir);
  CHECK(runner.mark_applied("002"));
  CHECK_FALSE(table_exists(db, "b"));
  CHECK(states(runner) == std::vector{mg::migration_state::pending, mg::migration_state::applied});
  CHECK(runner.up() == std::vector<std::string>{"001"});
  CHECK_FALSE(table_exists(db, "b"));
  CHECK_THROWS_AS(runner.mark_applied("7"), vellum::not_found);
  CHECK_THROWS_AS(runner.mark_applied("x"), vellum::not_found);
}

TEST_CASE("migrations run in numeric order, not name order", "[migrate][runner][MG-4]") {
  scratch_folder dir;
  dir.write("m/2_first.sql", "CREATE TABLE log (n INTEGER); INSERT INTO log VALUES (2);");
  dir.write("m/9_second.sql", "INSERT INTO log VALUES (9);");
  dir.write("m/10_third.sql", "INSERT INTO log VALUES (10);");
  vellum::connection db{":memory:"};
  auto runner = runner_on(db, dir);
  CHECK(runner.up_to("9") == std::vector<std::string>{"2", "9"});
  CHECK(runner.up() == std::vector<std::string>{"10"});
  std::vector<std::int64_t> order;
  auto st = db.prepare("SELECT n FROM log ORDER BY rowid");
  while (st.step()) order.push_back(st.get<std::int64_t>(0));
  CHECK(order == std::vector<std::int64_t>{2, 9, 10});
  CHECK_THROWS_AS(runner.up_to("11"), vellum::not_found);
}

TEST_CASE("migration sets with the same id twice are rejected", "[migrate][runner][MG-4]") {
  vellum::connection db{":memory:"};
  std::vector<mg::migration> set{{"001", "a", "001_a.sql", "SELECT 1;", "", "x"},
                                 {"1", "b", "1_b.sql", "SELECT 1;", "", "y"}};
  CHECK_THROWS_AS(mg::migration_runner(db, set), vellum::validation_error);
}

TEST_CASE("applied migrations missing from the source are reported unknown", "[migrate][runner]") {
  scratch_folder dir;
  dir.write("m/001_a.sql", "CREATE TABLE a (x INTEGER);");
  dir.write("m/002_b.sql", "CREATE TABLE b (y INTEGER);");
  vellum::connection db{":memory:"};
  runner_on(db, dir).up();
  dir.remove("m/002_b.sql");
  auto runner = runner_on(db, dir);
  const auto status = runner.status();
  REQUIRE(status.size() == 2);
  CHECK(status[1].id == "002");
  CHECK(status[1].state == mg::migration_state::unknown);
  CHECK(status[1].filename == "002_b.sql");
  CHECK(runner.up().empty());
}

TEST_CASE("a SonicJS tracking table is recognised", "[migrate][runner]") {
  scratch_folder dir;
  dir.write("m/001_initial_schema.sql", "CREATE TABLE users (id TEXT PRIMARY KEY);");
  dir.write("m/002_faq_plugin.sql", "CREATE TABLE faqs (id TEXT PRIMARY KEY);");
  vellum::connection db{":memory:"};
  db.execute(R"(CREATE TABLE migrations (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, filename TEXT NOT NULL,
      applied_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, checksum TEXT);
    CREATE TABLE users (id TEXT PRIMARY KEY);
    INSERT INTO migrations (id, name, filename, applied_at)
      VALUES ('001', 'Initial Schema', '001_initial_schema.sql', '2024-01-02 03:04:05');)");
  auto runner = runner_on(db, dir, fixed_clock());
  const auto status = runner.status();
  REQUIRE(status.size() == 2);
  CHECK(status[0].state == mg::migration_state::applied);  // its name is a title; the file name matches
  CHECK_THAT(status[0].detail, Catch::Contains("without a checksum"));
  CHECK(status[0].applied_at == vellum::unix_millis{std::chrono::milliseconds{1'704'164'645'000}});
  CHECK(status[1].state == mg::migration_state::pending);
  CHECK(runner.up() == std::vector<std::string>{"002"});
  CHECK(db.query_value<std::int64_t>("SELECT applied_at FROM migrations WHERE id = '002'") == 1'700'000'000'123);
}

TEST_CASE("a foreign table named migrations is not mistaken for the tracking table", "[migrate][runner]") {
  scratch_folder dir;
  dir.write("m/001_a.sql", "CREATE TABLE a (x INTEGER);");
  vellum::connection db{":memory:"};
  db.execute("CREATE TABLE migrations (version INTEGER PRIMARY KEY)");
  auto runner = runner_on(db, dir);
  CHECK_THROWS_WITH(runner.status(), Catch::Contains("not a migration tracking table"));
  CHECK_THROWS_AS(runner.up(), vellum::validation_error);
  CHECK_FALSE(table_exists(db, "a"));
}

TEST_CASE("down reverts newest first, each atomically", "[migrate][runner]") {
  scratch_folder dir;
  dir.write("m/001_a.sql", "CREATE TABLE a (x INTEGER);");
  dir.write("m/001_a.down.sql", "DROP TABLE a;");
  dir.write("m/002_b.sql", "CREATE TABLE b (y INTEGER);");
  dir.write("m/002_b.down.sql", "DROP TABLE b;");
  dir.write("m/003_c.sql", "CREATE TABLE c (z INTEGER); INSERT INTO c VALUES (1);");
  dir.write("m/003_c.down.sql", "DROP TABLE c;");
  vellum::connection db{":memory:"};
  std::vector<std::string> events;
  mg::runner_options options;
  options.on_event = [&](const mg::migration& m, mg::migration_event e) {
    events.push_back(std::string(e == mg::migration_event::reverting  ? "reverting "
                                 : e == mg::migration_event::reverted ? "reverted "
                                 : e == mg::migration_event::applying ? "applying "
                                                                      : "applied ") +
                     m.id);
  };
  auto runner = runner_on(db, dir, options);
  runner.up();
  events.clear();

  CHECK(runner.down("1") == std::vector<std::string>{"003", "002"});
  CHECK(events == std::vector<std::string>{"reverting 003", "reverted 003", "reverting 002", "reverted 002"});
  CHECK(table_exists(db, "a"));
  CHECK_FALSE(table_exists(db, "b"));
  CHECK_FALSE(table_exists(db, "c"));
  CHECK(recorded_ids(db) == std::vector<std::string>{"001"});
  CHECK(runner.down_last() == std::vector<std::string>{"001"});
  CHECK(runner.down_last().empty());
  CHECK(runner.up() == std::vector<std::string>{"001", "002", "003"});
  CHECK(runner.down("0").size() == 3);
}

TEST_CASE("down checks every step first and a failing down changes nothing", "[migrate][runner][MG-2]") {
  scratch_folder dir;
  dir.write("m/001_a.sql", "CREATE TABLE a (x INTEGER);");
  dir.write("m/002_b.sql", "CREATE TABLE b (y INTEGER);");
  dir.write("m/002_b.down.sql", "DROP TABLE b;");
  vellum::connection db{":memory:"};
  auto runner = runner_on(db, dir);
  runner.up();

  CHECK_THROWS_WITH(runner.down("0"), Catch::Contains("001_a.sql has no .down.sql"));
  CHECK(table_exists(db, "b"));  // 002 was not reverted although it could have been
  CHECK(recorded_ids(db) == std::vector<std::string>{"001", "002"});

  dir.write("m/002_b.down.sql", "DROP TABLE b; DROP TABLE no_such_table;");
  auto broken = runner_on(db, dir);
  CHECK_THROWS_AS(broken.down("1"), vellum::migration_error);
  CHECK(table_exists(db, "b"));
  CHECK(recorded_ids(db) == std::vector<std::string>{"001", "002"});
}

TEST_CASE("the runner refuses to work inside an open transaction", "[migrate][runner][MG-2]") {
  scratch_folder dir;
  dir.write("m/001_a.sql", "CREATE TABLE a (x INTEGER);");
  vellum::connection db{":memory:"};
  auto runner = runner_on(db, dir);
  auto tx = db.begin();
  CHECK_THROWS_AS(runner.up(), vellum::invalid_state);
  tx.rollback();
  CHECK(runner.up().size() == 1);
}

TEST_CASE("a migration with SQL that cannot be parsed fails like any other", "[migrate][runner][MG-2]") {
  scratch_folder dir;
  dir.write("m/001_a.sql", "CREATE TABLE a (x INTEGER);\nCREATE TABLE b (y INTEGER;\n");
  vellum::connection db{":memory:"};
  auto runner = runner_on(db, dir);
  const auto e = capture_migration_error([&] { runner.up(); });
  CHECK(e.statement() == "CREATE TABLE b (y INTEGER;");
  CHECK_THAT(e.what(), Catch::Contains("syntax error") && Catch::Contains("line 2"));
  CHECK_FALSE(table_exists(db, "a"));
  CHECK((!table_exists(db, "migrations") || recorded_ids(db).empty()));
}

TEST_CASE("the runner works over the database facade", "[migrate][runner]") {
  scratch_folder dir;
  dir.write("m/001_a.sql", "CREATE TABLE a (x INTEGER);");
  vellum::database db{":memory:"};
  CHECK(runner_on(db, dir).up() == std::vector<std::string>{"001"});
  CHECK(table_exists(db, "a"));
}
