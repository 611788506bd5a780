#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <vellum/core.hpp>
#include <vellum/migrate.hpp>

#include "support/scratch_folder.hpp"

namespace {

namespace mg = vellum::migrate;
using vellum::testing::scratch_folder;

std::vector<std::string> filenames(const std::vector<mg::migration>& set) {
  std::vector<std::string> out;
  for (const auto& m : set) out.push_back(m.filename);
  return out;
}

}  // namespace

TEST_CASE("migration file names", "[migrate][source]") {
  const auto parsed = mg::parse_migration_file_name("003_add_tags.sql");
  REQUIRE(parsed);
  CHECK(parsed->id == "003");
  CHECK(parsed->name == "add_tags");
  CHECK(mg::parse_migration_file_name("0000_wandering_spiral.sql")->name == "wandering_spiral");
  CHECK_FALSE(mg::parse_migration_file_name("003_add_tags.down.sql"));
  CHECK_FALSE(mg::parse_migration_file_name("add_tags.sql"));
  CHECK_FALSE(mg::parse_migration_file_name("003_.sql"));
  CHECK_FALSE(mg::parse_migration_file_name("v3_tags.sql"));
  CHECK_FALSE(mg::parse_migration_file_name("003_add_tags.txt"));
}

TEST_CASE("migration ids compare as numbers", "[migrate][source][MG-4]") {
  CHECK((mg::compare_migration_ids("9", "10") < 0));
  CHECK((mg::compare_migration_ids("010", "9") > 0));
  CHECK((mg::compare_migration_ids("001", "1") == 0));
  CHECK((mg::compare_migration_ids("0", "000") == 0));
  CHECK((mg::compare_migration_ids("20240101120000", "20231231235959") > 0));
}

TEST_CASE("a folder loads in numeric order with its down files and checksums", "[migrate][source][MG-4]") {
  scratch_folder dir;
  dir.write("m/10_ten.sql", "SELECT 10;");
  dir.write("m/2_two.sql", "SELECT 2;");
  dir.write("m/2_two.down.sql", "SELECT -2;");
  dir.write("m/README.md", "not a migration");
  dir.write("m/nested/001_ignored.sql", "SELECT 'subfolders are not read';");
  const auto set = mg::load_folder(dir.path() / "m");
  REQUIRE(filenames(set) == std::vector<std::string>{"2_two.sql", "10_ten.sql"});
  CHECK(set[0].id == "2");
  CHECK(set[0].name == "two");
  CHECK(set[0].sql == "SELECT 2;");
  CHECK(set[0].down_sql == "SELECT -2;");
  CHECK(set[0].has_down());
  CHECK_FALSE(set[1].has_down());
  CHECK(set[1].checksum == vellum::sha256_hex("SELECT 10;"));
}

TEST_CASE("a malformed folder is rejected with the file named", "[migrate][source]") {
  scratch_folder dir;
  SECTION("missing folder") {
    CHECK_THROWS_WITH(mg::load_folder(dir.path() / "absent"), Catch::Contains("is not a folder"));
  }
  SECTION("a .sql file of another name") {
    dir.write("m/001_a.sql", "SELECT 1;");
    dir.write("m/schema.sql", "SELECT 1;");
    CHECK_THROWS_WITH(mg::load_folder(dir.path() / "m"), Catch::Contains("schema.sql") && Catch::Contains("NNN_name"));
  }
  SECTION("a down file without its migration") {
    dir.write("m/001_a.sql", "SELECT 1;");
    dir.write("m/002_b.down.sql", "SELECT 1;");
    CHECK_THROWS_AS(mg::load_folder(dir.path() / "m"), vellum::validation_error);
  }
  SECTION("two files with one number") {
    dir.write("m/001_a.sql", "SELECT 1;");
    dir.write("m/1_b.sql", "SELECT 1;");
    CHECK_THROWS_WITH(mg::load_folder(dir.path() / "m"), Catch::Contains("same id"));
  }
}

TEST_CASE("a drizzle-kit folder loads in journal order", "[migrate][source][MG-3]") {
  scratch_folder dir;
  dir.write("drizzle/0000_wandering_spiral.sql",
            "CREATE TABLE `users` (\n\t`id` text PRIMARY KEY NOT NULL,\n\t`email` text NOT NULL\n);\n"
            "--> statement-breakpoint\n"
            "CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);");
  dir.write("drizzle/0001_brave_hulk.sql",
            "ALTER TABLE `users` ADD `name` text\n--> statement-breakpoint\n"
            "CREATE TABLE `posts` (`id` integer PRIMARY KEY, `author` text REFERENCES `users`(`id`))");
  const std::string journal = R"({"version":"7","dialect":"sqlite","entries":[
      {"idx":0,"version":"6","when":1700000000000,"tag":"0000_wandering_spiral","breakpoints":true},
      {"idx":1,"version":"6","when":1700000100000,"tag":"0001_brave_hulk","breakpoints":true}]})";
  dir.write("drizzle/meta/_journal.json", journal);
  dir.write("drizzle/meta/0000_snapshot.json", "{}");

  const auto set = mg::load_folder(dir.path() / "drizzle");
  REQUIRE(filenames(set) == std::vector<std::string>{"0000_wandering_spiral.sql", "0001_brave_hulk.sql"});
  CHECK(set[1].id == "0001");

  vellum::connection db{":memory:"};
  mg::migration_runner runner{db, set};
  CHECK(runner.up() == std::vector<std::string>{"0000", "0001"});
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM pragma_table_info('users')") == 3);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM sqlite_master WHERE name = 'posts'") == 1);

  SECTION("a file the journal does not list is rejected") {
    dir.write("drizzle/0002_stray.sql", "SELECT 1;");
    CHECK_THROWS_WITH(mg::load_folder(dir.path() / "drizzle"), Catch::Contains("does not list 0002_stray.sql"));
  }
  SECTION("a journal entry without its file is rejected") {
    dir.remove("drizzle/0001_brave_hulk.sql");
    CHECK_THROWS_WITH(mg::load_folder(dir.path() / "drizzle"), Catch::Contains("0001_brave_hulk.sql"));
  }
  SECTION("a journal order that contradicts the numbers is rejected") {
    dir.write("drizzle/meta/_journal.json",
              R"({"entries":[{"idx":0,"tag":"0001_brave_hulk"},{"idx":1,"tag":"0000_wandering_spiral"}]})");
    CHECK_THROWS_WITH(mg::load_folder(dir.path() / "drizzle"), Catch::Contains("numeric order"));
  }
  SECTION("a journal that is not JSON is rejected") {
    dir.write("drizzle/meta/_journal.json", "{ not json");
    CHECK_THROWS_AS(mg::load_folder(dir.path() / "drizzle"), vellum::validation_error);
  }
}

TEST_CASE("the no-transaction directive is read from the header comment only", "[migrate][source]") {
  CHECK(mg::has_no_transaction_directive("-- vellum: no-transaction\nCREATE TABLE a (x);"));
  CHECK(mg::has_no_transaction_directive("\xEF\xBB\xBF-- rebuild posts\r\n--Vellum:No-Transaction\r\nSELECT 1;"));
  CHECK(mg::has_no_transaction_directive("/* rebuild */\n  -- vellum: no-transaction  \n"));
  CHECK_FALSE(mg::has_no_transaction_directive("CREATE TABLE a (x);\n-- vellum: no-transaction\n"));
  CHECK_FALSE(mg::has_no_transaction_directive("-- see: -- vellum: no-transaction\nSELECT 1;"));
  CHECK_FALSE(mg::has_no_transaction_directive("SELECT '-- vellum: no-transaction';"));
}
