// The delivery-read cache (cms/query_cache.hpp) and list_published: hits run no SQL (seen through
// the connection's logger), every write that changes a delivered item makes the next read fresh,
// entries expire by the store's clock and the size bounds, and a shared second tier is asked on
// a miss and told about writes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>

#include <vellum/cms/collections_repository.hpp>
#include <vellum/cms/query_cache.hpp>
#include <vellum/cms/version_repository.hpp>

#include "editorial_fixture.hpp"

namespace {

namespace cms = vellum::cms;
using editorial_tests::editorial_fixture;
using json = nlohmann::json;
using std::chrono::milliseconds;

/// A second tier in memory, as a host's KV would be: values with tags, counted calls.
class memory_tier final : public cms::cache_tier {
 public:
  std::optional<std::string> get(std::string_view key) override {
    ++gets;
    const auto it = values.find(std::string(key));
    if (it == values.end()) return std::nullopt;
    return it->second.first;
  }
  void put(std::string_view key, std::string_view value, std::span<const std::string_view> tags,
           milliseconds ttl) override {
    ++puts;
    CHECK(ttl.count() > 0);
    values[std::string(key)] = {std::string(value), std::set<std::string>(tags.begin(), tags.end())};
  }
  void invalidate_tags(std::span<const std::string_view> tags) override {
    for (const auto tag : tags) {
      invalidated.insert(std::string(tag));
      std::erase_if(values, [&](const auto& kv) { return kv.second.second.contains(std::string(tag)); });
    }
  }
  std::map<std::string, std::pair<std::string, std::set<std::string>>> values;
  std::set<std::string> invalidated;
  int gets = 0;
  int puts = 0;
};

/// editorial_fixture plus a second store on the same connection with a cache, and a count of
/// the statements the connection runs.
struct cache_fixture : editorial_fixture {
  explicit cache_fixture(cms::query_cache_options options = {})
      : cached(db(), cms::store_options{.clock = [this] { return ms.now(); },
                                        .new_id = [this] { return ms.ids.next(); },
                                        .migrate = false,
                                        .cache = std::move(options)}) {
    db().set_logger([this](const vellum::query_event&) { ++statements; });
  }

  cms::content_repository delivery() { return cached.content(); }
  /// Runs `read` and returns how many statements it executed.
  template <class F>
  int statements_of(F&& read) {
    const int before = statements;
    read();
    return statements - before;
  }
  /// A published post in `blog` (by the cached store, as a delivery site's editor would).
  cms::content published(const std::string& title, json data = {{"body", "text"}}) {
    const auto item = delivery().create(editor, {.collection_id = blog, .title = title, .data = std::move(data)});
    return delivery().publish(editor, item.id);
  }

  cms::store cached;
  int statements = 0;
};

/// What a delivery read returns, comparable: the delivered fields, or "not_found".
json delivered(cms::content_repository repo, const std::string& id) {
  try {
    const auto c = repo.get_published(id);
    return {{"id", c.id},       {"title", c.title},       {"slug", c.slug}, {"data", c.data},
            {"status", c.status == cms::content_status::published}, {"revision", c.revision},
            {"version", c.published_version.value_or(0)}};
  } catch (const vellum::not_found&) {
    return "not_found";
  }
}

json delivered_list(cms::content_repository repo, const std::string& collection) {
  auto out = json::array();
  for (const auto& c : repo.list_published({.collection_id = collection}).items)
    out.push_back({c.id, c.title, c.data, c.revision});
  return out;
}

}  // namespace

TEST_CASE("a cached get_published is served without SQL", "[query-cache]") {
  cache_fixture f;
  const auto item = f.published("Hello", {{"body", "v1"}});
  const auto first = f.delivery().get_published(item.id);
  cms::content again;
  CHECK(f.statements_of([&] { again = f.delivery().get_published(item.id); }) == 0);
  CHECK(again.data == json{{"body", "v1"}});
  CHECK(again.id == first.id);
  CHECK(again.revision == first.revision);
  CHECK(f.cached.cache()->stats().hits == 1);
  CHECK(f.cached.cache()->stats().misses == 1);
  // A store without a cache reads every time.
  CHECK(f.statements_of([&] { (void)f.content().get_published(item.id); }) > 0);
}

TEST_CASE("a cached list_published is served without SQL", "[query-cache]") {
  cache_fixture f;
  (void)f.published("One");
  (void)f.published("Two");
  const auto first = f.delivery().list_published({.collection_id = f.blog});
  REQUIRE(first.items.size() == 2);
  cms::content_page again;
  CHECK(f.statements_of([&] { again = f.delivery().list_published({.collection_id = f.blog}); }) == 0);
  REQUIRE(again.items.size() == 2);
  CHECK(again.items[0].id == first.items[0].id);
  CHECK(again.items[1].id == first.items[1].id);
}

TEST_CASE("a cache is off by default", "[query-cache]") {
  editorial_fixture f;
  CHECK(f.store().cache() == nullptr);
}

TEST_CASE("every write that changes a delivered item makes the next read fresh", "[query-cache]") {
  cache_fixture f;
  const auto item = f.published("Post", {{"body", "v1"}});
  const auto other = f.delivery().create(f.author, {.collection_id = f.blog, .title = "Other", .data = {{"body", "o"}}});
  const auto warm = [&] {
    (void)delivered(f.delivery(), item.id);
    (void)delivered_list(f.delivery(), f.blog);
    REQUIRE(f.statements_of([&] { (void)delivered(f.delivery(), item.id); }) == 0);
    REQUIRE(f.statements_of([&] { (void)delivered_list(f.delivery(), f.blog); }) == 0);
  };
  warm();
  // After the write, the cached store's answers equal an uncached store's, and took SQL.
  const auto expect_fresh = [&] {
    json got;
    CHECK(f.statements_of([&] { got = delivered(f.delivery(), item.id); }) > 0);
    CHECK(got == delivered(f.content(), item.id));
    CHECK(f.statements_of([&] { got = delivered_list(f.delivery(), f.blog); }) > 0);
    CHECK(got == delivered_list(f.content(), f.blog));
  };
  const json before = delivered(f.content(), item.id);

  SECTION("update") {
    (void)f.delivery().update(f.editor, item.id, {.title = std::string("Renamed")});
    expect_fresh();
    CHECK(delivered(f.delivery(), item.id)["revision"] != before["revision"]);
  }
  SECTION("publish a new version") {
    (void)f.delivery().patch(f.editor, item.id, {{"body", "v2"}});
    warm();
    (void)f.delivery().publish(f.editor, item.id);
    expect_fresh();
    CHECK(delivered(f.delivery(), item.id)["data"] == json{{"body", "v2"}});
  }
  SECTION("unpublish") {
    (void)f.delivery().unpublish(f.editor, item.id);
    expect_fresh();
    CHECK(delivered(f.delivery(), item.id) == "not_found");
  }
  SECTION("soft delete") {
    (void)f.delivery().soft_delete(f.editor, item.id);
    expect_fresh();
    CHECK(delivered(f.delivery(), item.id) == "not_found");
  }
  SECTION("purge") {
    f.delivery().purge(f.editor, item.id, /*force=*/true);
    expect_fresh();
    CHECK(delivered(f.delivery(), item.id) == "not_found");
  }
  SECTION("archive") {
    (void)f.delivery().archive(f.editor, item.id);
    expect_fresh();
    CHECK(delivered(f.delivery(), item.id) == "not_found");
  }
  SECTION("a scheduled unpublish run by the scheduler") {
    (void)f.cached.schedules().schedule(
        f.editor, {.content_id = item.id, .action = cms::schedule_action::unpublish, .at = f.ms.now() + milliseconds(1000)});
    warm();
    f.ms.clock.advance(milliseconds(2000));  // well inside the 30 s TTL: only the write can refresh
    REQUIRE(f.cached.schedules().run_due(f.ms.now(), 10, "runner").count(cms::schedule_status::completed) == 1);
    expect_fresh();
    CHECK(delivered(f.delivery(), item.id) == "not_found");
  }
  SECTION("a workflow transition that publishes") {
    auto wf = f.cached.workflows();
    wf.transition(f.author, other.id, "pending-review");
    wf.transition(f.reviewer, other.id, "approved");
    warm();
    wf.transition(f.editor, other.id, "published");
    expect_fresh();
    CHECK(delivered_list(f.delivery(), f.blog).size() == 2);
  }
  SECTION("a version restore") {
    (void)f.delivery().patch(f.editor, item.id, {{"body", "v2"}});
    warm();
    (void)f.cached.versions().restore(f.editor, item.id, 1);
    expect_fresh();
  }
  SECTION("deactivating the collection") {
    (void)f.cached.collections().deactivate(f.admin, f.blog);
    expect_fresh();
    CHECK(delivered(f.delivery(), item.id) == "not_found");
    CHECK(delivered_list(f.delivery(), f.blog).empty());
  }
  SECTION("closing the publication window") {
    (void)f.delivery().set_publish_window(f.editor, item.id, std::nullopt, f.ms.now() + milliseconds(10));
    expect_fresh();
    f.ms.clock.advance(milliseconds(10));  // no write: the entry expires at the window's end (CR-11)
    CHECK(delivered(f.delivery(), item.id) == "not_found");
    CHECK(delivered_list(f.delivery(), f.blog).empty());
  }
  SECTION("raw SQL on the same connection") {
    f.db().run("UPDATE content SET revision = revision + 1 WHERE id = ?", item.id);
    expect_fresh();
  }
}

TEST_CASE("a write to a table a delivery read does not use keeps the entry", "[query-cache]") {
  cache_fixture f;
  const auto item = f.published("Post");
  (void)f.delivery().get_published(item.id);
  f.db().insert(content_tests::make_user("u-new", cms::user_role::viewer));
  CHECK(f.statements_of([&] { (void)f.delivery().get_published(item.id); }) == 0);
}

TEST_CASE("a rolled-back write does not poison the cache", "[query-cache]") {
  cache_fixture f;
  const auto item = f.published("Post", {{"body", "v1"}});
  (void)f.delivery().get_published(item.id);
  struct rollback {};
  CHECK_THROWS_AS(f.db().transaction([&] {
    (void)f.delivery().patch(f.editor, item.id, {{"body", "v2"}});
    (void)f.delivery().publish(f.editor, item.id);
    // Inside the transaction the read sees the write, and is not stored.
    CHECK(f.delivery().get_published(item.id).data == json{{"body", "v2"}});
    throw rollback{};
  }),
                  rollback);
  json got;
  CHECK(f.statements_of([&] { got = delivered(f.delivery(), item.id); }) > 0);
  CHECK(got["data"] == json{{"body", "v1"}});
  CHECK(got == delivered(f.content(), item.id));
  CHECK(f.statements_of([&] { (void)f.delivery().get_published(item.id); }) == 0);
}

TEST_CASE("a cache entry expires after its TTL by the store's clock", "[query-cache]") {
  cache_fixture f(cms::query_cache_options{.ttl = milliseconds(500)});
  const auto item = f.published("Post");
  (void)f.delivery().get_published(item.id);
  f.ms.clock.advance(milliseconds(499));
  CHECK(f.statements_of([&] { (void)f.delivery().get_published(item.id); }) == 0);
  f.ms.clock.advance(milliseconds(1));
  CHECK(f.statements_of([&] { (void)f.delivery().get_published(item.id); }) > 0);
}

TEST_CASE("the size bounds evict the least recently used entry", "[query-cache]") {
  SECTION("by entries") {
    cache_fixture f(cms::query_cache_options{.max_entries = 2});
    const auto a = f.published("A");
    const auto b = f.published("B");
    const auto c = f.published("C");
    (void)f.delivery().get_published(a.id);
    (void)f.delivery().get_published(b.id);
    (void)f.delivery().get_published(a.id);  // a is now the most recent
    (void)f.delivery().get_published(c.id);  // evicts b
    CHECK(f.cached.cache()->size() == 2);
    CHECK(f.cached.cache()->stats().evictions == 1);
    CHECK(f.statements_of([&] { (void)f.delivery().get_published(a.id); }) == 0);
    CHECK(f.statements_of([&] { (void)f.delivery().get_published(b.id); }) > 0);
  }
  SECTION("by bytes") {
    cache_fixture f(cms::query_cache_options{.max_bytes = 3000});
    const auto a = f.published("A", {{"body", std::string(1200, 'a')}});
    const auto b = f.published("B", {{"body", std::string(1200, 'b')}});
    (void)f.delivery().get_published(a.id);
    (void)f.delivery().get_published(b.id);  // a + b exceed 3000 bytes of JSON: a goes
    CHECK(f.cached.cache()->size() == 1);
    CHECK(f.cached.cache()->bytes() <= 3000);
    CHECK(f.statements_of([&] { (void)f.delivery().get_published(b.id); }) == 0);
    CHECK(f.statements_of([&] { (void)f.delivery().get_published(a.id); }) > 0);
  }
}

TEST_CASE("a second tier is consulted on a miss and told about writes", "[query-cache]") {
  auto tier = std::make_shared<memory_tier>();
  cache_fixture f(cms::query_cache_options{.second_tier = tier});
  const auto item = f.published("Post", {{"body", "v1"}});
  (void)f.delivery().get_published(item.id);
  CHECK(tier->puts == 1);
  REQUIRE(tier->values.size() == 1);

  // Another process's store: its own memory is empty, the shared tier answers without SQL.
  f.ms.clock.advance(milliseconds(1));
  cms::store other(f.db(), {.clock = [&] { return f.ms.now(); }, .migrate = false,
                            .cache = cms::query_cache_options{.second_tier = tier}});
  json got;
  CHECK(f.statements_of([&] { got = delivered(other.content(), item.id); }) == 0);
  CHECK(got["data"] == json{{"body", "v1"}});
  CHECK(other.cache()->stats().second_tier_hits == 1);

  // A write drops the tier's values of the tables it touched before the next read.
  tier->invalidated.clear();
  (void)f.delivery().patch(f.editor, item.id, {{"body", "v2"}});
  (void)f.delivery().publish(f.editor, item.id);
  CHECK(f.statements_of([&] { got = delivered(f.delivery(), item.id); }) > 0);
  CHECK(got["data"] == json{{"body", "v2"}});
  CHECK(tier->invalidated.contains("content"));
  CHECK(tier->invalidated.contains("content_versions"));

  // Inside a transaction the shared tier cannot hold the transaction's writes: not asked.
  const int gets = tier->gets;
  f.db().transaction([&] {
    (void)f.delivery().patch(f.editor, item.id, {{"body", "v3"}});
    (void)f.delivery().publish(f.editor, item.id);
    CHECK(delivered(other.content(), item.id)["data"] == json{{"body", "v3"}});
  });
  CHECK(tier->gets == gets);
}

TEST_CASE("a stale second-tier value read before a local write is not served", "[query-cache]") {
  auto tier = std::make_shared<memory_tier>();
  cache_fixture f(cms::query_cache_options{.second_tier = tier});
  const auto item = f.published("Post", {{"body", "v1"}});
  (void)f.delivery().get_published(item.id);
  const auto stale = tier->values;  // what a slower process would put back after our write
  f.ms.clock.advance(milliseconds(1));
  (void)f.delivery().unpublish(f.editor, item.id);
  CHECK(delivered(f.delivery(), item.id) == "not_found");
  tier->values = stale;
  f.cached.cache()->clear();
  CHECK(delivered(f.delivery(), item.id) == "not_found");
}

TEST_CASE("list_published delivers a collection's public items newest publication first", "[content][CR-11]") {
  cache_fixture f;
  auto repo = f.content();
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(f.published("Post " + std::to_string(i), {{"body", "v1"}}).id);
    f.ms.clock.advance(milliseconds(10));
  }
  (void)repo.patch(f.editor, ids[4], {{"body", "head only"}});  // the head changes, not the delivered form
  const auto page1 = repo.list_published({.collection_id = f.blog, .limit = 2});
  REQUIRE(page1.items.size() == 2);
  CHECK(page1.items[0].id == ids[4]);
  CHECK(page1.items[0].data == json{{"body", "v1"}});
  CHECK(page1.items[1].id == ids[3]);
  REQUIRE(page1.next_cursor);
  const auto page2 = repo.list_published({.collection_id = f.blog, .limit = 2, .cursor = page1.next_cursor});
  REQUIRE(page2.items.size() == 2);
  CHECK(page2.items[0].id == ids[2]);
  const auto page3 = repo.list_published({.collection_id = f.blog, .limit = 2, .cursor = page2.next_cursor});
  REQUIRE(page3.items.size() == 1);
  CHECK(page3.items[0].id == ids[0]);
  CHECK(!page3.next_cursor);

  SECTION("hides what get_published hides") {
    (void)repo.unpublish(f.editor, ids[0]);
    (void)repo.archive(f.editor, ids[1]);
    (void)repo.soft_delete(f.editor, ids[2]);
    (void)repo.set_publish_window(f.editor, ids[3], f.ms.now() + milliseconds(100), std::nullopt);
    (void)f.post("Draft");
    auto visible = repo.list_published({.collection_id = f.blog});
    REQUIRE(visible.items.size() == 1);
    CHECK(visible.items[0].id == ids[4]);
    f.ms.clock.advance(milliseconds(100));
    CHECK(repo.list_published({.collection_id = f.blog}).items.size() == 2);
    // and the cached store agrees at each step, the window's opening included
    CHECK(delivered_list(f.delivery(), f.blog).size() == 2);
  }
  SECTION("a window's opening ends a cached page") {
    (void)repo.set_publish_window(f.editor, ids[3], f.ms.now() + milliseconds(100), std::nullopt);
    CHECK(delivered_list(f.delivery(), f.blog).size() == 4);
    f.ms.clock.advance(milliseconds(100));
    CHECK(delivered_list(f.delivery(), f.blog).size() == 5);
  }
  SECTION("an inactive collection delivers nothing, an unknown one is not_found") {
    f.db().update<cms::collection>().set(vellum::col<&cms::collection::is_active> = false)
        .where(vellum::col<&cms::collection::id> == f.blog).run();
    CHECK(repo.list_published({.collection_id = f.blog}).items.empty());
    CHECK_THROWS_AS(repo.list_published({.collection_id = "c-missing"}), vellum::not_found);
  }
  SECTION("a bad limit or cursor is a validation_error") {
    CHECK_THROWS_AS(repo.list_published({.collection_id = f.blog, .limit = 0}), vellum::validation_error);
    CHECK_THROWS_AS(repo.list_published({.collection_id = f.blog, .limit = 501}), vellum::validation_error);
    CHECK_THROWS_AS(repo.list_published({.collection_id = f.blog, .cursor = "!!"}), vellum::validation_error);
  }
  SECTION("another collection's items are not listed") {
    const auto elsewhere = f.add_collection("news");
    CHECK(repo.list_published({.collection_id = elsewhere}).items.empty());
  }
}
