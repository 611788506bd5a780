// Content items (CR-1…CR-18) and the cross-cutting rules every mutation keeps (GX-1…GX-7),
// against a CMS database with a standing clock and sequential ids: SQLite in memory, or a fresh
// PostgreSQL schema when built as vellum_postgres_cms_tests (cms_backend_fixture.hpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include <vellum/cms/json_merge_patch.hpp>
#include <vellum/cms/slug.hpp>

#include "content_fixture.hpp"

using namespace content_tests;
using vellum::col;
using std::chrono::milliseconds;

namespace {

bool has_action(const std::vector<cms::audit_event>& events, const std::string& action) {
  return std::any_of(events.begin(), events.end(), [&](const auto& e) { return e.action == action; });
}

std::int64_t ms_of(vellum::unix_millis t) { return t.time_since_epoch().count(); }

}  // namespace

TEST_CASE("create writes the item, version 1, the workflow entry and an audit event", "[content][CR-1]") {
  content_fixture f;
  f.ms.clock.advance(milliseconds(5));
  const auto item = f.content().create(f.editor, {.collection_id = f.blog, .title = "Hello world",
                                                  .data = {{"body", "first"}}});
  CHECK(item.status == cms::content_status::draft);
  CHECK(item.slug == "hello-world");
  CHECK(item.revision == 1);
  CHECK(item.head_version == 1);
  CHECK(item.author_id == "u-editor");
  CHECK(item.workflow_state_id == "draft");
  CHECK(f.content().get(item.id).data == json{{"body", "first"}});

  const auto v1 = f.versions().get(item.id, 1);
  CHECK(v1.kind == cms::version_kind::create);
  CHECK(v1.data == json{{"body", "first"}});
  CHECK(v1.title == "Hello world");
  CHECK(v1.author_id == "u-editor");

  const auto state = f.db().select<cms::content_workflow_status>()
                         .where(col<&cms::content_workflow_status::content_id> == item.id).one();
  REQUIRE(state);
  CHECK(state->workflow_id == "default");
  CHECK(state->current_state_id == "draft");
  const auto history = f.db().select<cms::workflow_history>()
                           .where(col<&cms::workflow_history::content_id> == item.id).all();
  REQUIRE(history.size() == 1);
  CHECK(history[0].action == cms::history_action::enter);
  CHECK(!history[0].from_state_id);
  CHECK(history[0].to_state_id == "draft");
  CHECK(history[0].version == 1);
  CHECK(has_action(f.audit_of(item.id), "content.create"));
}

TEST_CASE("create: unknown collection is not_found, an inactive one invalid_state", "[content][CR-1]") {
  content_fixture f;
  const auto closed = f.add_collection("closed", open_schema(), 100, false);
  CHECK_THROWS_AS(f.content().create(f.editor, {.collection_id = "nope", .title = "x"}), vellum::not_found);
  CHECK_THROWS_AS(f.content().create(f.editor, {.collection_id = closed, .title = "x"}), vellum::invalid_state);
  CHECK(f.count<cms::content>() == 0);
}

TEST_CASE("create enters the initial state of the collection's own workflow", "[content][CR-1]") {
  content_fixture f;
  f.db().execute(
      "INSERT INTO workflows (id, name) VALUES ('simple', 'Simple');"
      "INSERT INTO workflow_transitions (id, workflow_id, from_state_id, to_state_id) "
      "VALUES ('t1', 'simple', 'draft', 'published');");
  auto c = f.db().select<cms::collection>().where(col<&cms::collection::id> == f.blog).one().value();
  f.db().update<cms::collection>().set(col<&cms::collection::workflow_id> = std::string("simple"))
      .where(col<&cms::collection::id> == c.id).run();
  const auto item = f.post("Own workflow");
  const auto state = f.db().select<cms::content_workflow_status>()
                         .where(col<&cms::content_workflow_status::content_id> == item.id).one();
  REQUIRE(state);
  CHECK(state->workflow_id == "simple");
  CHECK(state->current_state_id == "draft");
}

TEST_CASE("slugify folds titles to lower-case ASCII slugs", "[content][slug][CR-2]") {
  CHECK(cms::slugify("Café París 2024") == "cafe-paris-2024");
  CHECK(cms::slugify("  Hello,   World!  ") == "hello-world");
  CHECK(cms::slugify("snake_case and--dashes") == "snake-case-and-dashes");
  CHECK(cms::slugify("Ærøskøbing Straße Łódź") == "aeroskobing-strasse-lodz");
  CHECK(cms::slugify("Cafe\xCC\x81") == "cafe");  // a decomposed é: the combining accent is dropped
  CHECK(cms::slugify("日本語") == "");
  CHECK(cms::slugify("---") == "");
  const auto long_slug = cms::slugify(std::string(150, 'a') + " b");
  CHECK(long_slug.size() == 100);
  CHECK(cms::slugify(std::string(99, 'a') + " bcd") == std::string(99, 'a'));  // no trailing dash
  CHECK(cms::is_valid_slug("hello-world-2"));
  CHECK_FALSE(cms::is_valid_slug("Hello"));
  CHECK_FALSE(cms::is_valid_slug("a--b"));
  CHECK_FALSE(cms::is_valid_slug("-a"));
  CHECK_FALSE(cms::is_valid_slug(""));
  CHECK_FALSE(cms::is_valid_slug(std::string(101, 'a')));
  CHECK(cms::with_suffix(std::string(100, 'a'), 12).size() == 100);
}

TEST_CASE("create derives the slug from the title, an empty result is a validation_error", "[content][CR-2]") {
  content_fixture f;
  CHECK(f.post("Café París 2024").slug == "cafe-paris-2024");
  try {
    (void)f.post("¿¿!!");
    FAIL("no exception");
  } catch (const vellum::validation_error& e) {
    CHECK(e.fields().contains("slug"));
  }
}

TEST_CASE("a taken slug is conflict{slug}, auto_suffix picks -2, -3", "[content][CR-3]") {
  content_fixture f;
  (void)f.post("Same");
  try {
    (void)f.post("Same");
    FAIL("no exception");
  } catch (const vellum::conflict& e) {
    CHECK(e.field() == "slug");
  }
  const cms::content_input again{.collection_id = f.blog, .title = "Same", .auto_suffix = true};
  CHECK(f.content().create(f.editor, again).slug == "same-2");
  CHECK(f.content().create(f.editor, again).slug == "same-3");
  // per collection and locale
  const auto other = f.add_collection("pages");
  CHECK(f.content().create(f.editor, {.collection_id = other, .title = "Same"}).slug == "same");
  CHECK(f.content().create(f.editor, {.collection_id = f.blog, .title = "Same", .locale = "de"}).slug == "same");
}

TEST_CASE("update and restore re-check the slug, duplicate and untrash too", "[content][CR-4]") {
  content_fixture f;
  const auto a = f.post("Alpha");
  const auto b = f.post("Beta");
  const auto expect_slug_conflict = [](auto&& call) {
    try {
      call();
      FAIL("no exception");
    } catch (const vellum::conflict& e) {
      CHECK(e.field() == "slug");
    }
  };
  expect_slug_conflict([&] { (void)f.content().update(f.editor, b.id, {.slug = "alpha"}); });
  CHECK(f.content().update(f.editor, b.id, {.slug = "alpha", .auto_suffix = true}).slug == "alpha-2");
  // b's version 1 has slug "beta"; another item takes it, so restoring version 1 conflicts
  (void)f.content().create(f.editor, {.collection_id = f.blog, .title = "x", .slug = "beta"});
  expect_slug_conflict([&] { (void)f.versions().restore(f.editor, b.id, 1); });
  // untrash: a's slug is taken while it is in the trash
  (void)f.content().soft_delete(f.editor, a.id);
  (void)f.content().create(f.editor, {.collection_id = f.blog, .title = "Alpha"});
  expect_slug_conflict([&] { (void)f.content().restore_from_trash(f.editor, a.id); });
  // duplicate suffixes instead of failing
  const auto copy1 = f.content().duplicate(f.editor, b.id);
  const auto copy2 = f.content().duplicate(f.editor, b.id);
  CHECK(copy1.slug == "alpha-2-copy");
  CHECK(copy2.slug == "alpha-2-copy-2");
  // an invalid slug is a validation_error, not a conflict
  CHECK_THROWS_AS(f.content().update(f.editor, b.id, {.slug = "Not A Slug"}), vellum::validation_error);
}

TEST_CASE("update replaces data, patch merges, both append head+1", "[content][CR-5]") {
  content_fixture f;
  const auto item = f.post("Post", {{"body", "one"}, {"tags", {"a"}}, {"seo", {{"x", 1}, {"y", 2}}}});
  const auto updated = f.content().update(f.editor, item.id, {.data = json{{"body", "two"}}});
  CHECK(updated.data == json{{"body", "two"}});
  CHECK(updated.head_version == 2);
  CHECK(f.versions().get(item.id, 2).kind == cms::version_kind::update);

  const auto patched = f.content().patch(f.editor, item.id, {{"extra", true}, {"body", nullptr}});
  CHECK(patched.data == json{{"extra", true}});
  CHECK(patched.head_version == 3);
  CHECK(f.versions().get(item.id, 3).kind == cms::version_kind::patch);
  CHECK(f.versions().get(item.id, 3).data == json{{"extra", true}});

  // RFC 7396's examples
  CHECK(cms::merge_patch({{"a", "b"}}, {{"a", "c"}}) == json{{"a", "c"}});
  CHECK(cms::merge_patch({{"a", {{"b", "c"}}}}, {{"a", {{"b", "d"}, {"c", nullptr}}}}) == json{{"a", {{"b", "d"}}}});
  CHECK(cms::merge_patch({{"a", json::array({1})}}, {{"a", json::array({2})}}) == json{{"a", json::array({2})}});
  CHECK(cms::merge_patch(json::array({1, 2}), {{"a", "b"}}) == json{{"a", "b"}});
  CHECK(cms::merge_patch({{"e", nullptr}}, {{"a", 1}}) == json{{"e", nullptr}, {"a", 1}});
  CHECK(cms::merge_patch({{"a", "foo"}}, "bar") == json("bar"));
  // a patch that is not an object replaces the data, which must stay an object
  CHECK_THROWS_AS(f.content().patch(f.editor, item.id, json::array({1})), vellum::validation_error);
}

TEST_CASE("a save equal to the head is a no-op, whatever the key order", "[content][CR-6][GX-6]") {
  content_fixture f;
  const auto item = f.post("Post", json::parse(R"({"a": 1, "b": {"c": 2, "d": 3}})"));
  f.ms.clock.advance(milliseconds(1000));
  const auto before = f.dump();
  const auto same = f.content().update(f.editor, item.id, {.data = json::parse(R"({"b": {"d": 3, "c": 2}, "a": 1})")});
  CHECK(same.revision == item.revision);
  CHECK(same.head_version == 1);
  CHECK(same.updated_at == item.updated_at);
  CHECK(f.dump() == before);
  (void)f.content().patch(f.editor, item.id, {{"a", 1}});
  (void)f.content().update(f.editor, item.id, {.title = "Post"});
  CHECK(f.dump() == before);
  CHECK(f.versions_of(item.id) == 1);
}

TEST_CASE("saving a published item keeps the published snapshot, status changed", "[content][CR-7]") {
  content_fixture f;
  const auto item = f.post("Post", {{"body", "live"}});
  (void)f.content().publish(f.editor, item.id);
  const auto edited = f.content().update(f.editor, item.id, {.data = json{{"body", "draft"}}, .title = "New title"});
  CHECK(edited.status == cms::content_status::changed);
  CHECK(edited.published_version == 1);
  const auto published = f.content().get_published(item.id);
  CHECK(published.data == json{{"body", "live"}});
  CHECK(published.title == "Post");
  CHECK(f.content().get(item.id).data == json{{"body", "draft"}});
  // publishing the head makes it published again
  CHECK(f.content().publish(f.editor, item.id).status == cms::content_status::published);
  CHECK(f.content().get_published(item.id).data == json{{"body", "draft"}});
}

TEST_CASE("publish validates always, drafts only when the collection asks", "[content][CR-8]") {
  content_fixture f;
  const auto lax = f.add_collection("lax", strict_schema(false));
  const auto strict = f.add_collection("strict", strict_schema(true));

  // drafts in `lax` may be incomplete; publishing them is refused with every field listed
  const auto draft = f.content().create(f.editor, {.collection_id = lax, .title = "Draft", .data = {{"count", "many"}}});
  try {
    (void)f.content().publish(f.editor, draft.id);
    FAIL("no exception");
  } catch (const vellum::validation_error& e) {
    std::string fields;
    for (const auto& [field, messages] : e.fields()) fields += field + ";";
    CHECK(fields.find("body") != std::string::npos);
    CHECK(fields.find("count") != std::string::npos);
  }
  CHECK(!f.content().get(draft.id).published_version);

  // `strict` validates every save
  CHECK_THROWS_AS(f.content().create(f.editor, {.collection_id = strict, .title = "x", .data = {{"count", 1}}}),
                  vellum::validation_error);
  const auto ok = f.content().create(f.editor, {.collection_id = strict, .title = "ok", .data = {{"body", "b"}}});
  CHECK_THROWS_AS(f.content().update(f.editor, ok.id, {.data = json{{"body", 5}}}), vellum::validation_error);
  CHECK(f.content().publish(f.editor, ok.id).status == cms::content_status::published);
}

TEST_CASE("publish sets published_version and times, republishing is a no-op", "[content][CR-9]") {
  content_fixture f;
  const auto item = f.post("Post");
  f.ms.clock.advance(milliseconds(10));
  const auto first = f.content().publish(f.editor, item.id);
  CHECK(first.published_version == 1);
  CHECK(first.status == cms::content_status::published);
  CHECK(first.published_at == f.ms.now());
  CHECK(first.first_published_at == f.ms.now());
  CHECK(first.revision == 2);

  const auto before = f.dump();
  const auto again = f.content().publish(f.editor, item.id);
  CHECK(again.revision == 2);
  CHECK(f.dump() == before);

  f.ms.clock.advance(milliseconds(10));
  (void)f.content().patch(f.editor, item.id, {{"x", 1}});
  const auto second = f.content().publish(f.editor, item.id);
  CHECK(second.published_version == 2);
  CHECK(second.published_at == f.ms.now());
  CHECK(second.first_published_at == first.first_published_at);
  // an older version may be published: the status says the head differs
  const auto older = f.content().publish(f.editor, item.id, 1);
  CHECK(older.published_version == 1);
  CHECK(older.status == cms::content_status::changed);
  CHECK_THROWS_AS(f.content().publish(f.editor, item.id, 9), vellum::not_found);
}

TEST_CASE("unpublish keeps versions, unpublishing a draft is invalid_state", "[content][CR-10]") {
  content_fixture f;
  const auto item = f.post("Post");
  (void)f.content().patch(f.editor, item.id, {{"x", 1}});
  (void)f.content().publish(f.editor, item.id);
  const auto after = f.content().unpublish(f.editor, item.id);
  CHECK(after.status == cms::content_status::draft);
  CHECK(!after.published_version);
  CHECK(after.first_published_at);
  CHECK(f.versions_of(item.id) == 2);
  CHECK_THROWS_AS(f.content().get_published(item.id), vellum::not_found);
  CHECK_THROWS_AS(f.content().unpublish(f.editor, item.id), vellum::invalid_state);
}

TEST_CASE("get returns the head, get_published hides what is not public", "[content][CR-11]") {
  content_fixture f;
  const auto item = f.post("Post", {{"v", 1}});
  CHECK_THROWS_AS(f.content().get_published(item.id), vellum::not_found);  // unpublished
  (void)f.content().publish(f.editor, item.id);
  (void)f.content().patch(f.editor, item.id, {{"v", 2}});
  CHECK(f.content().get(item.id).data == json{{"v", 2}});
  CHECK(f.content().get_published(item.id).data == json{{"v", 1}});
  CHECK_THROWS_AS(f.content().get("missing"), vellum::not_found);

  SECTION("outside [publish_from, publish_until)") {
    const auto now = f.ms.now();
    (void)f.content().set_publish_window(f.editor, item.id, now + milliseconds(100), now + milliseconds(200));
    CHECK_THROWS_AS(f.content().get_published(item.id), vellum::not_found);
    f.ms.clock.advance(milliseconds(100));
    CHECK(f.content().get_published(item.id).data == json{{"v", 1}});
    f.ms.clock.advance(milliseconds(99));
    CHECK_NOTHROW(f.content().get_published(item.id));
    f.ms.clock.advance(milliseconds(1));
    CHECK_THROWS_AS(f.content().get_published(item.id), vellum::not_found);
    CHECK_THROWS_AS(f.content().set_publish_window(f.editor, item.id, now, now), vellum::validation_error);
  }
  SECTION("in an inactive collection") {
    f.db().update<cms::collection>().set(col<&cms::collection::is_active> = false)
        .where(col<&cms::collection::id> == f.blog).run();
    CHECK_THROWS_AS(f.content().get_published(item.id), vellum::not_found);
  }
  SECTION("archived") {
    (void)f.content().archive(f.editor, item.id);
    CHECK_THROWS_AS(f.content().get_published(item.id), vellum::not_found);
  }
  SECTION("deleted") {
    (void)f.content().soft_delete(f.editor, item.id);
    CHECK_THROWS_AS(f.content().get_published(item.id), vellum::not_found);
    CHECK_THROWS_AS(f.content().get(item.id), vellum::not_found);
    CHECK(f.content().get(item.id, true).deleted_at);
  }
}

TEST_CASE("list pages by (updated_at, id) with filters, one query per page", "[content][CR-12]") {
  content_fixture f;
  const auto pages = f.add_collection("pages");
  std::vector<std::string> blog_ids;
  for (int i = 0; i < 7; ++i) {
    f.ms.clock.advance(milliseconds(i % 2));  // pairs share a timestamp: the id breaks the tie
    blog_ids.push_back(f.post("Post " + std::to_string(i), {{"n", i}}).id);
  }
  const auto page_item = f.content().create(f.author, {.collection_id = pages, .title = "About 100% of it", .locale = "fr"});
  const auto deleted = f.post("Gone");
  (void)f.content().soft_delete(f.editor, deleted.id);

  // walk the blog three items at a time, counting statements
  int statements = 0;
  f.db().set_logger([&](const vellum::query_event&) { ++statements; });
  std::vector<std::string> seen;
  std::optional<std::string> cursor;
  int page_count = 0;
  do {
    statements = 0;
    const auto page = f.content().list({.collection_id = f.blog, .limit = 3, .cursor = cursor});
    CHECK(statements == 1);
    for (const auto& item : page.items) seen.push_back(item.id);
    cursor = page.next_cursor;
    ++page_count;
  } while (cursor);
  f.db().set_logger({});
  CHECK(page_count == 3);
  // newest first: (updated_at DESC, id DESC)
  auto expected = f.db().select<cms::content>()
                      .where(col<&cms::content::collection_id> == f.blog && vellum::is_null(col<&cms::content::deleted_at>))
                      .order_by(vellum::desc(col<&cms::content::updated_at>), vellum::desc(col<&cms::content::id>))
                      .all();
  REQUIRE(expected.size() == 7);
  std::vector<std::string> expected_ids;
  for (const auto& e : expected) expected_ids.push_back(e.id);
  CHECK(seen == expected_ids);

  CHECK(f.content().list({.status = cms::content_status::draft}).items.size() == 8);
  CHECK(f.content().list({.author_id = "u-author"}).items.size() == 1);
  CHECK(f.content().list({.locale = "fr"}).items.at(0).id == page_item.id);
  CHECK(f.content().list({.text = "100%"}).items.size() == 1);
  CHECK(f.content().list({.text = "0%"}).items.size() == 1);  // % is literal, not a wildcard
  // data text: the data as the database writes it, compact on SQLite, with JSONB's ": " on PostgreSQL
#ifdef VELLUM_TEST_BACKEND_POSTGRES
  CHECK(f.content().list({.text = "\"n\": 3"}).items.size() == 1);
  CHECK(f.content().list({.text = "\"n\":3"}).items.empty());
#else
  CHECK(f.content().list({.text = "\"n\":3"}).items.size() == 1);
#endif
  CHECK(f.content().list({}).items.size() == 8);
  CHECK(f.content().list({.deleted = cms::content_query::deleted_filter::only}).items.at(0).id == deleted.id);
  CHECK(f.content().list({.deleted = cms::content_query::deleted_filter::include}).items.size() == 9);
  CHECK_THROWS_AS(f.content().list({.cursor = "not a cursor!"}), vellum::validation_error);
  CHECK_THROWS_AS(f.content().list({.limit = 0}), vellum::validation_error);
}

TEST_CASE("archive unpublishes and makes the item read-only until unarchive", "[content][CR-13]") {
  content_fixture f;
  const auto item = f.post("Post");
  (void)f.content().publish(f.editor, item.id);
  const auto archived = f.content().archive(f.editor, item.id);
  CHECK(archived.status == cms::content_status::archived);
  CHECK(archived.archived_at);
  CHECK(!archived.published_version);
  CHECK_THROWS_AS(f.content().update(f.editor, item.id, {.title = "No"}), vellum::invalid_state);
  CHECK_THROWS_AS(f.content().patch(f.editor, item.id, {{"a", 1}}), vellum::invalid_state);
  CHECK_THROWS_AS(f.content().publish(f.editor, item.id), vellum::invalid_state);
  CHECK_THROWS_AS(f.versions().restore(f.editor, item.id, 1), vellum::invalid_state);
  CHECK_THROWS_AS(f.autosaves().save(f.editor, item.id, {{"a", 1}}), vellum::invalid_state);
  CHECK_THROWS_AS(f.content().archive(f.editor, item.id), vellum::invalid_state);
  const auto back = f.content().unarchive(f.editor, item.id);
  CHECK(back.status == cms::content_status::draft);
  CHECK(!back.archived_at);
  CHECK(f.content().update(f.editor, item.id, {.title = "Yes"}).title == "Yes");
  CHECK_THROWS_AS(f.content().unarchive(f.editor, item.id), vellum::invalid_state);
}

TEST_CASE("soft_delete hides, cancels pending schedules, keeps versions, frees the slug", "[content][CR-14]") {
  content_fixture f;
  const auto item = f.post("Post");
  (void)f.content().patch(f.editor, item.id, {{"a", 1}});
  f.schedule("s1", item.id, cms::schedule_action::publish, f.ms.now() + milliseconds(1000));
  f.schedule("s2", item.id, cms::schedule_action::archive, f.ms.now() - milliseconds(1000),
             cms::schedule_status::completed);
  const auto deleted = f.content().soft_delete(f.editor, item.id);
  CHECK(deleted.deleted_at == f.ms.now());
  CHECK_THROWS_AS(f.content().get(item.id), vellum::not_found);
  CHECK(f.content().list({}).items.empty());
  const auto schedules = f.db().select<cms::scheduled_content>().order_by(col<&cms::scheduled_content::id>).all();
  CHECK(schedules.at(0).status == cms::schedule_status::cancelled);
  CHECK(schedules.at(1).status == cms::schedule_status::completed);
  CHECK(f.versions_of(item.id) == 2);
  CHECK(f.post("Post").slug == "post");  // the slug is free again
  CHECK_THROWS_AS(f.content().soft_delete(f.editor, item.id), vellum::not_found);
}

TEST_CASE("restore_from_trash brings the item back unpublished", "[content][CR-15]") {
  content_fixture f;
  const auto item = f.post("Post");
  (void)f.content().publish(f.editor, item.id);
  (void)f.content().soft_delete(f.editor, item.id);
  const auto back = f.content().restore_from_trash(f.editor, item.id);
  CHECK(!back.deleted_at);
  CHECK(back.status == cms::content_status::draft);
  CHECK(!back.published_version);
  CHECK_THROWS_AS(f.content().get_published(item.id), vellum::not_found);
  CHECK(f.content().get(item.id).id == item.id);
  CHECK_THROWS_AS(f.content().restore_from_trash(f.editor, item.id), vellum::invalid_state);
  // a taken slug
  (void)f.content().soft_delete(f.editor, item.id);
  (void)f.post("Post");
  try {
    (void)f.content().restore_from_trash(f.editor, item.id);
    FAIL("no exception");
  } catch (const vellum::conflict& e) {
    CHECK(e.field() == "slug");
  }
  CHECK(f.content().get(item.id, true).deleted_at);
}

TEST_CASE("purge removes everything of the item but a data-free tombstone", "[content][CR-16]") {
  content_fixture f;
  const auto keep = f.post("Keep");
  const auto item = f.post("Post");
  (void)f.content().patch(f.editor, item.id, {{"a", 1}});
  (void)f.autosaves().save(f.author, item.id, {{"a", 2}});
  f.schedule("s1", item.id, cms::schedule_action::publish, f.ms.now() + milliseconds(5));
  f.db().insert(cms::content_lock{item.id, "u-editor", f.ms.now(), f.ms.now() + milliseconds(60000)});
  f.comment("k1", item.id, "u-author");
  f.comment("k2", item.id, "u-editor", "k1");

  CHECK_THROWS_AS(f.content().purge(f.editor, item.id), vellum::invalid_state);  // not in the trash
  (void)f.content().soft_delete(f.editor, item.id);
  f.content().purge(f.editor, item.id);

  CHECK(!f.content().find(item.id, true));
  CHECK(f.versions_of(item.id) == 0);
  CHECK(f.count<cms::autosave>() == 0);
  CHECK(f.count<cms::scheduled_content>() == 0);
  CHECK(f.count<cms::content_lock>() == 0);
  CHECK(f.count<cms::comment>() == 0);
  CHECK(f.db().select<cms::workflow_history>().where(col<&cms::workflow_history::content_id> == item.id).all().empty());
  CHECK(f.db().select<cms::content_workflow_status>()
            .where(col<&cms::content_workflow_status::content_id> == item.id).all().empty());
  const auto trail = f.audit_of(item.id);
  const auto tombstone = std::find_if(trail.begin(), trail.end(), [](const auto& e) { return e.action == "content.purge"; });
  REQUIRE(tombstone != trail.end());
  CHECK(!tombstone->data);
  CHECK(tombstone->actor == "user:u-editor");
  // no audit event of the item holds its title or data
  for (const auto& e : trail)
    if (e.data) CHECK(e.data->dump().find("Post") == std::string::npos);
  CHECK(f.versions_of(keep.id) == 1);  // other items untouched
  // force purges an item that is not in the trash
  f.content().purge(f.editor, keep.id, true);
  CHECK(f.count<cms::content>() == 0);
}

TEST_CASE("duplicate: a new draft whose version 1 equals the source head", "[content][CR-17]") {
  content_fixture f;
  const auto src = f.content().create(f.editor, {.collection_id = f.blog, .title = "Source", .data = {{"a", 1}},
                                                 .meta = {.meta_title = "SEO"}});
  (void)f.content().patch(f.editor, src.id, {{"b", 2}});
  (void)f.content().publish(f.editor, src.id);
  const auto copy = f.content().duplicate(f.author, src.id);
  CHECK(copy.id != src.id);
  CHECK(copy.slug == "source-copy");
  CHECK(copy.status == cms::content_status::draft);
  CHECK(!copy.published_version);
  CHECK(copy.author_id == "u-author");
  const auto v1 = f.versions().get(copy.id, 1);
  const auto head = f.versions().get(src.id, 2);
  CHECK(v1.kind == cms::version_kind::duplicate);
  CHECK(v1.data == head.data);
  CHECK(v1.title == head.title);
  CHECK(v1.meta == head.meta);
  CHECK(f.versions_of(copy.id) == 1);
  CHECK(f.content().duplicate(f.author, src.id).slug == "source-copy-2");
}

TEST_CASE("removing a collection with items is a conflict unless cascade", "[content][CR-18]") {
  content_fixture f;
  const auto empty = f.add_collection("empty");
  CHECK(f.content().remove_collection(f.editor, empty) == 0);
  CHECK(!f.db().select<cms::collection>().where(col<&cms::collection::id> == empty).one());

  const auto a = f.post("A");
  const auto b = f.post("B");
  (void)f.content().soft_delete(f.editor, b.id);  // a deleted item still counts
  const auto before = f.dump();
  try {
    (void)f.content().remove_collection(f.editor, f.blog);
    FAIL("no exception");
  } catch (const vellum::conflict& e) {
    CHECK(e.field() == "items");
  }
  CHECK(f.dump() == before);
  CHECK(f.content().remove_collection(f.editor, f.blog, true) == 2);
  CHECK(f.count<cms::content>() == 0);
  CHECK(f.count<cms::content_version>() == 0);
  CHECK(has_action(f.audit_of(a.id), "content.purge"));
  CHECK(has_action(f.audit_of(f.blog), "collection.delete"));
  CHECK_THROWS_AS(f.content().remove_collection(f.editor, f.blog), vellum::not_found);
}

// ---------------------------------------------------------------------------------------------
// Cross-cutting

TEST_CASE("a failing step rolls the whole mutation back", "[content][GX-1]") {
  content_fixture f;
  const auto item = f.post("Post");
  // an audit row with the id the next audit insert would take makes that insert fail
  (void)f.content().patch(f.editor, item.id, {{"a", 1}});
  const auto next_id = "id-" + std::to_string(f.ms.ids.issued() + 2);  // version id, then audit id
  f.db().insert(cms::audit_event{next_id, f.ms.now(), "test", "x", "x", "x", std::nullopt});
  const auto before = f.dump();
  CHECK_THROWS_AS(f.content().patch(f.editor, item.id, {{"a", 2}}), vellum::constraint_error);
  CHECK(f.dump() == before);
}

TEST_CASE("every timestamp comes from the store's clock", "[content][GX-2]") {
  content_fixture f;
  f.ms.clock.set(vellum::unix_millis(milliseconds(1'000'000)));
  const auto item = f.post("Post");
  CHECK(ms_of(item.created_at) == 1'000'000);
  CHECK(ms_of(item.updated_at) == 1'000'000);
  f.ms.clock.advance(milliseconds(7));
  const auto saved = f.content().patch(f.editor, item.id, {{"a", 1}});
  CHECK(ms_of(saved.updated_at) == 1'000'007);
  CHECK(ms_of(saved.created_at) == 1'000'000);
  CHECK(ms_of(f.versions().get(item.id, 2).created_at) == 1'000'007);
  f.ms.clock.advance(milliseconds(7));
  const auto published = f.content().publish(f.editor, item.id);
  CHECK(ms_of(*published.published_at) == 1'000'014);
  for (const auto& e : f.audit_of(item.id)) CHECK(ms_of(e.at) >= 1'000'000);
  CHECK(ms_of(f.audit_of(item.id).back().at) <= 1'000'014);
}

TEST_CASE("revision rises with every mutation, a stale expected_revision changes nothing", "[content][GX-3]") {
  content_fixture f;
  auto item = f.post("Post");
  CHECK(item.revision == 1);
  item = f.content().patch(f.editor, item.id, {{"a", 1}}, 1);
  CHECK(item.revision == 2);
  item = f.content().publish(f.editor, item.id, std::nullopt, 2);
  CHECK(item.revision == 3);
  (void)f.versions().pin(f.editor, item.id, 1, "first", 3);
  CHECK(f.content().get(item.id).revision == 4);
  item = f.content().unpublish(f.editor, item.id, 4);
  item = f.content().archive(f.editor, item.id, 5);
  item = f.content().unarchive(f.editor, item.id, 6);
  item = f.content().soft_delete(f.editor, item.id, 7);
  item = f.content().restore_from_trash(f.editor, item.id, 8);
  CHECK(item.revision == 9);

  const auto before = f.dump();
  const auto stale = [&](auto&& call) {
    try {
      call();
      FAIL("no exception");
    } catch (const vellum::conflict& e) {
      CHECK(e.field() == "revision");
    }
    CHECK(f.dump() == before);
  };
  stale([&] { (void)f.content().update(f.editor, item.id, {.title = "x"}, 8); });
  stale([&] { (void)f.content().patch(f.editor, item.id, {{"x", 1}}, 1); });
  stale([&] { (void)f.content().publish(f.editor, item.id, std::nullopt, 8); });
  stale([&] { (void)f.content().archive(f.editor, item.id, 10); });
  stale([&] { (void)f.content().soft_delete(f.editor, item.id, 8); });
  stale([&] { f.content().purge(f.editor, item.id, true, 8); });
  stale([&] { (void)f.versions().restore(f.editor, item.id, 1, 8); });
  stale([&] { (void)f.versions().pin(f.editor, item.id, 1, std::nullopt, 8); });
  // the same call with the current revision goes through
  CHECK(f.content().update(f.editor, item.id, {.title = "x"}, 9).revision == 10);
}

TEST_CASE("the actor is recorded: users, tokens and system jobs", "[content][GX-4]") {
  content_fixture f;
  const auto item = f.content().create(f.job, {.collection_id = f.blog, .title = "Imported", .author_id = "u-author"});
  CHECK(item.author_id == "u-author");
  (void)f.content().patch(cms::actor::token("tok-1", "u-editor"), item.id, {{"a", 1}});
  (void)f.content().publish(cms::actor::system("scheduler"), item.id);
  std::set<std::string> actors;
  for (const auto& e : f.audit_of(item.id)) actors.insert(e.actor);
  CHECK(actors == std::set<std::string>{"system:importer", "token:tok-1", "system:scheduler"});
  // versions name the responsible user: the token's owner, the author for a job
  CHECK(f.versions().get(item.id, 1).author_id == "u-author");
  CHECK(f.versions().get(item.id, 2).author_id == "u-editor");
  // a system job must name the author of what it creates
  CHECK_THROWS_AS(f.content().create(f.job, {.collection_id = f.blog, .title = "x"}), vellum::validation_error);
  CHECK_THROWS_AS(f.content().create(f.job, {.collection_id = f.blog, .title = "x", .author_id = "ghost"}),
                  vellum::not_found);
  CHECK_THROWS_AS(f.content().patch(cms::actor::user("ghost"), item.id, {{"a", 9}}), vellum::not_found);
}

TEST_CASE("every mutation appends one audit event in its transaction", "[content][GX-7]") {
  content_fixture f;
  const auto count_audit = [&] { return f.count<cms::audit_event>(); };
  auto n = count_audit();
  const auto item = f.post("Post");
  CHECK(count_audit() == ++n);
  const auto step = [&](auto&& call, const std::string& action) {
    call();
    CHECK(count_audit() == ++n);
    CHECK(has_action(f.audit_of(item.id), action));
  };
  step([&] { (void)f.content().update(f.editor, item.id, {.title = "T2"}); }, "content.update");
  step([&] { (void)f.content().patch(f.editor, item.id, {{"a", 1}}); }, "content.patch");
  step([&] { (void)f.content().publish(f.editor, item.id); }, "content.publish");
  step([&] { (void)f.content().unpublish(f.editor, item.id); }, "content.unpublish");
  step([&] { (void)f.versions().pin(f.editor, item.id, 1); }, "version.pin");
  step([&] { (void)f.versions().unpin(f.editor, item.id, 1); }, "version.unpin");
  step([&] { (void)f.versions().restore(f.editor, item.id, 1); }, "version.restore");
  step([&] { (void)f.content().archive(f.editor, item.id); }, "content.archive");
  step([&] { (void)f.content().unarchive(f.editor, item.id); }, "content.unarchive");
  step([&] { (void)f.content().set_publish_window(f.editor, item.id, std::nullopt, f.ms.now()); },
       "content.publish_window");
  step([&] { (void)f.autosaves().save(f.editor, item.id, {{"a", 5}}); }, "autosave.save");
  step([&] { (void)f.autosaves().discard(f.editor, item.id); }, "autosave.discard");
  step([&] { (void)f.content().soft_delete(f.editor, item.id); }, "content.delete");
  step([&] { (void)f.content().restore_from_trash(f.editor, item.id); }, "content.restore");
  const auto copy = f.content().duplicate(f.editor, item.id);
  CHECK(count_audit() == ++n);
  CHECK(has_action(f.audit_of(copy.id), "content.duplicate"));
  // a refused mutation leaves no audit row
  CHECK_THROWS(f.content().update(f.editor, item.id, {.title = ""}));
  CHECK(count_audit() == n);
}

TEST_CASE("the dump behind the changes-nothing checks sees a write and the rows it wrote", "[content]") {
  content_fixture f;
  const auto before = f.dump();
  CHECK(before.find("u-editor@example.com") != std::string::npos);  // the fixture's users are in it
  const auto item = f.post("Dumped title");
  const auto after = f.dump();
  CHECK(after != before);
  CHECK(after.find("Dumped title") != std::string::npos);
  CHECK(after.find(item.id) != std::string::npos);
}
