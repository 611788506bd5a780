// Collection sync (CS-1…CS-9): per-name results, change detection by canonical hash, managed
// collections deactivated (never deleted) when the input drops them, one transaction per
// collection, idempotence; and the folder of <name>.json definitions sync reads.
#include <catch2/catch.hpp>

#include <chrono>
#include <latch>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <vellum/cms/canonical_json.hpp>
#include <vellum/cms/collections_repository.hpp>
#include <vellum/cms/schema.hpp>
#include <vellum/testing/database_dump.hpp>
#include <vellum/testing/seed.hpp>

#include "cms_backend_fixture.hpp"
#include "refusal.hpp"
#include "support/scratch_folder.hpp"

namespace {

namespace cms = vellum::cms;
namespace vt = vellum::testing;
using json = nlohmann::json;
using namespace std::chrono_literals;

const auto job = cms::actor::system("sync");

const json posts_schema = json::parse(R"({
  "type": "object",
  "properties": {
    "headline": {"type": "string", "required": true, "maxLength": 200},
    "author": {"type": "reference", "collection": "authors"},
    "kind": {"type": "select", "options": ["news", "howto"]}
  }
})");
const json authors_schema = json::parse(R"({"type": "object", "properties": {"bio": {"type": "string"}}})");

cms::collection_definition posts() {
  return {.name = "posts", .display_name = "Posts", .description = "Blog posts", .schema = posts_schema};
}
cms::collection_definition authors() {
  return {.name = "authors", .display_name = "Authors", .schema = authors_schema, .max_versions = 10};
}

cms::collection_sync_report sync(cms_backend::test_store& ms, const std::vector<cms::collection_definition>& input) {
  return ms.store().collections().sync(job, input);
}

/// "created posts", "unchanged authors", … in report order.
std::vector<std::string> lines(const cms::collection_sync_report& report) {
  std::vector<std::string> out;
  for (const auto& r : report.results) out.push_back(std::string(cms::to_string(r.action)) + " " + r.name);
  return out;
}

std::vector<cms::audit_event> audit_of(cms_backend::test_store& ms, const std::string& id) {
  return vellum_test::audit_of(ms, "collection", id);
}

std::int64_t audit_rows(cms_backend::test_store& ms) {
  return ms.db().query_value<std::int64_t>("SELECT count(*) FROM audit_events").value_or(-1);
}

}  // namespace

TEST_CASE("sync creates managed collections and reports one result per name [CS-1][GX-7]",
          "[collections][sync][CS-1][GX-4][GX-7]") {
  auto ms = cms_backend::test_store();
  ms.clock.advance(5s);
  const auto report = sync(ms, {posts(), authors()});  // posts refers to authors, given after it
  CHECK(lines(report) == std::vector<std::string>{"created posts", "created authors"});
  CHECK(report.ok());
  CHECK(report.count(cms::sync_action::created) == 2);

  const auto stored = ms.store().collections().find_by_name("posts");
  REQUIRE(stored.has_value());
  CHECK(stored->managed);
  CHECK(stored->is_active);
  CHECK(stored->display_name == "Posts");
  CHECK(stored->description == "Blog posts");
  CHECK(stored->schema == posts_schema);
  CHECK(stored->schema_version == 1);
  CHECK(stored->schema_hash == cms::canonical_hash(posts_schema));
  CHECK(stored->created_at == vt::default_start_time + 5s);
  CHECK(report.results[0].collection->id == stored->id);
  CHECK(ms.store().collections().find_by_name("authors")->max_versions == 10);

  const auto trail = audit_of(ms, stored->id);
  REQUIRE(trail.size() == 1);
  CHECK(trail[0].action == "collection.create");
  CHECK(trail[0].actor == "system:sync");
}

TEST_CASE("syncing the same definitions twice: all unchanged, nothing written [CS-3][CS-9]",
          "[collections][sync][CS-3][CS-9]") {
  auto ms = cms_backend::test_store();
  REQUIRE(sync(ms, {posts(), authors()}).ok());
  const auto before = cms_backend::dump(ms.db());
  ms.clock.advance(1h);
  const auto again = sync(ms, {posts(), authors()});
  CHECK(lines(again) == std::vector<std::string>{"unchanged posts", "unchanged authors"});
  CHECK(again.results[0].collection->name == "posts");
  CHECK(cms_backend::dump(ms.db()) == before);  // no updated_at, no audit event, nothing
}

TEST_CASE("a schema written in another key order and layout is unchanged [CS-3][GX-6]",
          "[collections][sync][CS-3][GX-6]") {
  auto ms = cms_backend::test_store();
  REQUIRE(sync(ms, {posts(), authors()}).ok());
  const auto before = cms_backend::dump(ms.db());
  auto reordered = posts();
  reordered.schema = json::parse(R"({"properties": {
      "kind":     {"options": ["news", "howto"], "type": "select"},
      "author":   {"collection": "authors", "type": "reference"},
      "headline": {"maxLength": 200, "required": true, "type": "string"}},
    "type": "object"})");
  const auto report = sync(ms, {authors(), reordered});
  CHECK(lines(report) == std::vector<std::string>{"unchanged authors", "unchanged posts"});
  CHECK(cms_backend::dump(ms.db()) == before);
}

TEST_CASE("a changed definition is updated, and schema_version rises only with the schema",
          "[collections][sync][CS-1][CS-4]") {
  auto ms = cms_backend::test_store();
  REQUIRE(sync(ms, {posts(), authors()}).ok());
  const auto id = ms.store().collections().find_by_name("posts")->id;

  auto renamed = posts();
  renamed.display_name = "Articles";
  renamed.description.reset();  // absent in the definition: cleared, not kept
  ms.clock.advance(1min);
  auto report = sync(ms, {renamed, authors()});
  CHECK(lines(report) == std::vector<std::string>{"updated posts", "unchanged authors"});
  CHECK(report.results[0].changed == std::vector<std::string>{"display_name", "description"});
  auto stored = ms.store().collections().get(id);
  CHECK(stored.display_name == "Articles");
  CHECK_FALSE(stored.description.has_value());
  CHECK(stored.schema_version == 1);
  CHECK(stored.updated_at == vt::default_start_time + 1min);

  auto extended = renamed;
  extended.schema["properties"]["summary"] = {{"type", "string"}};
  report = sync(ms, {extended, authors()});
  CHECK(lines(report) == std::vector<std::string>{"updated posts", "unchanged authors"});
  CHECK(report.results[0].changed == std::vector<std::string>{"schema"});
  stored = ms.store().collections().get(id);
  CHECK(stored.schema_version == 2);
  CHECK(stored.schema == extended.schema);
  CHECK(stored.schema_hash == cms::canonical_hash(extended.schema));
  const auto trail = audit_of(ms, id);
  REQUIRE(trail.size() == 3);
  CHECK(trail[2].action == "collection.update");
  CHECK(trail[2].data == json{{"fields", {"schema"}}, {"schema_version", 2}});
}

TEST_CASE("a managed collection missing from the input is deactivated, never deleted, and comes back [CS-6]",
          "[collections][sync][CS-6][GX-7]") {
  auto ms = cms_backend::test_store();
  REQUIRE(sync(ms, {posts(), authors()}).ok());
  const auto hand_made = vt::seed_collection(ms, {.name = "notes"});  // not managed: sync leaves it alone
  const auto posts_id = ms.store().collections().find_by_name("posts")->id;
  const auto item = vt::seed_content(ms, {.collection_id = hand_made.id, .author_id = vt::seed_user(ms).id});

  ms.clock.advance(1min);
  auto report = sync(ms, {authors()});
  CHECK(lines(report) == std::vector<std::string>{"unchanged authors", "deactivated posts"});
  const auto kept = ms.store().collections().get(posts_id);  // still there
  CHECK_FALSE(kept.is_active);
  CHECK(kept.managed);
  CHECK(kept.schema == posts_schema);
  CHECK(ms.store().collections().get(hand_made.id).is_active);
  CHECK(ms.store().content().get(item.id).collection_id == hand_made.id);
  CHECK(audit_of(ms, posts_id).back().action == "collection.deactivate");

  // Idempotent: an inactive collection is not deactivated again.
  const auto before = cms_backend::dump(ms.db());
  CHECK(lines(sync(ms, {authors()})) == std::vector<std::string>{"unchanged authors"});
  CHECK(cms_backend::dump(ms.db()) == before);

  // Reappearing, it is reactivated (and reported updated).
  ms.clock.advance(1min);
  report = sync(ms, {posts(), authors()});
  CHECK(lines(report) == std::vector<std::string>{"updated posts", "unchanged authors"});
  CHECK(report.results[0].changed == std::vector<std::string>{"is_active"});
  const auto back = ms.store().collections().get(posts_id);
  CHECK(back.is_active);
  CHECK(back.schema_version == 1);
  CHECK(audit_of(ms, posts_id).back().action == "collection.reactivate");
}

TEST_CASE("sync adopts an unmanaged collection of the same name [CS-1][CS-6]", "[collections][sync][CS-1][CS-6]") {
  auto ms = cms_backend::test_store();
  const auto made = ms.store().collections().create(job, {.name = "authors", .display_name = "Authors",
                                                          .schema = authors_schema, .max_versions = 10});
  const auto report = sync(ms, {authors()});
  CHECK(lines(report) == std::vector<std::string>{"updated authors"});
  CHECK(report.results[0].changed == std::vector<std::string>{"managed"});
  CHECK(ms.store().collections().get(made.id).managed);
  CHECK(lines(sync(ms, {})) == std::vector<std::string>{"deactivated authors"});  // now sync's to retire
}

TEST_CASE("a failing definition among good ones: the good ones apply, the bad one writes nothing [CS-9][CS-2]",
          "[collections][sync][CS-9][CS-2][GX-1]") {
  auto ms = cms_backend::test_store();
  REQUIRE(sync(ms, {posts(), authors()}).ok());
  const auto posts_before = ms.store().collections().find_by_name("posts").value();
  const auto audit_before = audit_rows(ms);

  auto bad_update = posts();  // an existing collection, changed into an invalid one
  bad_update.display_name = "Articles";
  bad_update.schema["properties"]["kind"].erase("options");
  const cms::collection_definition bad_new{.name = "pages", .display_name = "", .schema = json::array()};
  const cms::collection_definition good{.name = "tags", .display_name = "Tags"};
  auto changed_authors = authors();
  changed_authors.display_name = "Writers";

  const auto report = sync(ms, {bad_update, good, bad_new, changed_authors});
  CHECK(lines(report) ==
        std::vector<std::string>{"error posts", "created tags", "error pages", "updated authors"});
  CHECK_FALSE(report.ok());
  CHECK(report.results[0].errors.at("schema.properties.kind.options") ==
        std::vector<std::string>{"is required: the list of allowed values"});
  CHECK(report.results[0].message.find("posts") != std::string::npos);
  CHECK_FALSE(report.results[0].collection.has_value());
  CHECK(report.results[2].errors.contains("display_name"));
  CHECK(report.results[2].errors.contains("schema"));

  const auto posts_after = ms.store().collections().get(posts_before.id);  // not touched, still active
  CHECK(posts_after.display_name == "Posts");
  CHECK(posts_after.schema == posts_schema);
  CHECK(posts_after.updated_at == posts_before.updated_at);
  CHECK(posts_after.is_active);
  CHECK_FALSE(ms.store().collections().find_by_name("pages").has_value());
  CHECK(ms.store().collections().find_by_name("tags")->managed);
  CHECK(ms.store().collections().find_by_name("authors")->display_name == "Writers");
  CHECK(audit_rows(ms) == audit_before + 2);  // tags created, authors updated; nothing for the failures

  // Again: the same outcome, and nothing more is written (CS-9).
  const auto before = cms_backend::dump(ms.db());
  CHECK(lines(sync(ms, {bad_update, good, bad_new, changed_authors})) ==
        std::vector<std::string>{"error posts", "unchanged tags", "error pages", "unchanged authors"});
  CHECK(cms_backend::dump(ms.db()) == before);
}

TEST_CASE("each collection is its own transaction: a failed write leaves nothing of it [CS-9][GX-1]",
          "[collections][sync][CS-9][GX-1]") {
  auto ms = cms_backend::test_store();
  const auto before = cms_backend::dump(ms.db());
  {
    cms_backend::write_failure audit_down{ms.db(), "audit_events"};
    const auto report = sync(ms, {posts(), authors()});
    CHECK(lines(report) == std::vector<std::string>{"error posts", "error authors"});
  }
  CHECK(cms_backend::dump(ms.db()) == before);  // no collection row without its audit event
  CHECK(lines(sync(ms, {posts(), authors()})) == std::vector<std::string>{"created posts", "created authors"});
}

TEST_CASE("references within the input: valid definitions only, transitively [CS-2][CS-9]",
          "[collections][sync][CS-2][CS-9]") {
  auto ms = cms_backend::test_store();
  auto broken_authors = authors();
  broken_authors.display_name = "";
  const cms::collection_definition reviews{
      .name = "reviews", .display_name = "Reviews",
      .schema = {{"properties", {{"post", {{"type", "reference"}, {"collection", "posts"}}}}}}};
  // reviews → posts → authors (invalid): neither may point at a collection that is not created.
  const auto report = sync(ms, {reviews, posts(), broken_authors});
  CHECK(lines(report) == std::vector<std::string>{"error reviews", "error posts", "error authors"});
  CHECK(report.results[1].errors.at("schema.properties.author.collection") ==
        std::vector<std::string>{"no collection named 'authors'"});
  CHECK(ms.store().collections().list(true).empty());

  // Two collections that refer to each other are created together.
  auto mutual = authors();
  mutual.schema["properties"]["favourite"] = {{"type", "reference"}, {"collection", "posts"}};
  CHECK(lines(sync(ms, {posts(), mutual, reviews})) ==
        std::vector<std::string>{"created posts", "created authors", "created reviews"});
}

TEST_CASE("a name given twice is an error for both and writes nothing [CS-1][CS-2]", "[collections][sync][CS-1][CS-2]") {
  auto ms = cms_backend::test_store();
  auto other = authors();
  other.display_name = "Other authors";
  const auto before = cms_backend::dump(ms.db());
  const auto report = sync(ms, {authors(), other});
  CHECK(lines(report) == std::vector<std::string>{"error authors", "error authors"});
  CHECK(report.results[0].errors.at("name") == std::vector<std::string>{"is defined more than once in the input"});
  CHECK(cms_backend::dump(ms.db()) == before);
}

TEST_CASE("sync needs an actor, and refuses before writing anything [GX-4]", "[collections][sync][GX-4]") {
  auto ms = cms_backend::test_store();
  const auto input = std::vector<cms::collection_definition>{posts(), authors()};
  const auto e = vellum_test::refused<vellum::validation_error>(
      ms, [&] { (void)ms.store().collections().sync(cms::actor::system(""), input); });
  CHECK(e.fields().contains("actor"));
}

// ---------------------------------------------------------------------------------------------
// The folder of <name>.json definitions

TEST_CASE("definitions load from a folder of <name>.json files, by name [CS-1]", "[collections][sync][CS-1]") {
  vt::scratch_folder dir;
  dir.write("posts.json", R"({"name": "posts", "display_name": "Posts", "description": "Blog posts",
                              "schema": )" + posts_schema.dump() + "}");
  dir.write("authors.json", R"({"display_name": "Authors", "max_versions": 10, "schema": )" +
                                authors_schema.dump() + "}");  // the name comes from the file
  dir.write("README.md", "not a definition");
  dir.write(".hidden.json", "{");
  dir.write("nested/pages.json", R"({"display_name": "Pages"})");  // sub-folders are not read

  const auto folder = cms::load_collection_definitions(dir.path());
  CHECK(folder.unusable.empty());
  REQUIRE(folder.definitions.size() == 2);
  CHECK(cms::to_json(folder.definitions[0]) == cms::to_json(authors()));
  CHECK(cms::to_json(folder.definitions[1]) == cms::to_json(posts()));

  auto ms = cms_backend::test_store();
  CHECK(lines(ms.store().collections().sync(job, folder)) ==
        std::vector<std::string>{"created authors", "created posts"});
  CHECK(lines(ms.store().collections().sync(job, cms::load_collection_definitions(dir.path()))) ==
        std::vector<std::string>{"unchanged authors", "unchanged posts"});
}

TEST_CASE("an unusable file is that collection's error and does not deactivate it [CS-6][CS-9]",
          "[collections][sync][CS-6][CS-9]") {
  auto ms = cms_backend::test_store();
  REQUIRE(sync(ms, {posts(), authors()}).ok());
  vt::scratch_folder dir;
  dir.write("authors.json", cms::to_json(authors()).dump());
  dir.write("posts.json", "{\"display_name\": \"Posts\",\n  \"schema\": }");
  dir.write("tags.json", R"({"name": "labels", "display_name": 7, "colour": "red"})");

  const auto folder = cms::load_collection_definitions(dir.path());
  REQUIRE(folder.unusable.size() == 2);
  CHECK(folder.unusable[0].name == "posts");
  CHECK(folder.unusable[0].file == dir.file("posts.json"));
  CHECK_THAT(folder.unusable[0].message, Catch::StartsWith("is not valid JSON: parse error at line 2"));
  CHECK(folder.unusable[1].name == "tags");
  CHECK_THAT(folder.unusable[1].message, Catch::Contains("colour: is not a member of a collection definition") &&
                                             Catch::Contains("display_name: must be a string") &&
                                             Catch::Contains("name: is 'labels' but the file is named after 'tags'"));

  const auto before = cms_backend::dump(ms.db());
  const auto report = ms.store().collections().sync(job, folder);
  CHECK(lines(report) == std::vector<std::string>{"unchanged authors", "error posts", "error tags"});
  CHECK_THAT(report.results[1].message, Catch::Contains("posts.json is not valid JSON"));
  CHECK(ms.store().collections().find_by_name("posts")->is_active);  // present, though unreadable
  CHECK(cms_backend::dump(ms.db()) == before);
}

TEST_CASE("a path that is not a folder is a validation_error naming it", "[collections][sync]") {
  vt::scratch_folder dir;
  dir.write("posts.json", "{}");
  CHECK_THROWS_AS(cms::load_collection_definitions(dir.file("absent")), vellum::validation_error);
  try {
    (void)cms::load_collection_definitions(dir.file("posts.json"));
    FAIL("expected validation_error");
  } catch (const vellum::validation_error& e) {
    CHECK(e.fields().contains(dir.file("posts.json")));
  }
}

TEST_CASE("two connections syncing the same new definitions: each collection is created once, the other run "
          "reports it unchanged [CS-3]",
          "[collections][sync][CS-3][concurrency]") {
  const cms_backend::shared_database shared;  // migrated once
  const auto run = [&](std::vector<std::string>& out) {
    try {
      cms_backend::database db(shared.url());
      cms::store_options options;
      options.migrate = false;  // migrated above
      cms_backend::store store(db, options);
      out = lines(store.collections().sync(job, std::vector<cms::collection_definition>{authors(), posts()}));
    } catch (const std::exception& e) {
      out = {std::string("error: ") + e.what()};
    }
  };
  std::latch start(2);
  std::vector<std::string> a, b;
  std::thread ta([&] { start.arrive_and_wait(); run(a); });
  std::thread tb([&] { start.arrive_and_wait(); run(b); });
  ta.join();
  tb.join();

  // Per collection, exactly one run created it and the other found it as defined.
  REQUIRE(a.size() == 2);
  REQUIRE(b.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    const std::string name = i == 0 ? "authors" : "posts";
    CHECK(std::multiset<std::string>{a[i], b[i]} ==
          std::multiset<std::string>{"created " + name, "unchanged " + name});
  }
  cms_backend::database check(shared.url());
  CHECK(check.query_value<std::int64_t>("SELECT count(*) FROM collections WHERE name IN ('authors', 'posts')") == 2);
  CHECK(check.query_value<std::int64_t>("SELECT count(*) FROM audit_events WHERE entity_type = 'collection'") == 2);
}
