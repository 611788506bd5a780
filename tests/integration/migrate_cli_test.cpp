// Runs the built `vellum` executable on temporary databases and checks exit codes and output.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include <vellum/core.hpp>

#include "run_cli.hpp"
#include "support/scratch_folder.hpp"

namespace {

using vellum::testing::scratch_folder;
using Catch::Contains;

// A folder of two good migrations, and the arguments naming it and a database beside it.
struct project {
  scratch_folder dir;
  std::string args;
  project() {
    dir.write("m/001_create_posts.sql", "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL);");
    dir.write("m/002_create_tags.sql", "CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT);");
    dir.write("m/002_create_tags.down.sql", "DROP TABLE tags;");
    args = "--db " + dir.file("cms.db") + " --dir " + dir.file("m");
  }
  [[nodiscard]] std::int64_t tables() const {
    vellum::connection db{dir.file("cms.db")};
    return db.query_value<std::int64_t>("SELECT count(*) FROM sqlite_master WHERE name IN ('posts', 'tags', 'bad')")
        .value_or(0);
  }
};

}  // namespace

TEST_CASE("cli: status before and after up", "[migrate][cli]") {
  project p;
  vellum_cli("migrate up " + p.args + " --to 1");
  const auto before = vellum_cli("migrate status " + p.args);
  CHECK(before.exit_code == 0);
  CHECK_THAT(before.output, Contains("ID   STATE    APPLIED AT (UTC)     MIGRATION"));
  CHECK_THAT(before.output, Contains("001  applied  "));
  CHECK_THAT(before.output, Contains("002  pending                       002_create_tags.sql"));
  CHECK_THAT(before.output, Contains("1 applied, 1 pending, 0 changed, 0 unknown"));

  const auto up = vellum_cli("migrate up " + p.args);
  CHECK(up.exit_code == 0);
  CHECK_THAT(up.output, Contains("applied 002_create_tags.sql") && Contains("applied 1 migration"));

  const auto after = vellum_cli("migrate " + p.args + " status");  // options before the subcommand too
  CHECK(after.exit_code == 0);
  CHECK_THAT(after.output, Contains("2 applied, 0 pending, 0 changed, 0 unknown"));
  CHECK(vellum_cli("migrate up " + p.args).output.find("nothing to apply") != std::string::npos);
  CHECK(p.tables() == 2);
}

TEST_CASE("cli: a failing migration exits 1 with its name and SQLite's message", "[migrate][cli][MG-2]") {
  project p;
  p.dir.write("m/003_bad.sql", "CREATE TABLE bad (x INTEGER);\nINSERT INTO nowhere VALUES (1);\n");
  p.dir.write("m/004_after.sql", "SELECT 1;");
  const auto up = vellum_cli("migrate up " + p.args);
  CHECK(up.exit_code == 1);
  CHECK_THAT(up.output, Contains("applied 001_create_posts.sql") && Contains("applied 002_create_tags.sql"));
  CHECK_THAT(up.output, Contains("migration 003_bad.sql failed at statement 2 (line 2): no such table: nowhere"));
  CHECK_THAT(up.output, Contains("statement: INSERT INTO nowhere VALUES (1);"));
  CHECK(up.output.find("terminate") == std::string::npos);  // a message, not a crash
  CHECK(p.tables() == 2);                                    // nothing of 003

  const auto status = vellum_cli("migrate status " + p.args);
  CHECK(status.exit_code == 0);
  CHECK_THAT(status.output, Contains("003  pending") && Contains("2 applied, 2 pending"));
}

TEST_CASE("cli: an edited applied migration is reported and up exits 1 naming it", "[migrate][cli][MG-1]") {
  project p;
  REQUIRE(vellum_cli("migrate up " + p.args).exit_code == 0);
  p.dir.write("m/001_create_posts.sql", "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT);");
  p.dir.write("m/003_more.sql", "CREATE TABLE more (x INTEGER);");

  const auto status = vellum_cli("migrate status " + p.args);
  CHECK(status.exit_code == 0);
  CHECK_THAT(status.output, Contains("001  changed") && Contains("checksum differs"));

  const auto up = vellum_cli("migrate up " + p.args);
  CHECK(up.exit_code == 1);
  CHECK_THAT(up.output, Contains("up refused") && Contains("001_create_posts.sql"));

  const auto accept = vellum_cli("migrate mark-applied 1 " + p.args);
  CHECK(accept.exit_code == 0);
  CHECK_THAT(accept.output, Contains("accepted the current 001_create_posts.sql"));
  CHECK(vellum_cli("migrate up " + p.args).exit_code == 0);
}

TEST_CASE("cli: baseline, mark-applied, down and new", "[migrate][cli][MG-4]") {
  project p;
  const auto baseline = vellum_cli("migrate baseline 001 " + p.args);
  CHECK(baseline.exit_code == 0);
  CHECK_THAT(baseline.output, Contains("recorded 1 migration as applied without running them (001)"));
  CHECK(p.tables() == 0);

  const auto mark = vellum_cli("migrate mark-applied 002 " + p.args);
  CHECK(mark.exit_code == 0);
  CHECK_THAT(mark.output, Contains("recorded 002_create_tags.sql as applied"));
  CHECK_THAT(vellum_cli("migrate status " + p.args).output, Contains("2 applied, 0 pending"));

  const auto down = vellum_cli("migrate down " + p.args);  // the newest only: 002 has a .down.sql
  CHECK(down.exit_code == 1);  // its DROP TABLE fails: baseline and mark-applied ran nothing
  CHECK_THAT(down.output, Contains("no such table: tags"));

  const auto created = vellum_cli("migrate new 'Add Media' --down --dir " + p.dir.file("m"));
  CHECK(created.exit_code == 0);
  CHECK_THAT(created.output, Contains("003_add_media.sql") && Contains("003_add_media.down.sql"));
  p.dir.write("m/003_add_media.sql", "CREATE TABLE media (id INTEGER PRIMARY KEY);");
  p.dir.write("m/003_add_media.down.sql", "DROP TABLE media;");
  CHECK(vellum_cli("migrate up " + p.args).exit_code == 0);
  const auto reverted = vellum_cli("migrate down --to 2 " + p.args);
  CHECK(reverted.exit_code == 0);
  CHECK_THAT(reverted.output, Contains("reverted 003_add_media.sql") && Contains("reverted 1 migration"));
}

TEST_CASE("cli: bad usage and bad input exit 2 with a message", "[migrate][cli]") {
  project p;
  const auto expect_usage = [](const std::string& args, const std::string& message) {
    const auto r = vellum_cli(args);
    INFO(args << "\n" << r.output);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Contains(message));
  };
  expect_usage("", "A subcommand is required");
  expect_usage("migrate", "A subcommand is required");
  expect_usage("migrate sideways " + p.args, "sideways");
  expect_usage("migrate status --bogus " + p.args, "--bogus");
  expect_usage("migrate up --dir " + p.dir.file("m"), "--db FILE is required");
  expect_usage("migrate status --db " + p.dir.file("absent.db") + " --dir " + p.dir.file("m"), "does not exist");
  expect_usage("migrate up --to 42 " + p.args, "no migration with id '42'");
  expect_usage("migrate baseline " + p.args, "id is required");
  expect_usage("migrate new tags", "--dir DIR is required");
  expect_usage("migrate new 'tags!' --dir " + p.dir.file("m"), "use letters, digits");
  p.dir.write("m/notes.sql", "SELECT 1;");
  expect_usage("migrate up " + p.args, "notes.sql");
  CHECK_FALSE(std::filesystem::exists(p.dir.file("cms.db")));  // bad input created no database
  CHECK(vellum_cli("--help").exit_code == 0);
}

TEST_CASE("cli: without --dir the bundled CMS migrations are used", "[migrate][cli]") {
  scratch_folder dir;
  const auto status = vellum_cli("migrate up --db " + dir.file("cms.db"));
#if defined(VELLUM_HAS_BUNDLED_MIGRATIONS)
  CHECK(status.exit_code == 0);
  CHECK_THAT(status.output, Contains("001_initial_schema.sql"));
#else
  CHECK(status.exit_code == 2);
  CHECK_THAT(status.output, Contains("built without the CMS migrations: pass --dir DIR"));
#endif
}
