// `vellum collections sync` end to end: the built executable on temporary databases and
// folders of <name>.json definitions; exit codes 0 (all synced), 1 (a definition failed) and
// 2 (bad usage or input), and what the database holds afterwards.
#include <catch2/catch.hpp>

#include <string>

#include <vellum/cms/collections_repository.hpp>
#include <vellum/cms/store.hpp>

#include "integration/cli_runner.hpp"
#include "support/scratch_folder.hpp"

#if defined(VELLUM_HAS_BUNDLED_MIGRATIONS)

namespace {

namespace cms = vellum::cms;
using vellum::testing::scratch_folder;
using vellum_test::expect_usage;
using vellum_test::vellum_cli;
using Catch::Contains;

// A migrated CMS database and a folder of two good definitions beside it.
struct project {
  scratch_folder dir;
  std::string db = dir.file("cms.db");
  std::string args = "--db " + dir.file("cms.db") + " --dir " + dir.file("collections");
  project() {
    REQUIRE(vellum_cli("migrate up --db " + db).exit_code == 0);
    dir.write("collections/posts.json", R"({"name": "posts", "display_name": "Posts", "description": "Blog posts",
      "schema": {"type": "object", "properties": {"headline": {"type": "string", "required": true},
                                                  "author": {"type": "reference", "collection": "authors"}}}})");
    dir.write("collections/authors.json", R"({"display_name": "Authors", "max_versions": 10,
      "schema": {"type": "object", "properties": {"bio": {"type": "string"}}}})");
  }
  /// The collection as the database holds it now (through the library, not the tool).
  [[nodiscard]] std::optional<cms::collection> stored(const std::string& name) const {
    vellum::database conn{db};
    cms::store store{conn, {.migrate = false}};
    return store.collections().find_by_name(name);
  }
};

}  // namespace

TEST_CASE("cli: collections sync creates, then reports unchanged, then deactivates [CS-1][CS-3][CS-6]",
          "[collections][cli][CS-1][CS-3][CS-6]") {
  project p;
  const auto first = vellum_cli("collections sync " + p.args);
  INFO(first.output);
  CHECK(first.exit_code == 0);
  CHECK(first.output == "created authors\ncreated posts\n2 created, 0 updated, 0 unchanged, 0 deactivated, 0 failed\n");
  const auto posts = p.stored("posts");
  REQUIRE(posts.has_value());
  CHECK(posts->managed);
  CHECK(posts->is_active);
  CHECK(posts->description == "Blog posts");
  CHECK(p.stored("authors")->max_versions == 10);

  const auto again = vellum_cli("collections --db " + p.db + " sync --dir " + p.dir.file("collections"));
  CHECK(again.exit_code == 0);
  CHECK(again.output ==
        "unchanged authors\nunchanged posts\n0 created, 0 updated, 2 unchanged, 0 deactivated, 0 failed\n");

  p.dir.write("collections/posts.json", R"({"display_name": "Articles", "description": "Blog posts", "schema":
      {"properties": {"author": {"collection": "authors", "type": "reference"},
                      "headline": {"required": true, "type": "string"}}, "type": "object"}})");
  p.dir.remove("collections/authors.json");
  const auto changed = vellum_cli("collections sync " + p.args);
  CHECK(changed.exit_code == 0);
  CHECK_THAT(changed.output, Contains("updated posts (display_name)\n") && Contains("deactivated authors\n"));
  CHECK(p.stored("posts")->display_name == "Articles");
  CHECK(p.stored("posts")->schema_version == 1);  // same schema, other key order
  const auto authors = p.stored("authors");
  REQUIRE(authors.has_value());  // deactivated, never deleted
  CHECK_FALSE(authors->is_active);
}

TEST_CASE("cli: collections sync exits 1 when a definition fails, applying the others [CS-9]",
          "[collections][cli][CS-9]") {
  project p;
  p.dir.write("collections/broken.json", "{\"display_name\": ");
  p.dir.write("collections/pages.json", R"({"display_name": "", "schema": {"properties": {"size": {"type": "dimension"}}}})");
  const auto r = vellum_cli("collections sync " + p.args);
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output, Contains("created authors\n") && Contains("created posts\n"));
  CHECK_THAT(r.output, Contains("error broken: ") && Contains("broken.json is not valid JSON"));
  CHECK_THAT(r.output, Contains("error pages: invalid definition\n") &&
                           Contains("  display_name: must not be empty\n") &&
                           Contains("  schema.properties.size.type: is not a known field type: 'dimension'\n"));
  CHECK_THAT(r.output, Contains("2 created, 0 updated, 0 unchanged, 0 deactivated, 2 failed"));
  CHECK(p.stored("posts").has_value());
  CHECK_FALSE(p.stored("pages").has_value());
  CHECK_FALSE(p.stored("broken").has_value());
}

TEST_CASE("cli: collections sync exits 2 on bad usage, changing nothing", "[collections][cli]") {
  project p;
  expect_usage("collections", "A subcommand is required");
  expect_usage("collections sync --db " + p.db, "--dir is required");
  expect_usage("collections sync --dir " + p.dir.file("collections"), "--db FILE is required");
  expect_usage("collections sync --bogus " + p.args, "--bogus");
  expect_usage("collections sync --db " + p.db + " --dir " + p.dir.file("absent"), "is not a folder");
  p.dir.write("empty/README.md", "no definitions here");
  expect_usage("collections sync --db " + p.db + " --dir " + p.dir.file("empty"), "no collection definitions");
  expect_usage("collections sync --db " + p.dir.file("absent.db") + " --dir " + p.dir.file("collections"),
               "does not exist");
  { vellum::database fresh{p.dir.file("fresh.db")}; }  // a database the CMS migrations never ran on
  expect_usage("collections sync --db " + p.dir.file("fresh.db") + " --dir " + p.dir.file("collections"),
               "is not up to date");
  CHECK_FALSE(p.stored("posts").has_value());
  CHECK_FALSE(std::filesystem::exists(p.dir.file("absent.db")));
}

#endif  // VELLUM_HAS_BUNDLED_MIGRATIONS
