// Schema diff (issue 8): each kind of change is generated from table definitions, applied by the
// runner, and checked with check_schema; destructive steps are refused with their row counts;
// a parent table is rebuilt under its ON DELETE CASCADE children without losing one.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <vellum/database.hpp>
#include <vellum/migrate.hpp>

#include "capture_migration_error.hpp"
#include "support/scratch_folder.hpp"

// The schema the code wants: every test starts from an older or other database and ends here.
namespace target {
namespace v = vellum;
struct author {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> email;
};
struct post {
  std::int64_t id = 0;
  std::int64_t author_id = 0;
  std::string title;
  std::optional<std::string> body;
  std::int64_t views = 0;
};
constexpr auto vellum_table(v::tag<author>) {
  return v::table<author>("authors", v::column(&author::id, "id").primary_key(), v::column(&author::name, "name"),
                          v::column(&author::email, "email"))
      .index("idx_authors_name", &author::name);
}
constexpr auto vellum_table(v::tag<post>) {
  return v::table<post>("posts", v::column(&post::id, "id").primary_key(),
                        v::column(&post::author_id, "author_id").references<&author::id>().on_delete(v::fk_action::cascade),
                        v::column(&post::title, "title"), v::column(&post::body, "body"),
                        v::column(&post::views, "views").default_value(0).check("views >= 0"))
      .index("idx_posts_author", &post::author_id);
}
}  // namespace target

namespace {

namespace mg = vellum::migrate;
using target::author;
using target::post;
using vellum::testing::scratch_folder;
using Catch::Contains;

// The target's tables as SQL, with `posts` given by the test (a variation of the target's).
std::string authors_sql = "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT);\n"
                          "CREATE INDEX idx_authors_name ON authors (name);\n";
std::string posts_columns =
    "id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE, "
    "title TEXT NOT NULL, body TEXT";

// The target's schema as SQL, with `extra` added to the columns of `posts`.
std::string target_with(const std::string& extra) {
  return authors_sql + "CREATE TABLE posts (" + posts_columns + ", views INTEGER NOT NULL DEFAULT 0 CHECK (views >= 0)" +
         extra + ");\nCREATE INDEX idx_posts_author ON posts (author_id);\n";
}

// A database file in a scratch folder with a migrations folder `m` beside it.
struct project {
  scratch_folder dir;
  vellum::database db{dir.file("app.db")};
  [[nodiscard]] std::filesystem::path migrations() const { return dir.path() / "m"; }

  // Writes 001 from `sql` and applies it, like a schema some earlier release created.
  void start(const std::string& sql) {
    dir.write("m/001_start.sql", sql);
    mg::migration_runner{db, mg::load_folder(migrations())}.up();
  }
  // Generates the next migration towards the target, applies it with the runner and returns it.
  std::string evolve(const std::string& name, const mg::diff_options& options = {}) {
    const auto out = mg::generate_migration<author, post>(db, migrations(), name, options);
    REQUIRE(out.file.has_value());
    std::ifstream in(*out.file);
    std::stringstream text;
    text << in.rdbuf();
    mg::migration_runner{db, mg::load_folder(migrations())}.up();
    return text.str();
  }
  std::int64_t count(const std::string& sql) { return db.query_value<std::int64_t>(sql).value_or(-1); }
  [[nodiscard]] std::size_t files() const {
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(migrations()), {}));
  }
};

mg::diff_options allow_destructive() {
  mg::diff_options options;
  options.allow_destructive = true;
  return options;
}

std::vector<mg::change_kind> kinds(const mg::migration_plan& plan) {
  std::vector<mg::change_kind> out;
  for (const auto& c : plan.changes()) out.push_back(c.kind);
  return out;
}

// Plans exactly one table rebuild that loses no data, generates and applies it; returns the file.
std::string rebuild_without_loss(project& p, const std::string& name) {
  const auto plan = mg::plan_migration(p.db, mg::table_definitions<author, post>());
  REQUIRE(kinds(plan) == std::vector{mg::change_kind::rebuild_table});
  CHECK(plan.losses().empty());
  std::string sql = p.evolve(name);
  CHECK(sql.starts_with("-- vellum: no-transaction\n"));
  return sql;
}

std::string lines(const std::vector<mg::schema_difference>& differences) {
  std::string out;
  for (const auto& d : differences) out += d.describe() + "\n";
  return out;
}

}  // namespace

TEST_CASE("schema diff: an empty database gets every table and index", "[migrate][schema-diff]") {
  project p;
  CHECK(p.db.check_schema<author, post>().size() == 2);  // two missing tables
  const std::string sql = p.evolve("init");
  CHECK_THAT(sql, Contains("-- Changes:\n--   create table authors\n--   create table posts\n"));
  CHECK_THAT(sql, !Contains("no-transaction"));
  const auto differences = p.db.check_schema<author, post>();
  INFO(lines(differences));
  CHECK(differences.empty());
  CHECK(p.count("SELECT count(*) FROM sqlite_schema WHERE name IN ('idx_authors_name', 'idx_posts_author')") == 2);
}

TEST_CASE("schema diff: new columns are added with ALTER TABLE, keeping the rows", "[migrate][schema-diff]") {
  project p;
  p.start("CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
          "CREATE INDEX idx_authors_name ON authors (name);\n"
          "CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE "
          "CASCADE, title TEXT NOT NULL, body TEXT);\n"
          "CREATE INDEX idx_posts_author ON posts (author_id);\n"
          "INSERT INTO authors VALUES (1, 'ann');\n"
          "INSERT INTO posts VALUES (1, 1, 'hello', 'text');\n");
  const auto plan = mg::plan_migration(p.db, mg::table_definitions<author, post>());
  CHECK(kinds(plan) == std::vector{mg::change_kind::add_column, mg::change_kind::add_column});
  const std::string sql = p.evolve("add_email_and_views");
  CHECK_THAT(sql, Contains("ALTER TABLE \"authors\" ADD COLUMN \"email\" TEXT;"));
  CHECK_THAT(sql, Contains("ALTER TABLE \"posts\" ADD COLUMN \"views\" INTEGER NOT NULL DEFAULT 0 CHECK (views >= 0);"));
  INFO(lines(p.db.check_schema<author, post>()));
  CHECK(p.db.check_schema<author, post>().empty());
  CHECK(p.count("SELECT views FROM posts WHERE title = 'hello' AND body = 'text'") == 0);
}

TEST_CASE("schema diff: dropping a column that holds data is refused unless allowed", "[migrate][schema-diff]") {
  project p;
  p.start(target_with(", legacy TEXT") + "INSERT INTO authors VALUES (1, 'ann', NULL);\n");

  SECTION("a column holding values") {
    p.db.execute("INSERT INTO posts (author_id, title, legacy) VALUES (1, 'a', 'x'), (1, 'b', 'y'), (1, 'c', NULL)");
    const auto refused = capture_migration_error(
        [&] { (void)mg::generate_migration<author, post>(p.db, p.migrations(), "drop_legacy"); });
    CHECK_THAT(refused.what(), Contains("drop column posts.legacy (2 rows holding a value)"));
    CHECK(p.files() == 1);  // nothing written
    CHECK(p.count("SELECT count(*) FROM posts WHERE legacy IS NOT NULL") == 2);

    const std::string sql = p.evolve("drop_legacy", allow_destructive());
    CHECK_THAT(sql, Contains("ALTER TABLE \"posts\" DROP COLUMN \"legacy\";"));
    CHECK_THAT(sql, Contains("--   drop column posts.legacy: 2 rows holding a value"));
    CHECK(p.count("SELECT count(*) FROM posts") == 3);
  }
  SECTION("a column holding only NULLs is dropped without asking") {
    p.db.execute("INSERT INTO posts (author_id, title) VALUES (1, 'a')");
    p.evolve("drop_empty_legacy");
  }
  CHECK(p.db.check_schema<author, post>().empty());
}

TEST_CASE("schema diff: a rename map turns a drop and an add into a rename", "[migrate][schema-diff]") {
  project p;
  p.start(authors_sql +
          "CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE "
          "CASCADE, title TEXT NOT NULL, content TEXT, views INTEGER NOT NULL DEFAULT 0 CHECK (views >= 0));\n"
          "CREATE INDEX idx_posts_author ON posts (author_id);\n"
          "INSERT INTO authors VALUES (1, 'ann', NULL);\n"
          "INSERT INTO posts (author_id, title, content) VALUES (1, 'a', 'kept');\n");

  SECTION("without the map: refused, naming the likely rename") {
    const auto refused = capture_migration_error([&] { (void)mg::plan_migration(p.db, mg::table_definitions<author, post>()).require_allowed(); });
    CHECK_THAT(refused.what(), Contains("drop column posts.content (1 row holding a value)"));
    CHECK_THAT(refused.what(), Contains("rename_column(\"posts\", \"content\", \"body\")"));
  }
  SECTION("with the map: renamed, data kept") {
    const std::string sql = p.evolve("rename_content", mg::diff_options{}.rename_column("posts", "content", "body"));
    CHECK_THAT(sql, Contains("ALTER TABLE \"posts\" RENAME COLUMN \"content\" TO \"body\";"));
    CHECK(p.db.check_schema<author, post>().empty());
    CHECK(p.db.query_value<std::string>("SELECT body FROM posts") == "kept");
  }
  SECTION("a rename that does not fit is a validation error") {
    CHECK_THROWS_AS(mg::plan_migration(p.db, mg::table_definitions<author, post>(),
                                       mg::diff_options{}.rename_column("posts", "nothing", "body")),
                    vellum::validation_error);
  }
}

TEST_CASE("schema diff: indexes are created, dropped and replaced", "[migrate][schema-diff]") {
  project p;
  p.start("CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT);\n"
          "CREATE INDEX idx_authors_name ON authors (name, email);\n"  // changed
          "CREATE TABLE posts (" + posts_columns + ", views INTEGER NOT NULL DEFAULT 0 CHECK (views >= 0));\n"
          "CREATE INDEX idx_posts_title ON posts (title);\n");  // extra; idx_posts_author missing
  const auto plan = mg::plan_migration(p.db, mg::table_definitions<author, post>());
  CHECK(kinds(plan) == std::vector{mg::change_kind::drop_index, mg::change_kind::drop_index,
                                   mg::change_kind::create_index, mg::change_kind::create_index});
  p.evolve("indexes");
  CHECK(p.db.check_schema<author, post>().empty());
  CHECK(p.count("SELECT count(*) FROM sqlite_schema WHERE name = 'idx_posts_title'") == 0);
}

TEST_CASE("schema diff: a table missing from the definitions is dropped only when allowed", "[migrate][schema-diff]") {
  project p;
  p.start(target_with("") +
          "CREATE TABLE drafts (id INTEGER PRIMARY KEY, text TEXT);\nINSERT INTO drafts (text) VALUES ('a'), ('b'), ('c');\n");
  const auto refused = capture_migration_error(
      [&] { (void)mg::generate_migration<author, post>(p.db, p.migrations(), "drop_drafts"); });
  CHECK_THAT(refused.what(), Contains("drop table drafts (3 rows)"));
  p.evolve("drop_drafts", allow_destructive());
  CHECK(p.db.check_schema<author, post>().empty());
}

TEST_CASE("schema diff: changes SQLite cannot ALTER rebuild the table with its data", "[migrate][schema-diff]") {
  project p;
  // posts: no ON DELETE CASCADE (foreign key), title nullable (NOT NULL), views defaults to 1
  // (default) and has no CHECK (constraint).
  p.start(authors_sql +
          "CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors (id), "
          "title TEXT, body TEXT, views INTEGER NOT NULL DEFAULT 1);\n"
          "CREATE INDEX idx_posts_author ON posts (author_id);\n"
          "INSERT INTO authors VALUES (1, 'ann', NULL);\n"
          "INSERT INTO posts (author_id, title, body, views) VALUES (1, 'a', 'x', 5), (1, 'b', NULL, 7);\n");
  const std::string sql = rebuild_without_loss(p, "rebuild_posts");  // no title is NULL
  CHECK_THAT(sql, Contains("--   column title: NOT NULL in the definitions only"));
  CHECK_THAT(sql, Contains("ALTER TABLE \"vellum_new_posts\" RENAME TO \"posts\";"));
  INFO(lines(p.db.check_schema<author, post>()));
  CHECK(p.db.check_schema<author, post>().empty());
  CHECK(p.count("SELECT sum(views) FROM posts WHERE author_id = 1 AND title IN ('a', 'b')") == 12);
  CHECK(p.db.query_value<std::string>("SELECT body FROM posts WHERE title = 'a'") == "x");
}

TEST_CASE("schema diff: narrowing a type or filling NULLs counts the rows it touches", "[migrate][schema-diff]") {
  project p;
  // authors.name is nullable (one row holds NULL); posts.views is TEXT.
  p.start("CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT, email TEXT);\n"
          "CREATE INDEX idx_authors_name ON authors (name);\n"
          "CREATE TABLE posts (" + posts_columns + ", views TEXT NOT NULL DEFAULT 0 CHECK (views >= 0));\n"
          "CREATE INDEX idx_posts_author ON posts (author_id);\n"
          "INSERT INTO authors VALUES (1, 'ann', NULL), (2, NULL, NULL);\n"
          "INSERT INTO posts (author_id, title, views) VALUES (1, 'a', '12'), (1, 'b', 'many'), (2, 'c', '3');\n");
  const auto refused = capture_migration_error(
      [&] { (void)mg::generate_migration<author, post>(p.db, p.migrations(), "tighten"); });
  CHECK_THAT(refused.what(), Contains("column posts.views narrows from TEXT to INTEGER (3 rows holding values of "
                                      "another type)"));
  CHECK_THAT(refused.what(), Contains("column authors.name becomes NOT NULL without a default: NULLs become '' "
                                      "(1 row holding NULL)"));
  CHECK(p.files() == 1);

  p.evolve("tighten", allow_destructive());
  CHECK(p.db.check_schema<author, post>().empty());
  CHECK(p.db.query_value<std::string>("SELECT name FROM authors WHERE id = 2") == "");
  CHECK(p.count("SELECT views FROM posts WHERE title = 'a'") == 12);
  CHECK(p.count("SELECT count(*) FROM posts") == 3);
}

TEST_CASE("schema diff: a parent rebuilt under 1,000 cascading children keeps them all", "[migrate][schema-diff]") {
  project p;
  // authors.name is nullable in the old schema and the definitions make it NOT NULL: a rebuild.
  p.start("CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT, email TEXT);\n"
          "CREATE INDEX idx_authors_name ON authors (name);\n"
          "CREATE TABLE posts (" + posts_columns + ", views INTEGER NOT NULL DEFAULT 0 CHECK (views >= 0));\n"
          "CREATE INDEX idx_posts_author ON posts (author_id);\n"
          "CREATE TRIGGER trg_authors_renamed AFTER UPDATE OF name ON authors BEGIN\n"
          "  UPDATE posts SET views = views + 1 WHERE author_id = new.id;\nEND;\n"
          "CREATE VIEW author_posts AS SELECT a.name, count(*) AS n FROM authors a JOIN posts p ON p.author_id = a.id "
          "GROUP BY a.id;\n"
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)\n"
          "  INSERT INTO authors (id, name, email) SELECT i, 'author ' || i, NULL FROM n;\n"
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)\n"
          "  INSERT INTO posts (author_id, title, body) SELECT 1 + i % 10, 'post ' || i, 'body ' || i FROM n;\n");
  rebuild_without_loss(p, "authors_name_required");
  CHECK(p.count("SELECT count(*) FROM posts") == 1000);
  CHECK(p.count("SELECT count(*) FROM posts p JOIN authors a ON a.id = p.author_id") == 1000);
  CHECK(p.count("SELECT count(*) FROM authors WHERE name = 'author ' || id") == 10);
  CHECK(p.count("SELECT count(*) FROM posts WHERE body = 'body ' || substr(title, 6)") == 1000);
  CHECK(p.count("SELECT count(*) FROM sqlite_schema WHERE name IN ('idx_authors_name', 'trg_authors_renamed')") == 2);
  CHECK(p.count("SELECT sum(n) FROM author_posts") == 1000);  // the view came back
  CHECK(p.db.check_schema<author, post>().empty());
  CHECK(p.count("PRAGMA foreign_keys") == 1);
  // The trigger and the cascade still work on the rebuilt table.
  p.db.run("UPDATE authors SET name = 'renamed' WHERE id = 2");
  CHECK(p.count("SELECT sum(views) FROM posts WHERE author_id = 2") == 100);
  p.db.run("DELETE FROM authors WHERE id = 1");
  CHECK(p.count("SELECT count(*) FROM posts") == 900);
}

TEST_CASE("schema diff: generating twice without a model change writes one file", "[migrate][schema-diff]") {
  project p;
  const auto first = mg::generate_migration<author, post>(p.db, p.migrations(), "init");
  REQUIRE(first.file.has_value());
  CHECK(first.file->filename() == "001_init.sql");
  // Not applied yet: the folder's pending migration counts as applied for the diff.
  const auto second = mg::generate_migration<author, post>(p.db, p.migrations(), "again");
  CHECK_FALSE(second.file.has_value());
  CHECK(second.plan.empty());
  mg::migration_runner{p.db, mg::load_folder(p.migrations())}.up();
  CHECK_FALSE(mg::generate_migration<author, post>(p.db, p.migrations(), "again").file.has_value());
  CHECK(p.files() == 1);
  CHECK(mg::next_migration_path(p.migrations(), "Add Tags").filename() == "002_add_tags.sql");
  CHECK_THROWS_AS(mg::next_migration_path(p.migrations(), "a/b"), vellum::validation_error);
}

TEST_CASE("check_schema names each differing table, column and index", "[migrate][schema-diff]") {
  vellum::database db{":memory:"};
  db.execute("CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT, extra BLOB);\n"
             "CREATE TABLE stray (id INTEGER PRIMARY KEY);\n"
             "CREATE TABLE migrations (id TEXT PRIMARY KEY, name TEXT NOT NULL, filename TEXT NOT NULL, "
             "applied_at INTEGER NOT NULL, checksum TEXT);");
  const auto differences = db.check_schema<author, post>();
  std::vector<std::string> described;
  for (const auto& d : differences) described.push_back(d.describe());
  const std::vector<std::string> expected{
      "table authors, column name: NOT NULL in the definitions only",
      "table authors, column email: missing in the database",
      "table authors, column extra: in the database, not in the definitions",
      "table authors, index idx_authors_name: missing in the database: (name)",
      "table posts: missing in the database",
      "table stray: in the database, not in the definitions",
  };
  CHECK(described == expected);  // the tracking table is not reported
}

TEST_CASE("normalize_sql makes spellings of one expression equal", "[migrate][schema-diff]") {
  CHECK(mg::normalize_sql("\"views\"  >=  0") == mg::normalize_sql("VIEWS>=0"));
  CHECK(mg::normalize_sql("role IN ('a',\n 'b') -- note") == "role in('a','b')");
  CHECK(mg::normalize_sql("x = 'A B'") != mg::normalize_sql("x = 'a b'"));  // literals keep their case
  CHECK(mg::normalize_sql("a IS NOT NULL") == "a is not null");
  CHECK(mg::type_affinity("VARCHAR(20)") == "TEXT");
  CHECK(mg::type_affinity("BIGINT") == "INTEGER");
  CHECK(mg::type_affinity("DECIMAL(10,2)") == "NUMERIC");
}
