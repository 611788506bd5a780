// `vellum backup`, `export`, `import` and `doctor` on temporary databases (docs/operations.md).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include <vellum/core/connection.hpp>

#include "cli_runner.hpp"
#include "support/scratch_folder.hpp"

#if defined(VELLUM_HAS_BUNDLED_MIGRATIONS)

namespace {

using Catch::Contains;
using vellum::testing::scratch_folder;
using vellum_test::vellum_cli;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A CMS database with one user and one collection, made through the command line and SQL.
std::string cms_database(const scratch_folder& dir) {
  const auto db = dir.file("cms.db");
  REQUIRE(vellum_cli("migrate up --db " + db).exit_code == 0);
  vellum::connection c{db};
  c.execute("INSERT INTO users (id, email, username, first_name, created_at, updated_at) "
            "VALUES ('u1', 'ana@example.com', 'ana', 'Ana María', 1, 1);"
            "INSERT INTO collections (id, name, display_name, schema, created_at, updated_at) "
            "VALUES ('c1', 'posts', 'Posts', '{\"type\":\"object\",\"properties\":{}}', 1, 1);");
  return db;
}

}  // namespace

TEST_CASE("cli: export sql to a file, import into a new database, export again: the same bytes",
          "[ops][cli]") {
  scratch_folder dir;
  const auto db = cms_database(dir);
  const auto out = vellum_cli("export --db " + db + " --format sql --out " + dir.file("a.sql"));
  CHECK(out.exit_code == 0);
  CHECK_THAT(out.output, Contains("rows to"));
  const auto in = vellum_cli("import --db " + dir.file("copy.db") + " " + dir.file("a.sql"));
  CHECK(in.exit_code == 0);
  CHECK_THAT(in.output, Contains("imported 26 tables"));  // 24 CMS tables, the FTS5 table, migrations
  // Standard output by default.
  const auto again = vellum_cli("export --db " + dir.file("copy.db") + " --format sql");
  CHECK(again.exit_code == 0);
  CHECK(again.output == read_file(dir.file("a.sql")));
}

TEST_CASE("cli: import json reports counts per table and a second run skips every row", "[ops][cli]") {
  scratch_folder dir;
  const auto db = cms_database(dir);
  REQUIRE(vellum_cli("export --db " + db + " --format json --out " + dir.file("a.json")).exit_code == 0);
  // JSON import needs the CMS schema, and like every CMS command never migrates on its own.
  vellum_test::expect_usage("import --db " + dir.file("copy.db") + " " + dir.file("a.json"), "does not exist");
  REQUIRE(vellum_cli("migrate up --db " + dir.file("copy.db")).exit_code == 0);
  const auto first = vellum_cli("import --db " + dir.file("copy.db") + " " + dir.file("a.json"));
  CHECK(first.exit_code == 0);
  CHECK_THAT(first.output, Contains("users                             1          0          0"));
  CHECK_THAT(first.output, Contains("2 inserted, 0 updated, 110 skipped"));
  const auto second = vellum_cli("import --db " + dir.file("copy.db") + " --on-conflict update " + dir.file("a.json"));
  CHECK(second.exit_code == 0);
  CHECK_THAT(second.output, Contains("0 inserted, 0 updated, 112 skipped"));
}

TEST_CASE("cli: a bad row exits 2 naming the table and key, and imports nothing", "[ops][cli]") {
  scratch_folder dir;
  const auto db = cms_database(dir);
  REQUIRE(vellum_cli("export --db " + db + " --format json --out " + dir.file("a.json")).exit_code == 0);
  auto text = read_file(dir.file("a.json"));
  const auto at = text.find("\"ana@example.com\"");
  REQUIRE(at != std::string::npos);
  text.replace(at, 17, "null");  // email is NOT NULL
  dir.write("bad.json", text);
  REQUIRE(vellum_cli("migrate up --db " + dir.file("copy.db")).exit_code == 0);
  const auto r = vellum_cli("import --db " + dir.file("copy.db") + " " + dir.file("bad.json"));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("users") && Contains("id=\"u1\"") && Contains("NOT NULL"));
  vellum::connection copy{dir.file("copy.db")};
  CHECK(copy.query_value<int>("SELECT count(*) FROM users") == 0);
}

TEST_CASE("cli: backup writes a sound copy, doctor reports on it, an existing --out needs --force",
          "[ops][cli]") {
  scratch_folder dir;
  const auto db = cms_database(dir);
  const auto b = vellum_cli("backup --db " + db + " --out " + dir.file("copy.db"));
  CHECK(b.exit_code == 0);
  CHECK_THAT(b.output, Contains("backed up"));
  CHECK(vellum_cli("backup --db " + db + " --out " + dir.file("copy.db")).exit_code == 2);
  CHECK(vellum_cli("backup --db " + db + " --out " + dir.file("copy.db") + " --force").exit_code == 0);
  const auto d = vellum_cli("doctor --db " + dir.file("copy.db"));
  CHECK(d.exit_code == 0);
  CHECK_THAT(d.output, Contains("integrity_check    ok") && Contains("foreign_key_check  ok") &&
                           Contains("migrations         up to date") &&
                           Contains("schema drift       none") && Contains("healthy"));
  {
    vellum::connection c{dir.file("copy.db"), {.foreign_keys = false}};
    c.execute("INSERT INTO content_locks (content_id, user_id, acquired_at, expires_at) VALUES ('nope', 'u1', 1, 2)");
  }
  const auto sick = vellum_cli("doctor --db " + dir.file("copy.db"));
  CHECK(sick.exit_code == 1);
  CHECK_THAT(sick.output, Contains("foreign_key_check  1 violation(s)") && Contains("content_locks"));
}

TEST_CASE("cli: doctor reports schema drift from the CMS definitions and fails", "[ops][cli]") {
  scratch_folder dir;
  const auto db = cms_database(dir);
  {
    vellum::connection c{db};
    c.execute("ALTER TABLE content ADD COLUMN legacy_flag INTEGER");
    c.execute("DROP INDEX idx_content_author");
  }
  const auto d = vellum_cli("doctor --db " + db);
  CHECK(d.exit_code == 1);
  CHECK_THAT(d.output, Contains("schema drift       2 difference(s)") && Contains("legacy_flag") &&
                           Contains("idx_content_author") && Contains("1 check(s) need attention"));
  // A database that is not a CMS database is not compared.
  {
    vellum::connection c{dir.file("plain.db")};
    c.execute("CREATE TABLE t (x INTEGER)");
  }
  const auto plain = vellum_cli("doctor --db " + dir.file("plain.db"));
  CHECK_THAT(plain.output, Contains("schema drift       not checked"));
}

#endif  // VELLUM_HAS_BUNDLED_MIGRATIONS
