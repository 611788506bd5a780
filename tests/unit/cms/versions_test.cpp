// Versions (VR-1…VR-15): numbering, immutability, pages, diffs, restore, retention, pins and
// autosaves, against a CMS database: SQLite in memory, or a fresh PostgreSQL schema when built as
// vellum_postgres_cms_tests (cms_backend_fixture.hpp).
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include <vellum/cms/json_diff.hpp>

#include "content_fixture.hpp"

using namespace content_tests;
using vellum::col;
using std::chrono::milliseconds;

namespace {

std::vector<std::int64_t> version_numbers(content_fixture& f, const std::string& id) {
  return f.db()
      .select(col<&cms::content_version::version>)
      .from<cms::content_version>()
      .where(col<&cms::content_version::content_id> == id)
      .order_by(col<&cms::content_version::version>)
      .all();
}

std::vector<cms::json_change> inverted(std::vector<cms::json_change> changes) {
  for (auto& c : changes) c = cms::inverse(std::move(c));
  return changes;
}

}  // namespace

TEST_CASE("version numbers start at 1, rise by 1 and are never reused", "[versions][VR-1]") {
  content_fixture f;
  const auto small = f.add_collection("small", open_schema(), 2);
  const auto item = f.content().create(f.editor, {.collection_id = small, .title = "Post"});
  for (int i = 1; i <= 4; ++i) CHECK(f.content().patch(f.editor, item.id, {{"n", i}}).head_version == i + 1);
  CHECK(version_numbers(f, item.id) == std::vector<std::int64_t>{4, 5});  // 1…3 pruned
  (void)f.versions().restore(f.editor, item.id, 4);
  CHECK(version_numbers(f, item.id) == std::vector<std::int64_t>{5, 6});
  CHECK(f.content().get(item.id).head_version == 6);
}

TEST_CASE("UNIQUE(content_id, version) makes a second writer of a number lose with conflict", "[versions][VR-2]") {
  content_fixture f;
  const auto item = f.post("Post");
  // a writer that bypassed the counter already took version 2
  f.db().insert(cms::content_version{"rogue", item.id, 2, json::object(), "u-editor", f.ms.now(), "Post", "post",
                                     json::object(), cms::version_kind::update, std::nullopt, 1, std::nullopt, false});
  const auto before = f.dump();
  try {
    (void)f.content().patch(f.editor, item.id, {{"a", 1}});
    FAIL("no exception");
  } catch (const vellum::conflict& e) {
    CHECK(e.field() == "version");
  }
  CHECK(f.dump() == before);
}

TEST_CASE("a version is a full, immutable snapshot", "[versions][VR-3]") {
  content_fixture f;
  f.db().update<cms::collection>().set(col<&cms::collection::schema_version> = std::int64_t{3})
      .where(col<&cms::collection::id> == f.blog).run();
  cms::media image;
  image.id = "m1";
  image.filename = "a.png";
  image.original_name = "a.png";
  image.mime_type = "image/png";
  image.size = 1;
  image.r2_key = "k1";
  image.public_url = "/a.png";
  image.uploaded_by = "u-editor";
  f.db().insert(image);
  f.ms.clock.advance(milliseconds(42));
  const auto item = f.content().create(
      f.editor, {.collection_id = f.blog, .title = "Title", .data = {{"a", 1}}, .slug = "the-slug",
                 .meta = {.meta_title = "SEO", .meta_description = "Desc", .featured_image_id = "m1"}});
  const auto v = f.versions().get(item.id, 1);
  CHECK(v.content_id == item.id);
  CHECK(v.version == 1);
  CHECK(v.data == json{{"a", 1}});
  CHECK(v.title == "Title");
  CHECK(v.slug == "the-slug");
  CHECK(v.meta == json{{"meta_title", "SEO"}, {"meta_description", "Desc"}, {"featured_image_id", "m1"}});
  CHECK(v.kind == cms::version_kind::create);
  CHECK(!v.source_version);
  CHECK(v.schema_version == 3);
  CHECK(v.author_id == "u-editor");
  CHECK(v.created_at == f.ms.now());
  CHECK(!v.label);
  CHECK(!v.pinned);
  // the database refuses to change a snapshot; only label and pinned may change
  CHECK_THROWS_AS(f.db().update<cms::content_version>().set(col<&cms::content_version::data> = json{{"a", 2}})
                      .where(col<&cms::content_version::id> == v.id).run(),
                  vellum::error);
  CHECK_NOTHROW(f.versions().pin(f.editor, item.id, 1, "kept"));
  // a later save does not touch it
  (void)f.content().update(f.editor, item.id, {.data = json{{"a", 2}}, .title = "Other"});
  const auto again = f.versions().get(item.id, 1);
  CHECK(again.data == json{{"a", 1}});
  CHECK(again.title == "Title");
}

TEST_CASE("every repository write path creates a version", "[versions][VR-4]") {
  content_fixture f;
  const auto item = f.post("Post");
  CHECK(f.versions_of(item.id) == 1);
  (void)f.content().update(f.editor, item.id, {.title = "Post 2"});
  CHECK(f.versions_of(item.id) == 2);
  (void)f.content().patch(f.editor, item.id, {{"a", 1}});
  CHECK(f.versions_of(item.id) == 3);
  (void)f.content().update(f.editor, item.id, {.meta = cms::content_meta{.meta_title = "SEO"}});
  CHECK(f.versions_of(item.id) == 4);
  CHECK(f.versions().get(item.id, 4).meta == json{{"meta_title", "SEO"}});
  (void)f.versions().restore(f.editor, item.id, 1);
  CHECK(f.versions_of(item.id) == 5);
  const auto copy = f.content().duplicate(f.editor, item.id);
  CHECK(f.versions_of(copy.id) == 1);
  // the head version always holds what the item holds
  const auto head = f.content().get(item.id);
  const auto v = f.versions().get(item.id, head.head_version);
  CHECK(v.data == head.data);
  CHECK(v.title == head.title);
  CHECK(v.slug == head.slug);
}

TEST_CASE("versions list newest first in keyset pages, a pruned number is not_found", "[versions][VR-5]") {
  content_fixture f;
  const auto item = f.post("Post");
  for (int i = 0; i < 6; ++i) (void)f.content().patch(f.editor, item.id, {{"n", i}});
  std::vector<std::int64_t> seen;
  std::optional<std::int64_t> before;
  do {
    const auto page = f.versions().list(item.id, {.limit = 3, .before = before});
    for (const auto& v : page.versions) seen.push_back(v.version);
    before = page.next_before;
  } while (before);
  CHECK(seen == std::vector<std::int64_t>{7, 6, 5, 4, 3, 2, 1});
  CHECK_THROWS_AS(f.versions().get(item.id, 8), vellum::not_found);
  CHECK_THROWS_AS(f.versions().list("missing"), vellum::not_found);

  const auto small = f.add_collection("small", open_schema(), 1);
  const auto pruned = f.content().create(f.editor, {.collection_id = small, .title = "P"});
  (void)f.content().patch(f.editor, pruned.id, {{"a", 1}});
  CHECK_THROWS_AS(f.versions().get(pruned.id, 1), vellum::not_found);
  CHECK(f.versions().get(pruned.id, 2).version == 2);
}

TEST_CASE("diff lists field paths, arrays of objects are matched by id", "[versions][VR-6]") {
  const json a = json::parse(R"({
    "title": "A", "tags": ["x", "y"], "gone": 1,
    "blocks": [{"id": "b1", "text": "one"}, {"id": "b2", "text": "two"}, {"id": "b3", "text": "three"}],
    "nested": {"deep": {"k": 1}}, "odd key.x": 1
  })");
  const json b = json::parse(R"({
    "title": "B", "tags": ["x", "z", "w"], "new": true,
    "blocks": [{"id": "b0", "text": "zero"}, {"id": "b1", "text": "one"}, {"id": "b3", "text": "THREE"}],
    "nested": {"deep": {"k": 2}}, "odd key.x": 1
  })");
  const auto changes = cms::json_diff(a, b, "data");
  std::vector<std::string> described;
  for (const auto& c : changes) described.push_back(std::string(cms::to_string(c.kind)) + " " + c.path);
  CHECK(described == std::vector<std::string>{
                         "added data.blocks[id=b0]", "removed data.blocks[id=b2]", "changed data.blocks[id=b3].text",
                         "removed data.gone", "changed data.nested.deep.k", "added data.new", "changed data.tags[1]",
                         "added data.tags[2]", "changed data.title"});
  CHECK(changes[2].before == "three");
  CHECK(changes[2].after == "THREE");
  CHECK(cms::json_diff(a, a).empty());
  CHECK(cms::json_diff(b, a, "data") == inverted(changes));
  // a reorder of id-matched elements is one change at the array
  const json r1 = json::parse(R"({"l": [{"id": 1}, {"id": 2}]})");
  const json r2 = json::parse(R"({"l": [{"id": 2}, {"id": 1}]})");
  const auto moved = cms::json_diff(r1, r2);
  REQUIRE(moved.size() == 1);
  CHECK(moved[0].path == "l");
  CHECK(moved[0].after == json::array({2, 1}));
  CHECK(cms::json_diff(r2, r1) == inverted(moved));

  // through the repository: title, slug, meta and data
  content_fixture f;
  const auto item = f.post("First", a);
  (void)f.content().update(f.editor, item.id, {.data = b, .title = "Second", .meta = cms::content_meta{.meta_title = "M"}});
  const auto d = f.versions().diff(item.id, 1, 2);
  REQUIRE(d.size() == 11);
  CHECK(d[0] == cms::json_change{"title", cms::change_kind::changed, "First", "Second"});
  CHECK(d[1].path == "meta.meta_title");
  CHECK(f.versions().diff(item.id, 2, 2).empty());
  CHECK(f.versions().diff(item.id, 2, 1) == inverted(d));
  CHECK_THROWS_AS(f.versions().diff(item.id, 1, 3), vellum::not_found);
}

TEST_CASE("restore appends head+1 equal to version n and records it", "[versions][VR-7]") {
  content_fixture f;
  const auto item = f.content().create(f.editor, {.collection_id = f.blog, .title = "One", .data = {{"v", 1}},
                                                  .meta = {.meta_title = "M1"}});
  (void)f.content().update(f.editor, item.id, {.data = json{{"v", 2}}, .title = "Two", .slug = "two",
                                               .meta = cms::content_meta{}});
  (void)f.content().publish(f.editor, item.id);
  (void)f.content().patch(f.editor, item.id, {{"v", 3}});
  f.ms.clock.advance(milliseconds(3));
  const auto restored = f.versions().restore(f.author, item.id, 1);
  CHECK(restored.head_version == 4);
  CHECK(restored.data == json{{"v", 1}});
  CHECK(restored.title == "One");
  CHECK(restored.slug == "one");
  CHECK(restored.meta_title == "M1");
  CHECK(restored.published_version == 2);  // the published version does not change
  CHECK(restored.status == cms::content_status::changed);
  CHECK(f.content().get_published(item.id).data == json{{"v", 2}});
  const auto v4 = f.versions().get(item.id, 4);
  const auto v1 = f.versions().get(item.id, 1);
  CHECK(v4.kind == cms::version_kind::restore);
  CHECK(v4.source_version == 1);
  CHECK(v4.data == v1.data);
  CHECK(v4.title == v1.title);
  CHECK(v4.slug == v1.slug);
  CHECK(v4.meta == v1.meta);
  CHECK(v4.author_id == "u-author");
  const auto history = f.db().select<cms::workflow_history>()
                           .where(col<&cms::workflow_history::content_id> == item.id &&
                                  col<&cms::workflow_history::action> == cms::history_action::version_restored)
                           .all();
  REQUIRE(history.size() == 1);
  CHECK(history[0].version == 4);
  CHECK(history[0].from_state_id == "draft");
  CHECK(history[0].to_state_id == "draft");
  CHECK(history[0].user_id == "u-author");
  CHECK(history[0].created_at == f.ms.now());
  CHECK_THROWS_AS(f.versions().restore(f.editor, item.id, 99), vellum::not_found);
}

TEST_CASE("restoring the head, or a version equal to it, is a no-op", "[versions][VR-8]") {
  content_fixture f;
  const auto item = f.post("Post", {{"a", 1}});
  (void)f.content().patch(f.editor, item.id, {{"a", 2}});
  (void)f.content().patch(f.editor, item.id, {{"a", 1}});  // v3 equals v1
  const auto before = f.dump();
  CHECK(f.versions().restore(f.editor, item.id, 3).head_version == 3);
  CHECK(f.versions().restore(f.editor, item.id, 1).head_version == 3);
  CHECK(f.dump() == before);
}

TEST_CASE("retention keeps max_versions per item, 0 is unlimited", "[versions][VR-10]") {
  content_fixture f;
  const auto three = f.add_collection("three", open_schema(), 3);
  const auto unlimited = f.add_collection("unlimited", open_schema(), 0);
  const auto a = f.content().create(f.editor, {.collection_id = three, .title = "A"});
  const auto b = f.content().create(f.editor, {.collection_id = unlimited, .title = "B"});
  const auto c = f.post("C");  // default 100
  for (int i = 0; i < 7; ++i) {
    (void)f.content().patch(f.editor, a.id, {{"n", i}});
    (void)f.content().patch(f.editor, b.id, {{"n", i}});
    (void)f.content().patch(f.editor, c.id, {{"n", i}});
  }
  CHECK(version_numbers(f, a.id) == std::vector<std::int64_t>{6, 7, 8});
  CHECK(f.versions_of(b.id) == 8);
  CHECK(f.versions_of(c.id) == 8);
}

TEST_CASE("pruning spares the head, the published, pinned, scheduled and approved versions", "[versions][VR-11]") {
  content_fixture f;
  const auto two = f.add_collection("two", open_schema(), 2);
  const auto item = f.content().create(f.editor, {.collection_id = two, .title = "Post"});
  (void)f.content().patch(f.editor, item.id, {{"n", 2}});            // v2
  (void)f.content().publish(f.editor, item.id);                      // published = 2
  (void)f.content().patch(f.editor, item.id, {{"n", 3}});            // v3
  (void)f.versions().pin(f.editor, item.id, 3, "legal");             // pinned = 3
  (void)f.content().patch(f.editor, item.id, {{"n", 4}});            // v4
  f.schedule("s1", item.id, cms::schedule_action::publish, f.ms.now() + milliseconds(1000),
             cms::schedule_status::pending, 4);
  (void)f.content().patch(f.editor, item.id, {{"n", 5}});            // v5
  f.db().update<cms::content_workflow_status>()
      .set(col<&cms::content_workflow_status::approved_version> = std::int64_t{5})
      .where(col<&cms::content_workflow_status::content_id> == item.id).run();
  (void)f.content().patch(f.editor, item.id, {{"n", 6}});            // v6
  (void)f.content().patch(f.editor, item.id, {{"n", 7}});            // v7 (head)
  // v1 went when v3 arrived; v6 is the only unprotected one left once v7 is the head
  CHECK(version_numbers(f, item.id) == std::vector<std::int64_t>{2, 3, 4, 5, 7});
  // once unprotected, the excess goes on the next save
  (void)f.versions().unpin(f.editor, item.id, 3);
  (void)f.content().patch(f.editor, item.id, {{"n", 8}});
  CHECK(version_numbers(f, item.id) == std::vector<std::int64_t>{2, 4, 5, 8});
}

TEST_CASE("count pruning runs inside the save's transaction", "[versions][VR-12]") {
  content_fixture f;
  const auto two = f.add_collection("two", open_schema(), 2);
  const auto item = f.content().create(f.editor, {.collection_id = two, .title = "Post"});
  (void)f.content().patch(f.editor, item.id, {{"n", 2}});
  CHECK(version_numbers(f, item.id) == std::vector<std::int64_t>{1, 2});
  // the next save prunes v1, then fails at its audit insert: v1 must come back with the rollback
  const auto next_audit_id = "id-" + std::to_string(f.ms.ids.issued() + 2);
  f.db().insert(cms::audit_event{next_audit_id, f.ms.now(), "test", "x", "x", "x", std::nullopt});
  const auto before = f.dump();
  CHECK_THROWS_AS(f.content().patch(f.editor, item.id, {{"n", 3}}), vellum::constraint_error);
  CHECK(f.dump() == before);
  CHECK(version_numbers(f, item.id) == std::vector<std::int64_t>{1, 2});
  // a save that commits prunes in the same commit
  f.db().delete_from<cms::audit_event>().where(col<&cms::audit_event::id> == next_audit_id).run();
  (void)f.content().patch(f.editor, item.id, {{"n", 3}});
  CHECK(version_numbers(f, item.id) == std::vector<std::int64_t>{2, 3});
}

TEST_CASE("pin sets the label, unpin keeps it", "[versions][VR-13]") {
  content_fixture f;
  const auto item = f.post("Post");
  const auto pinned = f.versions().pin(f.editor, item.id, 1, "launch");
  CHECK(pinned.pinned);
  CHECK(pinned.label == "launch");
  CHECK(f.versions().get(item.id, 1).pinned);
  CHECK(f.versions().get(item.id, 1).label == "launch");
  const auto unpinned = f.versions().unpin(f.editor, item.id, 1);
  CHECK(!unpinned.pinned);
  CHECK(f.versions().get(item.id, 1).label == "launch");
  CHECK(!f.versions().get(item.id, 1).pinned);
  CHECK_THROWS_AS(f.versions().pin(f.editor, item.id, 2), vellum::not_found);
  CHECK_THROWS_AS(f.versions().pin(f.editor, item.id, 1, std::string(201, 'x')), vellum::validation_error);
  // pinning does not count as a content change
  CHECK(f.content().get(item.id).updated_at == item.updated_at);
}

TEST_CASE("an autosave is not a version: one per item and user, gone at the next save", "[versions][VR-14]") {
  content_fixture f;
  const auto item = f.post("Post", {{"body", "saved"}});
  const auto first = f.autosaves().save(f.editor, item.id, {{"body", "typing"}});
  const auto second = f.autosaves().save(f.editor, item.id, {{"body", "typing more"}}, "Draft title");
  CHECK(second.id == first.id);
  (void)f.autosaves().save(f.author, item.id, {{"body", "mine"}});
  CHECK(f.count<cms::autosave>() == 2);
  CHECK(f.autosaves().find("u-editor", item.id)->data == json{{"body", "typing more"}});
  CHECK(f.autosaves().find("u-editor", item.id)->title == "Draft title");
  const auto current = f.content().get(item.id);
  CHECK(current.revision == 1);  // never changes the revision
  CHECK(current.data == json{{"body", "saved"}});
  CHECK(f.versions_of(item.id) == 1);

  // the editor's save removes the editor's autosave only
  (void)f.content().patch(f.editor, item.id, {{"body", "typing more"}});
  CHECK(!f.autosaves().find("u-editor", item.id));
  CHECK(f.autosaves().find("u-author", item.id));
  // a save equal to the head still discards the saver's autosave
  (void)f.autosaves().save(f.editor, item.id, {{"body", "x"}});
  (void)f.content().patch(f.editor, item.id, {{"body", "typing more"}});
  CHECK(!f.autosaves().find("u-editor", item.id));

  // drafts of items not created yet, keyed by the client
  (void)f.autosaves().save_draft(f.editor, "new-post-1", {{"body", "idea"}});
  CHECK(f.autosaves().find_draft("u-editor", "new-post-1"));
  CHECK(!f.autosaves().find_draft("u-author", "new-post-1"));
  (void)f.content().create(f.editor, {.collection_id = f.blog, .title = "Idea", .draft_key = "new-post-1"});
  CHECK(!f.autosaves().find_draft("u-editor", "new-post-1"));

  CHECK(f.autosaves().discard(f.author, item.id));
  CHECK_FALSE(f.autosaves().discard(f.author, item.id));
  CHECK_THROWS_AS(f.autosaves().save(f.job, item.id, json::object()), vellum::validation_error);
  CHECK_THROWS_AS(f.autosaves().save(f.editor, "missing", json::object()), vellum::not_found);
  CHECK_THROWS_AS(f.autosaves().save(f.editor, item.id, json::array()), vellum::validation_error);
}

TEST_CASE("soft delete keeps versions, purge removes them, no version is ever orphaned", "[versions][VR-15]") {
  content_fixture f;
  const auto item = f.post("Post");
  (void)f.content().patch(f.editor, item.id, {{"a", 1}});
  (void)f.content().soft_delete(f.editor, item.id);
  CHECK(f.versions_of(item.id) == 2);
  CHECK(f.versions().list(item.id).versions.size() == 2);  // still readable in the trash
  CHECK(f.versions().get(item.id, 1).version == 1);
  f.content().purge(f.editor, item.id);
  CHECK(f.versions_of(item.id) == 0);
  CHECK_THROWS_AS(f.versions().list(item.id), vellum::not_found);
  const auto orphans = f.db().select(vellum::count()).from<cms::content_version>()
                           .where(vellum::not_in(col<&cms::content_version::content_id>,
                                                 vellum::select(col<&cms::content::id>).from<cms::content>()))
                           .one();
  CHECK(orphans == 0);
#ifndef VELLUM_TEST_BACKEND_POSTGRES
  // SQLite's own check of every foreign key; PostgreSQL enforces them on every write and has none.
  CHECK(!f.db().query_value<std::string>("PRAGMA foreign_key_check"));
#endif
}
