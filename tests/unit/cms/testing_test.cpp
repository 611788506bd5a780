// vellum::testing: the in-memory store users unit-test their data logic with (its clock, ids
// and migrations), the database dump that shows a refused call changed nothing, and the seed
// helpers.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include <vellum/cms/audit_log.hpp>
#include <vellum/cms/schema.hpp>
#include <vellum/testing/database_dump.hpp>
#include <vellum/testing/memory_store.hpp>
#include <vellum/testing/seed.hpp>

namespace {

namespace cms = vellum::cms;
namespace vt = vellum::testing;
using vellum::col;
using namespace std::chrono_literals;

}  // namespace

TEST_CASE("memory_store applies every CMS migration, seeded rows included", "[testing]") {
  auto ms = vt::memory_store();
  CHECK(ms.db().query_value<std::int64_t>("SELECT count(*) FROM migrations") >= 3);
  const auto initial = ms.db().select<cms::workflow_state>().where(col<&cms::workflow_state::is_initial> == true).all();
  REQUIRE(initial.size() == 1);
  CHECK(initial.front().id == "draft");
  CHECK(ms.db().select<cms::workflow>().where(col<&cms::workflow::id> == "default").one().has_value());
  CHECK(ms.db().select<cms::user>().all().empty());
}

TEST_CASE("memory_store's clock stands still until advanced or set [GX-2]", "[testing][GX-2]") {
  auto ms = vt::memory_store();
  CHECK(ms.now() == vt::default_start_time);
  CHECK(ms.store().now() == vt::default_start_time);

  cms::append_audit(ms.store(), cms::actor::system("test"), "test.first", "test", "x");
  ms.clock.advance(90s);
  cms::append_audit(ms.store(), cms::actor::system("test"), "test.second", "test", "x");
  ms.clock.set(vellum::unix_millis{5ms});
  cms::append_audit(ms.store(), cms::actor::system("test"), "test.third", "test", "x");

  const auto events = ms.db().select<cms::audit_event>().order_by(vellum::asc(col<&cms::audit_event::at>)).all();
  REQUIRE(events.size() == 3);
  CHECK(events[0].at == vellum::unix_millis{5ms});
  CHECK(events[0].action == "test.third");
  CHECK(events[1].at == vt::default_start_time);
  CHECK(events[2].at == vt::default_start_time + 90s);
  CHECK(events[2].actor == "system:test");

  auto later = vt::memory_store({.start_time = vellum::unix_millis{1000ms}});
  CHECK(later.store().now() == vellum::unix_millis{1000ms});
  later.clock.advance(-1000ms);
  CHECK(later.store().now() == vellum::unix_millis{0ms});
}

TEST_CASE("memory_store issues ids id-1, id-2, … in order", "[testing]") {
  auto ms = vt::memory_store();
  const auto before = ms.ids.issued();  // migrations do not draw ids, but do not rely on it
  const auto first = ms.store().new_id();
  const auto second = ms.store().new_id();
  CHECK(first == "id-" + std::to_string(before + 1));
  CHECK(second == "id-" + std::to_string(before + 2));
  CHECK(ms.ids.issued() == before + 2);

  auto custom = vt::memory_store({.id_prefix = "post-"});
  const auto id = custom.store().new_id();
  CHECK(id == "post-" + std::to_string(custom.ids.issued()));
}

TEST_CASE("two memory stores share nothing", "[testing]") {
  auto a = vt::memory_store();
  auto b = vt::memory_store();
  cms::append_audit(a.store(), cms::actor::system("test"), "test.only_a", "test", "x");
  a.clock.advance(1h);
  CHECK(a.db().select<cms::audit_event>().all().size() == 1);
  CHECK(b.db().select<cms::audit_event>().all().empty());
  CHECK(b.now() == vt::default_start_time);
}

TEST_CASE("dump shows every row and changes with any write", "[testing]") {
  auto ms = vt::memory_store();
  const auto before = vt::dump(ms.db());
  CHECK(before.find("workflow_states|'draft'|") != std::string::npos);
  CHECK(vt::dump(ms.db()) == before);  // deterministic

  SECTION("a rolled-back write leaves the dump as it was") {
    CHECK_THROWS_AS(ms.db().transaction([&] {
      cms::append_audit(ms.store(), cms::actor::system("test"), "test.rolled_back", "test", "x");
      throw vellum::invalid_state("abandon");
    }),
                    vellum::invalid_state);
    CHECK(vt::dump(ms.db()) == before);
  }
  SECTION("a committed write shows, with NULLs and quoted text") {
    cms::append_audit(ms.store(), cms::actor::system("test"), "test.kept", "test", "it's");
    const auto after = vt::dump(ms.db());
    CHECK(after != before);
    CHECK(after.find("audit_events|'id-") != std::string::npos);
    CHECK(after.find("|'system:test'|'test.kept'|'test'|'it's'|NULL\n") != std::string::npos);
  }
}

TEST_CASE("seed_content creates a draft at version 1 through the content repository [CR-1][CR-8]",
          "[testing][CR-1][CR-8]") {
  auto ms = vt::memory_store();
  const auto erin = vt::seed_user(ms, {.username = "erin", .role = cms::user_role::author});
  const auto posts = vt::seed_collection(ms, {.name = "posts"});
  ms.clock.advance(1min);

  const auto first = vt::seed_content(ms, {.collection_id = posts.id, .data = {{"body", "Hello"}}, .author_id = erin.id});
  CHECK(first.title == "Item 1");
  CHECK(first.slug == "item-1");
  CHECK(first.status == cms::content_status::draft);
  CHECK(first.author_id == erin.id);
  CHECK(first.data == nlohmann::json{{"body", "Hello"}});
  CHECK(first.created_at == vt::default_start_time + 1min);
  const auto versions =
      ms.db().select<cms::content_version>().where(col<&cms::content_version::content_id> == first.id).all();
  REQUIRE(versions.size() == 1);
  CHECK(versions[0].version == 1);
  const auto created = ms.db()
                           .select<cms::audit_event>()
                           .where(col<&cms::audit_event::entity_id> == first.id)
                           .all();
  REQUIRE_FALSE(created.empty());
  CHECK(created.front().actor == "system:seed");

  CHECK(vt::seed_content(ms, {.collection_id = posts.id, .title = "Second", .author_id = erin.id}).slug == "second");
}

TEST_CASE("seed_content validates what it is given [CR-8]", "[testing][CR-8]") {
  auto ms = vt::memory_store();
  const auto erin = vt::seed_user(ms);
  nlohmann::json schema = nlohmann::json::parse(
      R"({"properties": {"views": {"type": "number"}}, "validateDrafts": true})");
  const auto stats = vt::seed_collection(ms, {.name = "stats", .schema = schema});
  const auto before = vt::dump(ms.db());

  try {
    (void)vt::seed_content(ms, {.collection_id = stats.id, .data = {{"views", "many"}}, .author_id = erin.id});
    FAIL("seed_content accepted data its schema refuses");
  } catch (const vellum::validation_error& e) {
    CHECK(e.fields().at("data.views") == std::vector<std::string>{"must be a number"});  // under data.
  }
  CHECK_THROWS_AS(vt::seed_content(ms, {.title = "Orphan", .author_id = erin.id}), vellum::validation_error);
  CHECK_THROWS_AS(vt::seed_content(ms, {.collection_id = stats.id}), vellum::validation_error);  // no author
  CHECK_THROWS_AS(vt::seed_content(ms, {.collection_id = "nope", .author_id = erin.id}), vellum::not_found);
  CHECK(vt::dump(ms.db()) == before);
  CHECK(vt::seed_content(ms, {.collection_id = stats.id, .data = {{"views", 3}}, .author_id = erin.id}).data ==
        nlohmann::json{{"views", 3}});
}

TEST_CASE("the documented example: an embargoed post is not visible before its date [CR-11]", "[testing][CR-11]") {
  auto ms = vt::memory_store();
  auto erin = vt::seed_user(ms, {.username = "erin", .role = cms::user_role::editor});
  auto posts = vt::seed_collection(ms, {.name = "posts"});
  auto post = vt::seed_content(ms, {.collection_id = posts.id, .title = "Launch", .author_id = erin.id});

  auto content = ms.store().content();
  content.publish(cms::actor::user(erin.id), post.id);
  content.set_publish_window(cms::actor::user(erin.id), post.id, ms.now() + 24h, std::nullopt);
  CHECK_THROWS_AS(content.get_published(post.id), vellum::not_found);
  ms.clock.advance(24h);
  CHECK(content.get_published(post.id).title == "Launch");
}
