// The CMS on PostgreSQL (cms::pg_store): the store migrates its schema, the repositories keep the
// rules they keep on SQLite, and two connections racing on one item get the typed conflict.
// Each test case has a schema of its own on the test server (pg_test_server.hpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "pg_test_server.hpp"
#include "vellum/cms.hpp"
#include "vellum/cms/pg_store.hpp"
#include "vellum/pg_database.hpp"

namespace {

namespace cms = vellum::cms;
using vellum::col;

/// A pg_store on a fresh schema, with an editor and a `blog` collection.
struct pg_cms {
  vellum::testing::pg_test_schema schema;
  vellum::pg::database db{schema.url()};
  cms::pg_store store{db};
  cms::actor setup = cms::actor::system("setup");
  cms::actor editor;
  std::string blog;

  pg_cms() {
    const auto erin = store.users().create(setup, {.email = "erin@example.com", .username = "erin",
                                                   .role = cms::user_role::editor});
    editor = cms::actor::user(erin.id);
    // Data of any shape (the default schema declares no field and refuses unknown ones).
    const auto any_data = nlohmann::json{{"properties", nlohmann::json::object()}, {"additionalProperties", true}};
    blog = store.collections().create(setup, {.name = "blog", .display_name = "Blog", .schema = any_data}).id;
  }
};

std::int64_t count_rows(vellum::pg::database& db, const std::string& table) {
  auto st = db.prepare("SELECT count(*) FROM " + table);
  REQUIRE(st.step());
  return st.get<std::int64_t>(0);
}

}  // namespace

TEST_CASE("pg_store: opening migrates the CMS schema once and a second store applies nothing", "[postgres][cms]") {
  vellum::testing::pg_test_schema schema;
  vellum::pg::database db{schema.url()};
  { cms::pg_store first{db}; }
  const auto applied = count_rows(db, "migrations");
  CHECK(applied >= 4);
  cms::pg_store second{db};
  CHECK(count_rows(db, "migrations") == applied);
  // The seed's default workflow and permissions are there.
  CHECK(count_rows(db, "workflows") >= 1);
  CHECK(count_rows(db, "permissions") >= 1);
}

TEST_CASE("pg_store: the delivery-read cache is refused with a typed error", "[postgres][cms]") {
  vellum::testing::pg_test_schema schema;
  vellum::pg::database db{schema.url()};
  cms::store_options options;
  options.cache = cms::query_cache_options{};
  try {
    cms::pg_store store{db, options};
    FAIL("a PostgreSQL store with a cache was opened");
  } catch (const vellum::validation_error& e) {
    CHECK(e.fields().count("cache") == 1);
  }
}

TEST_CASE("pg_store: users keep e-mail addresses unique and refuse bad input unchanged", "[postgres][cms]") {
  pg_cms t;
  const auto before = count_rows(t.db, "users");
  CHECK_THROWS_AS(t.store.users().create(t.setup, {.email = "ERIN@example.com", .username = "erin2"}),
                  vellum::conflict);
  CHECK_THROWS_AS(t.store.users().create(t.setup, {.email = "not an address", .username = "x"}),
                  vellum::validation_error);
  CHECK(count_rows(t.db, "users") == before);
  CHECK(t.store.users().find_by_email(" Erin@Example.com ")->username == "erin");
}

TEST_CASE("pg_store: content create, update, publish and a version history", "[postgres][cms][CR-5]") {
  pg_cms t;
  auto content = t.store.content();
  auto post = content.create(t.editor, {.collection_id = t.blog, .title = "Hello", .data = {{"body", "first"}}});
  CHECK(post.slug == "hello");
  CHECK(post.revision == 1);
  post = content.update(t.editor, post.id, {.data = nlohmann::json{{"body", "second"}}}, post.revision);
  CHECK(post.data["body"] == "second");
  post = content.publish(t.editor, post.id);
  CHECK(post.status == cms::content_status::published);
  CHECK(content.get_published(post.id).data["body"] == "second");
  CHECK(t.store.versions().list(post.id).versions.size() == 2);
  // A taken slug is a typed conflict; nothing is written.
  const auto items = count_rows(t.db, "content");
  CHECK_THROWS_AS(content.create(t.editor, {.collection_id = t.blog, .title = "Hello"}), vellum::conflict);
  CHECK(count_rows(t.db, "content") == items);
}

TEST_CASE("pg_store: two connections saving one item at the same revision: exactly one conflict",
          "[postgres][cms][concurrency][GX-3]") {
  pg_cms t;
  const auto post = t.store.content().create(t.editor, {.collection_id = t.blog, .title = "Race"});
  constexpr int writers = 4;
  std::atomic<int> saved{0};
  std::atomic<int> conflicts{0};
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < writers; ++i) {
    threads.emplace_back([&, i] {
      vellum::pg::database db{t.schema.url()};
      cms::store_options options;
      options.migrate = false;
      cms::pg_store store{db, options};
      ++ready;
      while (ready < writers) std::this_thread::yield();
      try {
        store.content().update(t.editor, post.id, {.data = nlohmann::json{{"writer", i}}}, post.revision);
        ++saved;
      } catch (const vellum::conflict& e) {
        if (e.field() == "revision") ++conflicts;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(saved == 1);
  CHECK(conflicts == writers - 1);
  CHECK(t.store.content().get(post.id).revision == 2);
  CHECK(t.store.versions().list(post.id).versions.size() == 2);
}

TEST_CASE("pg_store: full-text search finds title and nested data words, accents folded", "[postgres][cms]") {
  pg_cms t;
  auto content = t.store.content();
  const auto cafe = content.create(t.editor, {.collection_id = t.blog, .title = "Le Café du coin",
                                              .data = {{"blocks", {{{"text", "a lighthouse keeper"}}}}}});
  content.create(t.editor, {.collection_id = t.blog, .title = "Unrelated", .data = {{"text", "nothing here"}}});
  auto search = t.store.search();
  auto by_title = search.search({.match = "cafe"});
  REQUIRE(by_title.hits.size() == 1);
  CHECK(by_title.hits[0].item.id == cafe.id);
  auto nested = search.search({.match = "lighthouse", .order = cms::search_order::newest});
  REQUIRE(nested.hits.size() == 1);
  CHECK(nested.hits[0].snippet.find("<mark>lighthouse</mark>") != std::string::npos);
  // A JSON key is not text: "blocks" finds nothing.
  CHECK(search.search({.match = "blocks"}).hits.empty());
  // A soft-deleted item leaves the results.
  content.soft_delete(t.editor, cafe.id);
  CHECK(search.search({.match = "cafe"}).hits.empty());
}

TEST_CASE("pg_store: two scheduler runners on two connections publish each due item exactly once",
          "[postgres][cms][concurrency][SC-5]") {
  using std::chrono::milliseconds;
  using std::chrono::minutes;
  pg_cms t;
  constexpr int items = 30;
  std::atomic<std::int64_t> clock_ms{std::chrono::duration_cast<milliseconds>(
                                         std::chrono::system_clock::now().time_since_epoch()).count()};
  const auto clock = [&] { return vellum::unix_millis(milliseconds(clock_ms.load())); };
  std::vector<std::string> ids;
  {
    cms::store_options options;
    options.clock = clock;
    options.migrate = false;
    cms::pg_store store{t.db, options};
    for (int i = 0; i < items; ++i) {
      const auto item =
          store.content().create(t.editor, {.collection_id = t.blog, .title = "Item " + std::to_string(i)});
      ids.push_back(item.id);
      store.schedules().schedule(t.editor, {.content_id = item.id, .action = cms::schedule_action::publish,
                                            .at = store.now() + minutes(1) + milliseconds(i % 3)});
    }
  }
  clock_ms += milliseconds(minutes(2)).count();

  std::atomic<int> connected{0};
  const auto run = [&](const std::string& runner, std::vector<std::string>& executed) {
    vellum::pg::database db{t.schema.url()};
    cms::store_options options;
    options.clock = clock;
    options.migrate = false;
    cms::pg_store store{db, options};
    ++connected;
    while (connected < 2) std::this_thread::yield();
    for (;;) {
      const auto report = store.schedules().run_due(store.now(), 2, runner);
      if (report.outcomes.empty()) break;
      for (const auto& o : report.outcomes)
        if (o.executed) executed.push_back(o.action.id);
    }
  };
  std::vector<std::string> by_a;
  std::vector<std::string> by_b;
  std::thread a(run, "runner-a", std::ref(by_a));
  std::thread b(run, "runner-b", std::ref(by_b));
  a.join();
  b.join();

  CHECK(by_a.size() + by_b.size() == static_cast<std::size_t>(items));
  for (const auto& id : by_a) CHECK(std::find(by_b.begin(), by_b.end(), id) == by_b.end());
  const auto rows = t.db.select<cms::scheduled_content>().all();
  REQUIRE(rows.size() == static_cast<std::size_t>(items));
  for (const auto& r : rows) CHECK(r.status == cms::schedule_status::completed);
  for (const auto& id : ids) {
    const auto publishes = t.db.select(vellum::count())
                               .from<cms::audit_event>()
                               .where(col<&cms::audit_event::entity_id> == id &&
                                      col<&cms::audit_event::action> == "content.publish")
                               .one();
    CHECK(publishes == 1);
  }
}

TEST_CASE("pg_store: a comment thread in display order, in keyset pages", "[postgres][cms]") {
  pg_cms t;
  const auto post = t.store.content().create(t.editor, {.collection_id = t.blog, .title = "Talk"});
  auto comments = t.store.comments();
  const auto say = [&](const std::string& text, std::optional<std::string> parent = std::nullopt) {
    const auto c = comments.create(t.editor, {.content_id = post.id, .text = text, .parent_id = std::move(parent)});
    return comments.moderate(t.editor, c.id, cms::comment_status::approved);
  };
  const auto a = say("a");
  const auto b = say("b");
  const auto a1 = say("a1", a.id);
  say("b1", b.id);
  say("a1x", a1.id);
  say("a2", a.id);
  const std::vector<std::string> display{"a", "  a1", "    a1x", "  a2", "b", "  b1"};
  std::vector<std::string> seen;
  std::optional<std::string> cursor;
  int pages = 0;
  do {
    const auto page = comments.thread({.content_id = post.id, .limit = 2, .cursor = cursor});
    for (const auto& e : page.entries) seen.push_back(std::string(2 * e.depth, ' ') + e.item.content);
    cursor = page.next_cursor;
    ++pages;
  } while (cursor && pages < 10);
  CHECK(seen == display);
  CHECK(pages == 3);
  CHECK(comments.counts(post.id).approved == 6);
}

TEST_CASE("pg_store: statistics and media filters through the PostgreSQL fragments", "[postgres][cms]") {
  pg_cms t;
  t.store.content().create(t.editor, {.collection_id = t.blog, .title = "One"});
  const auto two = t.store.content().create(t.editor, {.collection_id = t.blog, .title = "Two"});
  t.store.content().publish(t.editor, two.id);
  const auto by_collection = t.store.statistics().by_collection();
  REQUIRE(by_collection.size() == 1);
  CHECK(by_collection[0].counts.published == 1);
  CHECK(by_collection[0].counts.draft == 1);
  CHECK(t.store.statistics().by_author(t.blog).size() == 1);

  auto media = t.store.media();
  const auto upload = [&](const std::string& key, const std::string& mime, nlohmann::json tags) {
    return media.register_upload(t.editor, {.filename = key, .original_name = key, .mime_type = mime, .size = 10,
                                            .storage_key = key, .public_url = "/" + key, .tags = std::move(tags)});
  };
  upload("cat.jpg", "image/jpeg", {"cats", "pets"});
  upload("dog.png", "image/png", {"pets"});
  upload("doc.pdf", "application/pdf", nlohmann::json::array());
  CHECK(media.list({.mime_prefix = "image/"}).items.size() == 2);
  CHECK(media.list({.tag = "cats"}).items.size() == 1);
  const auto by_type = media.totals_by_type();
  REQUIRE(by_type.size() == 2);
  CHECK(by_type[0] == cms::media_group_totals{"application", 1, 10});
  CHECK(by_type[1] == cms::media_group_totals{"image", 2, 20});
}
