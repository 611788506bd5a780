// `vellum check | generate | push` against the CMS model, run as a user would run them.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <string>

#include <vellum/core.hpp>

#include "integration/cli_runner.hpp"
#include "support/scratch_folder.hpp"

namespace {

using vellum::testing::scratch_folder;
using vellum_test::vellum_cli;
using Catch::Contains;

std::size_t files_in(const std::string& dir) {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir), {}));
}

}  // namespace

TEST_CASE("cli: check passes on a database the CMS migrations built and names a drift", "[schema-diff][cli]") {
  scratch_folder dir;
  const std::string db = "--db " + dir.file("cms.db");
  REQUIRE(vellum_cli("migrate up " + db).exit_code == 0);

  const auto same = vellum_cli("check " + db);
  CHECK(same.exit_code == 0);
  CHECK_THAT(same.output, Contains("matches the definitions"));

  {
    vellum::connection c{dir.file("cms.db")};
    c.execute("ALTER TABLE content ADD COLUMN extra TEXT; DROP INDEX idx_content_status");
  }
  const auto drift = vellum_cli("check " + db);
  CHECK(drift.exit_code == 1);
  CHECK_THAT(drift.output, Contains("table content, column extra: in the database, not in the definitions"));
  CHECK_THAT(drift.output, Contains("table content, index idx_content_status: missing in the database"));
  CHECK_THAT(drift.output, Contains("2 differences"));

  CHECK(vellum_cli("check --db " + dir.file("missing.db")).exit_code == 2);
  CHECK(vellum_cli("check").exit_code == 2);  // no --db
}

TEST_CASE("cli: generate writes the next migration once, and push applies the diff", "[schema-diff][cli]") {
  scratch_folder dir;
  const std::string m = dir.file("m");
  // No database yet: the whole CMS schema becomes the first migration.
  const auto first = vellum_cli("generate --db " + dir.file("new.db") + " --name init --dir " + m);
  CHECK(first.exit_code == 0);
  CHECK_THAT(first.output, Contains("created " + m + "/001_init.sql"));
  CHECK_FALSE(std::filesystem::exists(dir.file("new.db")));
  const auto again = vellum_cli("generate --db " + dir.file("new.db") + " --name again --dir " + m);
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.output, Contains("no changes"));
  CHECK(files_in(m) == 1);

  // The generated file, applied by the runner, builds a database the check accepts.
  REQUIRE(vellum_cli("migrate up --db " + dir.file("app.db") + " --dir " + m).exit_code == 0);
  CHECK(vellum_cli("check --db " + dir.file("app.db")).exit_code == 0);

  // push: a development database drifted; push shows the plan, then fixes it.
  {
    vellum::connection c{dir.file("app.db")};
    c.execute("DROP INDEX idx_content_status; ALTER TABLE content ADD COLUMN scratch TEXT;"
              "UPDATE content SET scratch = 'x'");
  }
  const auto dry = vellum_cli("push --db " + dir.file("app.db") + " --dry-run");
  CHECK(dry.exit_code == 0);
  CHECK_THAT(dry.output, Contains("CREATE INDEX \"idx_content_status\"") && Contains("dry run"));
  CHECK(vellum_cli("check --db " + dir.file("app.db")).exit_code == 1);
  const auto pushed = vellum_cli("push --db " + dir.file("app.db"));
  CHECK(pushed.exit_code == 0);
  CHECK(vellum_cli("check --db " + dir.file("app.db")).exit_code == 0);

  CHECK(vellum_cli("generate --db " + dir.file("app.db") + " --dir " + m).exit_code == 2);  // no --name
  CHECK(vellum_cli("push --db " + dir.file("app.db") + " --rename nodot").exit_code == 2);
}

TEST_CASE("cli: push refuses to drop a table holding rows unless allowed", "[schema-diff][cli]") {
  scratch_folder dir;
  const std::string db = "--db " + dir.file("cms.db");
  REQUIRE(vellum_cli("migrate up " + db).exit_code == 0);
  {
    vellum::connection c{dir.file("cms.db")};
    c.execute("CREATE TABLE scratch_notes (note TEXT); INSERT INTO scratch_notes VALUES ('a'), ('b')");
  }
  const auto refused = vellum_cli("push " + db);
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.output, Contains("drop table scratch_notes (2 rows)"));
  CHECK(vellum_cli("check " + db).exit_code == 1);
  CHECK(vellum_cli("push " + db + " --allow-destructive").exit_code == 0);
  CHECK(vellum_cli("check " + db).exit_code == 0);
}
