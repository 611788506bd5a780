#include <catch2/catch.hpp>

#include <string>

#include <vellum/core.hpp>
#include <vellum/migrate.hpp>

#include "capture_migration_error.hpp"
#include "support/scratch_folder.hpp"

namespace {

namespace mg = vellum::migrate;
using vellum::testing::scratch_folder;

constexpr std::string_view schema =
    "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT);\n"
    "CREATE TABLE comments (id INTEGER PRIMARY KEY,\n"
    "  post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE, body TEXT);\n"
    "INSERT INTO posts (id, title) VALUES (1, 'one'), (2, 'two'), (3, 'three');\n"
    "INSERT INTO comments (post_id, body) VALUES (1, 'a'), (1, 'b'), (2, 'c'), (3, 'd'), (3, 'e');\n";

// SQLite's 12-step rebuild of `posts` (adding NOT NULL and a column); `keep` filters the copy.
std::string rebuild(std::string_view header, std::string_view keep) {
  return std::string(header) +
         "CREATE TABLE posts_new (id INTEGER PRIMARY KEY, title TEXT NOT NULL, slug TEXT);\n"
         "INSERT INTO posts_new (id, title, slug) SELECT id, title, lower(title) FROM posts WHERE " +
         std::string(keep) +
         ";\n"
         "DROP TABLE posts;\n"
         "ALTER TABLE posts_new RENAME TO posts;\n"
         "CREATE INDEX idx_posts_slug ON posts (slug);\n";
}

std::int64_t count(vellum::connection& db, const std::string& table) {
  return db.query_value<std::int64_t>("SELECT count(*) FROM " + table).value_or(-1);
}

bool foreign_keys_on(vellum::connection& db) { return db.query_value<std::int64_t>("PRAGMA foreign_keys") == 1; }

}  // namespace

TEST_CASE("a no-transaction table rebuild keeps every ON DELETE CASCADE child", "[migrate][no-transaction][MG-2]") {
  scratch_folder dir;
  dir.write("m/001_schema.sql", schema);
  dir.write("m/002_rebuild_posts.sql", rebuild("-- vellum: no-transaction\n-- posts.title becomes NOT NULL\n", "1"));
  vellum::connection db{dir.file("cms.db")};
  mg::migration_runner runner{db, mg::load_folder(dir.path() / "m")};
  REQUIRE(runner.migrations()[1].no_transaction());

  CHECK(runner.up() == std::vector<std::string>{"001", "002"});
  CHECK(count(db, "comments") == 5);
  CHECK(count(db, "posts") == 3);
  CHECK(db.query_value<std::string>("SELECT slug FROM posts WHERE id = 2") == "two");
  CHECK(foreign_keys_on(db));  // restored
  CHECK_FALSE(db.query_value<std::string>("SELECT \"table\" FROM pragma_foreign_key_check").has_value());
  // The children still reference the rebuilt table, and the cascade still works.
  db.run("DELETE FROM posts WHERE id = 1");
  CHECK(count(db, "comments") == 3);
}

TEST_CASE("the same rebuild inside a transaction cascade-deletes the children (why the directive exists)",
          "[migrate][no-transaction]") {
  scratch_folder dir;
  dir.write("m/001_schema.sql", schema);
  dir.write("m/002_rebuild_posts.sql", rebuild("", "1"));
  vellum::connection db{":memory:"};
  mg::migration_runner runner{db, mg::load_folder(dir.path() / "m")};
  runner.up();
  CHECK(count(db, "comments") == 0);  // DROP TABLE posts ran an implicit DELETE with foreign keys on
}

TEST_CASE("a no-transaction migration that breaks a foreign key is rolled back", "[migrate][no-transaction][MG-2]") {
  scratch_folder dir;
  dir.write("m/001_schema.sql", schema);
  dir.write("m/002_rebuild_posts.sql", rebuild("-- vellum: no-transaction\n", "id <> 2"));
  vellum::connection db{dir.file("cms.db")};
  mg::migration_runner runner{db, mg::load_folder(dir.path() / "m")};
  const auto e = capture_migration_error([&] { runner.up(); });
  CHECK(e.migration() == "002_rebuild_posts.sql");
  CHECK(e.statement() == "PRAGMA foreign_key_check");
  CHECK_THAT(e.what(), Catch::Contains("would break foreign keys") && Catch::Contains("rolled back") &&
             Catch::Contains("comments row 3 references a missing posts row"));
  CHECK(count(db, "posts") == 3);
  CHECK(count(db, "comments") == 5);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM pragma_table_info('posts') WHERE name = 'slug'") == 0);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM migrations") == 1);
  CHECK(foreign_keys_on(db));  // restored on the failure path too
  CHECK_FALSE(db.in_transaction());
}

TEST_CASE("a failing statement in a no-transaction migration is rolled back and keys restored",
          "[migrate][no-transaction][MG-2]") {
  scratch_folder dir;
  dir.write("m/001_schema.sql", schema);
  dir.write("m/002_rebuild_posts.sql",
            rebuild("-- vellum: no-transaction\n", "1") + "INSERT INTO missing_table VALUES (1);\n");
  vellum::connection db{":memory:"};
  mg::migration_runner runner{db, mg::load_folder(dir.path() / "m")};
  CHECK_THROWS_WITH(runner.up(), Catch::Contains("no such table: missing_table"));
  CHECK(count(db, "comments") == 5);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM pragma_table_info('posts') WHERE name = 'slug'") == 0);
  CHECK(foreign_keys_on(db));
}

TEST_CASE("a connection opened with foreign keys off keeps them off", "[migrate][no-transaction]") {
  scratch_folder dir;
  dir.write("m/001_schema.sql", schema);
  dir.write("m/002_rebuild_posts.sql", rebuild("-- vellum: no-transaction\n", "1"));
  vellum::connection_options options;
  options.foreign_keys = false;
  vellum::connection db{":memory:", options};
  mg::migration_runner runner{db, mg::load_folder(dir.path() / "m")};
  runner.up();
  CHECK(count(db, "comments") == 5);
  CHECK_FALSE(foreign_keys_on(db));
}
