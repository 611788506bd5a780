// collections_repository: create (validated whole, CS-2), update (schema_version rises only
// when the canonical schema hash changes, CS-4), deactivate/reactivate, look-ups; each mutation
// in one transaction with an audit event, each refusal typed and leaving the database as it was.
// (collections has no revision column: GX-3 does not apply.)
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include <vellum/cms/canonical_json.hpp>
#include <vellum/cms/collections_repository.hpp>
#include <vellum/cms/schema.hpp>
#include <vellum/testing/database_dump.hpp>
#include <vellum/testing/seed.hpp>

#include "cms_backend_fixture.hpp"
#include "refusal.hpp"

namespace {

namespace cms = vellum::cms;
namespace vt = vellum::testing;
using json = nlohmann::json;
using vellum::col;
using namespace std::chrono_literals;

const auto who = cms::actor::user("editor-1");

const json posts_schema = json::parse(R"({
  "type": "object",
  "properties": {
    "headline": {"type": "string", "required": true, "maxLength": 200},
    "views": {"type": "number", "minimum": 0},
    "kind": {"type": "select", "options": ["news", "howto"]}
  }
})");

std::vector<cms::audit_event> audit_of(cms_backend::test_store& ms, const std::string& entity_id) {
  return vellum_test::audit_of(ms, "collection", entity_id);
}

using vellum_test::refused;

cms::collection create_posts(cms_backend::test_store& ms) {
  return ms.store().collections().create(who, {.name = "posts", .display_name = "Posts", .schema = posts_schema});
}

}  // namespace

TEST_CASE("create stores the schema with its hash at schema_version 1 [CS-2][GX-2][GX-4][GX-7]",
          "[collections][CS-2][GX-2][GX-4][GX-7]") {
  auto ms = cms_backend::test_store();
  ms.clock.advance(3s);
  const auto posts = ms.store().collections().create(
      who, {.name = "posts", .display_name = "Posts", .description = "Blog posts", .schema = posts_schema,
            .max_versions = 20});
  CHECK(posts.name == "posts");
  CHECK(posts.schema == posts_schema);
  CHECK(posts.schema_version == 1);
  CHECK(posts.schema_hash == cms::canonical_hash(posts_schema));
  CHECK(posts.max_versions == 20);
  CHECK(posts.is_active);
  CHECK_FALSE(posts.managed);
  CHECK_FALSE(posts.workflow_id.has_value());
  CHECK(posts.created_at == vt::default_start_time + 3s);

  const auto stored = ms.store().collections().get(posts.id);
  CHECK(stored.schema == posts_schema);
  CHECK(stored.description == "Blog posts");
  const auto trail = audit_of(ms, posts.id);
  REQUIRE(trail.size() == 1);
  CHECK(trail[0].action == "collection.create");
  CHECK(trail[0].actor == "user:editor-1");
  CHECK(trail[0].at == posts.created_at);
  CHECK(trail[0].data == json{{"name", "posts"}, {"schema_version", 1}, {"schema_hash", *posts.schema_hash}});
}

TEST_CASE("create refuses an invalid definition, every problem at once, writing nothing [CS-2]",
          "[collections][CS-2]") {
  auto ms = cms_backend::test_store();
  const json bad_schema = json::parse(R"({"properties": {
      "title": {"type": "string"},
      "kind": {"type": "select"},
      "author": {"type": "reference", "collection": "people"},
      "size": {"type": "dimension"}}})");
  const auto e = refused<vellum::validation_error>(ms, [&] {
    (void)ms.store().collections().create(cms::actor::system(""), {.name = "Blog-Posts",
                                                                   .display_name = "",
                                                                   .description = std::string(2001, 'd'),
                                                                   .schema = bad_schema,
                                                                   .max_versions = -1,
                                                                   .workflow_id = "nope"});
  });
  CHECK(e.fields() == vellum::validation_error::field_errors{
                          {"actor", {"must name the user, token or job that acts"}},
                          {"name", {"must match ^[a-z][a-z0-9_]*$ (at most 64 characters)"}},
                          {"display_name", {"must not be empty"}},
                          {"description", {"must be at most 2000 characters"}},
                          {"max_versions", {"must be 0 (unlimited) or more"}},
                          {"workflow_id", {"no workflow has this id"}},
                          {"schema.properties.title", {"is a reserved name: items have a column 'title' of their own"}},
                          {"schema.properties.kind.options", {"is required: the list of allowed values"}},
                          {"schema.properties.author.collection", {"no collection named 'people'"}},
                          {"schema.properties.size.type", {"is not a known field type: 'dimension'"}},
                      });
  CHECK(ms.store().collections().list(true).empty());
}

TEST_CASE("a schema that cannot be stored as UTF-8 JSON text is refused [CS-2]", "[collections][CS-2]") {
  auto ms = cms_backend::test_store();
  json schema = posts_schema;
  schema["description"] = std::string("\xC3\x28");
  const auto e = refused<vellum::validation_error>(ms, [&] {
    (void)ms.store().collections().create(who, {.name = "posts", .display_name = "Posts", .schema = schema});
  });
  CHECK(e.fields().at("schema") == std::vector<std::string>{"holds text that is not valid UTF-8"});
}

TEST_CASE("reference targets: existing collections, the collection itself, users and media [CS-2]",
          "[collections][CS-2]") {
  auto ms = cms_backend::test_store();
  auto collections = ms.store().collections();
  const auto authors = vt::seed_collection(ms, {.name = "authors"});
  collections.deactivate(who, authors.id);  // an inactive collection is still a target
  const json schema = {{"properties",
                        {{"author", {{"type", "reference"}, {"collection", "authors"}}},
                         {"parent", {{"type", "reference"}, {"collection", "pages"}}},
                         {"owner", {{"type", "reference"}, {"collection", "users"}}},
                         {"hero", {{"type", "reference"}, {"collection", "media"}}}}}};
  CHECK(collections.create(who, {.name = "pages", .display_name = "Pages", .schema = schema}).schema == schema);
  CHECK(refused<vellum::validation_error>(ms, [&] {
          (void)collections.create(who, {.name = "users", .display_name = "Users"});
        }).fields().contains("name"));
}

TEST_CASE("a taken name is conflict{name} [GX-1]", "[collections][GX-1]") {
  auto ms = cms_backend::test_store();
  const auto posts = create_posts(ms);
  const auto e = refused<vellum::conflict>(ms, [&] {
    (void)ms.store().collections().create(who, {.name = "posts", .display_name = "Other posts"});
  });
  CHECK(e.field() == "name");
  CHECK(audit_of(ms, posts.id).size() == 1);
}

TEST_CASE("the bound workflow must exist, be active and be shared [CS-2]", "[collections][CS-2]") {
  auto ms = cms_backend::test_store();
  auto collections = ms.store().collections();
  const auto posts = collections.create(
      who, {.name = "posts", .display_name = "Posts", .schema = posts_schema, .workflow_id = "default"});
  CHECK(posts.workflow_id == "default");
  CHECK_FALSE(collections.update(who, posts.id, {.workflow_id = ""}).workflow_id.has_value());

  ms.db().insert(cms::workflow{.id = "wf-pages", .name = "Pages", .description = {}, .collection_id = posts.id});
  ms.db().insert(cms::workflow{.id = "wf-old", .name = "Old", .description = {}, .collection_id = {}, .is_active = false});
  CHECK(collections.update(who, posts.id, {.workflow_id = "wf-pages"}).workflow_id == "wf-pages");  // its own
  const auto other = refused<vellum::validation_error>(ms, [&] {
    (void)collections.create(who, {.name = "pages", .display_name = "Pages", .workflow_id = "wf-pages"});
  });
  CHECK(other.fields().at("workflow_id") == std::vector<std::string>{"the workflow belongs to another collection"});
  const auto inactive = refused<vellum::validation_error>(ms, [&] {
    (void)collections.update(who, posts.id, {.workflow_id = "wf-old"});
  });
  CHECK(inactive.fields().at("workflow_id") == std::vector<std::string>{"the workflow is inactive"});
}

TEST_CASE("schema_version rises only when the canonical schema hash changes [CS-4][GX-6]",
          "[collections][CS-4][GX-6]") {
  auto ms = cms_backend::test_store();
  auto collections = ms.store().collections();
  const auto posts = create_posts(ms);

  SECTION("other fields change without a new schema version") {
    ms.clock.advance(1min);
    const auto renamed = collections.update(who, posts.id, {.display_name = "Articles", .max_versions = 0});
    CHECK(renamed.display_name == "Articles");
    CHECK(renamed.max_versions == 0);
    CHECK(renamed.schema_version == 1);
    CHECK(renamed.schema_hash == posts.schema_hash);
    CHECK(renamed.updated_at == vt::default_start_time + 1min);
    const auto trail = audit_of(ms, posts.id);
    REQUIRE(trail.size() == 2);
    CHECK(trail[1].data == json{{"fields", {"display_name", "max_versions"}}, {"schema_version", 1}});
  }
  SECTION("the same schema written in another key order and layout is no change at all") {
    const auto reordered = json::parse(R"({"properties": {"kind": {"options": ["news", "howto"], "type": "select"},
        "views": {"minimum": 0, "type": "number"},
        "headline": {"maxLength": 200, "required": true, "type": "string"}}, "type": "object"})");
    const auto before = cms_backend::dump(ms.db());
    ms.clock.advance(1min);
    const auto same = collections.update(who, posts.id, {.schema = reordered});
    CHECK(same.schema_version == 1);
    CHECK(same.updated_at == posts.updated_at);
    CHECK(cms_backend::dump(ms.db()) == before);
  }
  SECTION("a real schema change makes version 2 with the new hash, once") {
    json next = posts_schema;
    next["properties"]["summary"] = {{"type", "string"}};
    ms.clock.advance(1min);
    const auto v2 = collections.update(who, posts.id, {.display_name = "Posts", .schema = next});
    CHECK(v2.schema_version == 2);
    CHECK(v2.schema == next);
    CHECK(v2.schema_hash == cms::canonical_hash(next));
    CHECK(collections.get(posts.id).schema_version == 2);
    const auto trail = audit_of(ms, posts.id);
    REQUIRE(trail.size() == 2);
    CHECK(trail[1].action == "collection.update");
    CHECK(trail[1].data == json{{"fields", {"schema"}}, {"schema_version", 2}});

    CHECK(collections.update(who, posts.id, {.schema = next}).schema_version == 2);  // again: unchanged
    next["properties"].erase("summary");
    CHECK(collections.update(who, posts.id, {.schema = next}).schema_version == 3);  // back: still a change
  }
}

TEST_CASE("update refusals are typed and change nothing [CS-2][GX-1]", "[collections][CS-2][GX-1]") {
  auto ms = cms_backend::test_store();
  auto collections = ms.store().collections();
  const auto posts = create_posts(ms);
  json bad = posts_schema;
  bad["properties"]["views"]["minimum"] = "zero";
  const auto e = refused<vellum::validation_error>(ms, [&] {
    (void)collections.update(who, posts.id, {.display_name = " ", .schema = bad, .max_versions = -5});
  });
  CHECK(e.fields() == vellum::validation_error::field_errors{
                          {"display_name", {"must not be empty"}},
                          {"max_versions", {"must be 0 (unlimited) or more"}},
                          {"schema.properties.views.minimum", {"must be a number"}}});
  refused<vellum::not_found>(ms, [&] { (void)collections.update(who, "nope", {.display_name = "X"}); });
  refused<vellum::validation_error>(ms, [&] {
    (void)collections.update(cms::actor::user(""), posts.id, {.display_name = "X"});
  });
}

TEST_CASE("a collection is deactivated and reactivated once each, with audit events [GX-4][GX-7]",
          "[collections][GX-4][GX-7]") {
  auto ms = cms_backend::test_store();
  auto collections = ms.store().collections();
  const auto posts = create_posts(ms);
  const auto job = cms::actor::system("sync");

  ms.clock.advance(1s);
  CHECK_FALSE(collections.deactivate(job, posts.id).is_active);
  refused<vellum::invalid_state>(ms, [&] { (void)collections.deactivate(job, posts.id); });
  CHECK(collections.list().empty());
  CHECK(collections.list(true).size() == 1);

  ms.clock.advance(1s);
  const auto back = collections.reactivate(job, posts.id);
  CHECK(back.is_active);
  CHECK(back.updated_at == vt::default_start_time + 2s);
  refused<vellum::invalid_state>(ms, [&] { (void)collections.reactivate(job, posts.id); });
  refused<vellum::not_found>(ms, [&] { (void)collections.deactivate(job, "nope"); });

  const auto trail = audit_of(ms, posts.id);
  REQUIRE(trail.size() == 3);
  CHECK(trail[1].action == "collection.deactivate");
  CHECK(trail[1].actor == "system:sync");
  CHECK(trail[2].action == "collection.reactivate");
}

TEST_CASE("find, find_by_name and list", "[collections]") {
  auto ms = cms_backend::test_store();
  auto collections = ms.store().collections();
  const auto posts = create_posts(ms);
  const auto authors = vt::seed_collection(ms, {.name = "authors"});
  CHECK(collections.find(posts.id)->name == "posts");
  CHECK(collections.find_by_name("authors")->id == authors.id);
  CHECK_FALSE(collections.find("nope").has_value());
  CHECK_FALSE(collections.find_by_name("Posts").has_value());
  CHECK_THROWS_AS(collections.get("nope"), vellum::not_found);
  const auto all = collections.list();
  REQUIRE(all.size() == 2);
  CHECK(all[0].name == "authors");  // by name
  CHECK(all[1].name == "posts");
}

TEST_CASE("a failing audit write leaves no collection and no change behind [GX-1][GX-7]",
          "[collections][GX-1][GX-7]") {
  auto ms = cms_backend::test_store();
  auto collections = ms.store().collections();
  const auto posts = create_posts(ms);
  json next = posts_schema;
  next["properties"]["summary"] = {{"type", "string"}};
  const auto before = cms_backend::dump(ms.db());
  {
    cms_backend::write_failure audit_down{ms.db(), "audit_events"};
    CHECK_THROWS_AS(collections.create(who, {.name = "pages", .display_name = "Pages"}), vellum::constraint_error);
    CHECK_THROWS_AS(collections.update(who, posts.id, {.schema = next}), vellum::constraint_error);
    CHECK_THROWS_AS(collections.deactivate(who, posts.id), vellum::constraint_error);
  }
  CHECK(cms_backend::dump(ms.db()) == before);
  CHECK(collections.get(posts.id).schema_version == 1);
}

TEST_CASE("seed_collection fills a valid default that accepts any data", "[collections][testing]") {
  auto ms = cms_backend::test_store();
  const auto first = vt::seed_collection(ms);
  CHECK(first.name == "collection1");
  CHECK(first.display_name == "collection1");
  CHECK(first.schema == json{{"type", "object"}, {"properties", json::object()}, {"additionalProperties", true}});
  CHECK(vt::seed_collection(ms).name == "collection2");
  const auto posts = vt::seed_collection(ms, {.name = "posts", .schema = posts_schema});
  CHECK(posts.schema == posts_schema);  // a given schema is kept as it is
  CHECK(audit_of(ms, posts.id).front().actor == "system:seed");
  CHECK_THROWS_AS(vt::seed_collection(ms, {.name = "Bad Name"}), vellum::validation_error);
  CHECK_THROWS_AS(vt::seed_collection(ms, {.name = "posts"}), vellum::conflict);
}
