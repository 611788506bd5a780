// Error mapping: SQLite's extended result codes become typed exceptions that name the constraint
// kind, the table and columns, and the SQL that was running (never the bound values).
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>
#include <vellum/core.hpp>

namespace {

using Catch::Matchers::Contains;
using columns = std::vector<std::string>;

struct blog_db {
  blog_db() {
    db.execute(R"sql(
      CREATE TABLE authors(
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        age INTEGER CONSTRAINT age_not_negative CHECK (age >= 0),
        rank INTEGER CHECK (rank < 10)
      );
      CREATE TABLE posts(
        slug TEXT PRIMARY KEY,
        author_id INTEGER NOT NULL REFERENCES authors(id),
        editor_id INTEGER REFERENCES authors(id),
        title TEXT
      );
      CREATE TABLE post_tags(post TEXT NOT NULL, tag TEXT NOT NULL, UNIQUE (post, tag));
      INSERT INTO authors(id, email, name, age) VALUES (1, 'ada@example.com', 'Ada', 36);
      INSERT INTO posts(slug, author_id) VALUES ('hello', 1);
    )sql");
  }

  // Runs `sql` with `args`, expecting a constraint_error; returns it.
  template <class... Args>
  vellum::constraint_error violation(const std::string& sql, Args&&... args) {
    try {
      db.run(sql, std::forward<Args>(args)...);
    } catch (const vellum::constraint_error& e) {
      CHECK_THAT(e.what(), Contains(sql));  // the message names the SQL…
      return e;
    }
    throw std::logic_error("`" + sql + "` did not throw vellum::constraint_error");
  }

  vellum::connection db{":memory:"};
};

}  // namespace

TEST_CASE("UNIQUE violation names the table and column", "[core][error]") {
  blog_db b;
  const auto e = b.violation("INSERT INTO authors(email, name) VALUES (?, ?)", "ada@example.com", "Imposter");
  CHECK(e.kind() == vellum::constraint_kind::unique);
  CHECK(e.sqlite_code() == SQLITE_CONSTRAINT_UNIQUE);
  CHECK(e.table() == "authors");
  CHECK(e.columns() == columns{"email"});
  CHECK_THAT(e.what(), Contains("unique"));
  CHECK_THAT(e.what(), !Contains("Imposter"));  // …without the values

  SECTION("a multi-column UNIQUE names every column") {
    b.db.run("INSERT INTO post_tags VALUES ('hello', 'intro')");
    const auto multi = b.violation("INSERT INTO post_tags(post, tag) VALUES (?, ?)", "hello", "intro");
    CHECK(multi.kind() == vellum::constraint_kind::unique);
    CHECK(multi.table() == "post_tags");
    CHECK(multi.columns() == columns{"post", "tag"});
  }
  SECTION("an UPDATE that collides") {
    b.db.run("INSERT INTO authors(email, name) VALUES ('bob@example.com', 'Bob')");
    const auto update = b.violation("UPDATE authors SET email = ? WHERE name = ?", "ada@example.com", "Bob");
    CHECK(update.kind() == vellum::constraint_kind::unique);
    CHECK(update.columns() == columns{"email"});
  }
}

TEST_CASE("PRIMARY KEY violation is its own kind", "[core][error]") {
  blog_db b;
  SECTION("a TEXT primary key") {
    const auto e = b.violation("INSERT INTO posts(slug, author_id) VALUES (?, ?)", "hello", 1);
    CHECK(e.kind() == vellum::constraint_kind::primary_key);
    CHECK(e.sqlite_code() == SQLITE_CONSTRAINT_PRIMARYKEY);
    CHECK(e.table() == "posts");
    CHECK(e.columns() == columns{"slug"});
  }
  SECTION("an INTEGER PRIMARY KEY (the rowid)") {
    const auto e = b.violation("INSERT INTO authors(id, email, name) VALUES (?, ?, ?)", 1, "new@example.com", "New");
    CHECK(e.kind() == vellum::constraint_kind::primary_key);
    CHECK(e.table() == "authors");
    CHECK(e.columns() == columns{"id"});
  }
}

TEST_CASE("NOT NULL violation names the table and column", "[core][error]") {
  blog_db b;
  const auto e = b.violation("INSERT INTO authors(email, name) VALUES (?, ?)", "new@example.com", std::nullopt);
  CHECK(e.kind() == vellum::constraint_kind::not_null);
  CHECK(e.sqlite_code() == SQLITE_CONSTRAINT_NOTNULL);
  CHECK(e.table() == "authors");
  CHECK(e.columns() == columns{"name"});
  CHECK_THAT(e.what(), Contains("not_null"));
}

TEST_CASE("CHECK violation names the constraint and the written table", "[core][error]") {
  blog_db b;
  SECTION("a named CHECK") {
    const auto e = b.violation("INSERT INTO authors(email, name, age) VALUES (?, ?, ?)", "kid@example.com", "Kid", -1);
    CHECK(e.kind() == vellum::constraint_kind::check);
    CHECK(e.sqlite_code() == SQLITE_CONSTRAINT_CHECK);
    CHECK(e.constraint_name() == "age_not_negative");
    CHECK(e.table() == "authors");
    CHECK(e.columns().empty());
  }
  SECTION("an unnamed CHECK is named by its expression") {
    const auto e = b.violation("UPDATE authors SET rank = ? WHERE id = ?", 11, 1);
    CHECK(e.kind() == vellum::constraint_kind::check);
    CHECK(e.constraint_name() == "rank < 10");
    CHECK(e.table() == "authors");
  }
}

TEST_CASE("FOREIGN KEY violation names the table and its foreign-key columns", "[core][error]") {
  blog_db b;
  const auto e = b.violation("INSERT INTO posts(slug, author_id) VALUES (?, ?)", "orphan", 999);
  CHECK(e.kind() == vellum::constraint_kind::foreign_key);
  CHECK(e.sqlite_code() == SQLITE_CONSTRAINT_FOREIGNKEY);
  CHECK(e.table() == "posts");
  // SQLite does not say which key failed; both of posts' foreign-key columns are reported.
  auto fk_columns = e.columns();
  std::sort(fk_columns.begin(), fk_columns.end());
  CHECK(fk_columns == columns{"author_id", "editor_id"});
  CHECK_THAT(e.what(), Contains("foreign_key"));

  SECTION("INSERT OR ABORT and quoted table names are read too") {
    const auto quoted = b.violation(R"(INSERT OR ABORT INTO "posts" (slug, author_id) VALUES (?, ?))", "x", 999);
    CHECK(quoted.table() == "posts");
  }
}

TEST_CASE("a statement that failed a constraint is reusable", "[core][error]") {
  blog_db b;
  const std::string sql = "INSERT INTO authors(email, name) VALUES (?, ?)";
  CHECK_THROWS_AS(b.db.run(sql, "ada@example.com", "Again"), vellum::constraint_error);
  b.db.run(sql, "grace@example.com", "Grace");
  CHECK(b.db.query_value<std::string>("SELECT name FROM authors WHERE email = ?", "grace@example.com") == "Grace");
  CHECK(b.db.stats().cache_hits >= 1);
}

TEST_CASE("non-constraint errors say what was being done", "[core][error]") {
  blog_db b;
  SECTION("a syntax error while preparing") {
    try {
      b.db.run("SELEKT * FROM authors");
      FAIL("expected vellum::error");
    } catch (const vellum::constraint_error&) {
      FAIL("a syntax error is not a constraint_error");
    } catch (const vellum::error& e) {
      CHECK_THAT(e.what(), Contains("preparing `SELEKT * FROM authors`"));
      CHECK(e.sqlite_code() == SQLITE_ERROR);
    }
  }
  SECTION("an unknown table") {
    CHECK_THROWS_WITH(b.db.run("DELETE FROM nowhere"), Contains("no such table: nowhere"));
  }
  SECTION("two statements where one is expected") {
    CHECK_THROWS_WITH(b.db.run("DELETE FROM posts; DELETE FROM authors"), Contains("use execute()"));
    CHECK(b.db.query_value<std::int64_t>("SELECT count(*) FROM authors") == 1);
  }
  SECTION("a script stops at its failing statement") {
    CHECK_THROWS_AS(b.db.execute("INSERT INTO post_tags VALUES ('a', 'b'); INSERT INTO post_tags VALUES ('a', NULL);"
                                 "INSERT INTO post_tags VALUES ('c', 'd');"),
                    vellum::constraint_error);
    CHECK(b.db.query_value<std::int64_t>("SELECT count(*) FROM post_tags") == 1);
  }
}

TEST_CASE("constraint kinds have stable names", "[core][error]") {
  CHECK(std::string(vellum::to_string(vellum::constraint_kind::unique)) == "unique");
  CHECK(std::string(vellum::to_string(vellum::constraint_kind::primary_key)) == "primary_key");
  CHECK(std::string(vellum::to_string(vellum::constraint_kind::foreign_key)) == "foreign_key");
  CHECK(std::string(vellum::to_string(vellum::constraint_kind::not_null)) == "not_null");
  CHECK(std::string(vellum::to_string(vellum::constraint_kind::check)) == "check");
}
