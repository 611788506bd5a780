#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <string>
#include <vector>

#include <vellum/core.hpp>
#include <vellum/migrate/statement_splitter.hpp>

namespace {

using vellum::migrate::split_statements;

std::vector<std::string> texts(std::string_view script) {
  std::vector<std::string> out;
  for (const auto& s : split_statements(script)) out.emplace_back(s.text);
  return out;
}

// What SQLite itself says: a piece is one complete statement exactly when sqlite3_complete()
// accepts it and accepts none of its prefixes that end at a ';'.
void require_sqlite_agrees(std::string_view script) {
  for (const auto& s : split_statements(script)) {
    const std::string piece(s.text);
    if (piece.back() != ';') continue;  // a drizzle piece or the unterminated tail
    INFO("statement: " << piece);
    CHECK(sqlite3_complete(piece.c_str()) == 1);
    for (std::size_t i = 0; i + 1 < piece.size(); ++i)
      if (piece[i] == ';') CHECK(sqlite3_complete(piece.substr(0, i + 1).c_str()) == 0);
  }
}

}  // namespace

TEST_CASE("splitter: statements end at a semicolon", "[migrate][splitter][MG-3]") {
  const std::string script = "CREATE TABLE a (x INTEGER);\nCREATE TABLE b (y TEXT);\n\nINSERT INTO a VALUES (1);";
  CHECK(texts(script) == std::vector<std::string>{"CREATE TABLE a (x INTEGER);", "CREATE TABLE b (y TEXT);",
                                                   "INSERT INTO a VALUES (1);"});
  require_sqlite_agrees(script);
}

TEST_CASE("splitter: a -- comment after the semicolon on the same line", "[migrate][splitter][MG-3]") {
  const std::string script =
      "CREATE TABLE users (role TEXT NOT NULL DEFAULT 'none'); -- the role; 'viewer' later\n"
      "CREATE INDEX idx_role ON users (role); /* trailing; block */\n";
  CHECK(texts(script) == std::vector<std::string>{"CREATE TABLE users (role TEXT NOT NULL DEFAULT 'none');",
                                                   "CREATE INDEX idx_role ON users (role);"});
  require_sqlite_agrees(script);
}

TEST_CASE("splitter: semicolons and -- inside strings and quoted identifiers", "[migrate][splitter][MG-3]") {
  const std::string script =
      "INSERT INTO t VALUES ('a; b -- not a comment', 'it''s; fine', '/* nor this; */');\n"
      "CREATE TABLE \"odd;name\" (\"col;1\" TEXT, [col;2] TEXT, `col;3` TEXT, \"quo\"\"te;\" TEXT);\n"
      "SELECT x'3b3b';";
  const auto pieces = texts(script);
  REQUIRE(pieces.size() == 3);
  CHECK(pieces[0] == "INSERT INTO t VALUES ('a; b -- not a comment', 'it''s; fine', '/* nor this; */');");
  CHECK(pieces[1].starts_with("CREATE TABLE \"odd;name\""));
  CHECK(pieces[1].ends_with("\"quo\"\"te;\" TEXT);"));
  CHECK(pieces[2] == "SELECT x'3b3b';");
  require_sqlite_agrees(script);
}

TEST_CASE("splitter: comments between and inside statements", "[migrate][splitter][MG-3]") {
  const std::string script =
      "-- header; with a semicolon\n"
      "/* a block;\n   over lines; */\n"
      "CREATE TABLE a (\n  x INTEGER, -- first; column\n  y /* inline; */ TEXT\n);\n"
      "-- trailing comment without newline;";
  const auto statements = split_statements(script);
  REQUIRE(statements.size() == 1);
  CHECK(statements[0].text == "CREATE TABLE a (\n  x INTEGER, -- first; column\n  y /* inline; */ TEXT\n);");
  CHECK(statements[0].line == 4);
  require_sqlite_agrees(script);
}

TEST_CASE("splitter: a trigger body with several statements is one statement", "[migrate][splitter][MG-3]") {
  const std::string trigger =
      "CREATE TRIGGER content_audit AFTER UPDATE ON content\n"
      "FOR EACH ROW WHEN NEW.status <> OLD.status\n"
      "BEGIN\n"
      "  INSERT INTO history (content_id, note) VALUES (NEW.id, 'status; changed');\n"
      "  UPDATE content SET updated = CASE WHEN NEW.status = 'published' THEN 1 ELSE 0 END WHERE id = NEW.id;\n"
      "  DELETE FROM drafts WHERE content_id = NEW.id; -- end; of body\n"
      "END;";
  const std::string script = "CREATE TABLE x (a);\n" + trigger + "\nCREATE TEMP TRIGGER t2 AFTER INSERT ON x BEGIN "
                             "SELECT 1; SELECT 2; END;\nCREATE TABLE y (b);";
  const auto pieces = texts(script);
  REQUIRE(pieces.size() == 4);
  CHECK(pieces[0] == "CREATE TABLE x (a);");
  CHECK(pieces[1] == trigger);
  CHECK(pieces[2] == "CREATE TEMP TRIGGER t2 AFTER INSERT ON x BEGIN SELECT 1; SELECT 2; END;");
  CHECK(pieces[3] == "CREATE TABLE y (b);");
  require_sqlite_agrees(script);
}

TEST_CASE("splitter: the drizzle-kit statement breakpoint separates statements", "[migrate][splitter][MG-3]") {
  SECTION("without semicolons") {
    const std::string script =
        "CREATE TABLE `users` (\n\t`id` text PRIMARY KEY NOT NULL\n)\n--> statement-breakpoint\n"
        "CREATE UNIQUE INDEX `users_id` ON `users` (`id`)\r\n--> statement-breakpoint\r\n"
        "ALTER TABLE `users` ADD `email` text";
    CHECK(texts(script) == std::vector<std::string>{"CREATE TABLE `users` (\n\t`id` text PRIMARY KEY NOT NULL\n)",
                                                     "CREATE UNIQUE INDEX `users_id` ON `users` (`id`)",
                                                     "ALTER TABLE `users` ADD `email` text"});
  }
  SECTION("after semicolons: no empty statements") {
    const std::string script = "CREATE TABLE a (x);\n--> statement-breakpoint\nCREATE TABLE b (y);\n";
    CHECK(texts(script) == std::vector<std::string>{"CREATE TABLE a (x);", "CREATE TABLE b (y);"});
  }
  SECTION("inside a string it is text") {
    CHECK(texts("INSERT INTO t VALUES ('\n--> statement-breakpoint\n');").size() == 1);
  }
}

TEST_CASE("splitter: CRLF line ends and a UTF-8 BOM", "[migrate][splitter][MG-3]") {
  const std::string script =
      "\xEF\xBB\xBF-- migration\r\nCREATE TABLE a (x TEXT DEFAULT 'caf\xC3\xA9');\r\n\r\n"
      "INSERT INTO a VALUES ('line1\r\nline2');\r\n";
  const auto statements = split_statements(script);
  REQUIRE(statements.size() == 2);
  CHECK(statements[0].text == "CREATE TABLE a (x TEXT DEFAULT 'caf\xC3\xA9');");
  CHECK(statements[0].line == 2);
  CHECK(statements[1].text == "INSERT INTO a VALUES ('line1\r\nline2');");
  CHECK(statements[1].line == 4);
  require_sqlite_agrees(script);
}

TEST_CASE("splitter: empty input, lone semicolons and an open last statement", "[migrate][splitter][MG-3]") {
  CHECK(texts("").empty());
  CHECK(texts("\xEF\xBB\xBF").empty());
  CHECK(texts("  -- only a comment\n/* and a block */ ;; ;\n").empty());
  CHECK(texts("CREATE TABLE a (x);\nSELECT 1") == std::vector<std::string>{"CREATE TABLE a (x);", "SELECT 1"});
  CHECK(texts("SELECT 'unterminated; string") == std::vector<std::string>{"SELECT 'unterminated; string"});
  CHECK(texts("SELECT 1 /* unterminated; comment") == std::vector<std::string>{"SELECT 1"});
}

TEST_CASE("splitter: every piece runs on SQLite as exactly one statement", "[migrate][splitter][MG-3]") {
  const std::string script =
      "\xEF\xBB\xBF CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT DEFAULT 'none'); -- c\r\n"
      "CREATE TABLE log (note TEXT);\n"
      "CREATE TRIGGER posts_ai AFTER INSERT ON posts BEGIN\n"
      "  INSERT INTO log VALUES ('new; post -- ' || NEW.title);\n"
      "  INSERT INTO log VALUES ('second');\n"
      "END;\n"
      "INSERT INTO posts (title) VALUES ('a;b');\n"
      "--> statement-breakpoint\n"
      "INSERT INTO posts (title) VALUES ('c')";
  vellum::connection db{":memory:"};
  const auto statements = split_statements(script);
  REQUIRE(statements.size() == 5);
  for (const auto& s : statements) {
    sqlite3_stmt* st = nullptr;
    const char* tail = nullptr;
    REQUIRE(sqlite3_prepare_v2(db.native_handle(), s.text.data(), static_cast<int>(s.text.size()), &st, &tail) ==
            SQLITE_OK);
    CHECK(tail == s.text.data() + s.text.size());  // SQLite's parser stops exactly where we did
    CHECK(sqlite3_step(st) == SQLITE_DONE);
    sqlite3_finalize(st);
  }
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM posts") == 2);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM log") == 4);
  CHECK(db.query_value<std::string>("SELECT note FROM log ORDER BY rowid LIMIT 1") == "new; post -- a;b");
}

TEST_CASE("splitter: PostgreSQL dollar-quoted bodies keep their semicolons", "[migrate][splitter][MG-3]") {
  const std::string script =
      "CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;\n"
      "CREATE FUNCTION g() RETURNS text AS $body$ SELECT 'a;$$b'; $body$ LANGUAGE sql;\n"
      "SELECT $1, a$b;\n";
  const auto pieces = split_statements(script);
  REQUIRE(pieces.size() == 3);
  CHECK(pieces[0].text == "CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;");
  CHECK(pieces[1].text == "CREATE FUNCTION g() RETURNS text AS $body$ SELECT 'a;$$b'; $body$ LANGUAGE sql;");
  CHECK(pieces[1].line == 6);
  CHECK(pieces[2].text == "SELECT $1, a$b;");  // a parameter and an identifier, not dollar quotes
  CHECK(pieces[2].line == 7);
}

TEST_CASE("splitter: PostgreSQL E strings with backslash escapes", "[migrate][splitter][MG-3]") {
  CHECK(texts("INSERT INTO t VALUES (E'it\\'s; fine', e'a\\\\');\nSELECT 'x\\';") ==
        std::vector<std::string>{"INSERT INTO t VALUES (E'it\\'s; fine', e'a\\\\');", "SELECT 'x\\';"});
  // A word ending in E before a quote is not an E string.
  CHECK(texts("SELECT type'a;b';SELECT 2;") == std::vector<std::string>{"SELECT type'a;b';", "SELECT 2;"});
}
