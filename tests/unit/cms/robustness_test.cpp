// Content under stress: racing writers on two connections (VR-2, CR-3), failures injected in the
// middle of a mutation (GX-1), and bad input that must leave the database byte-for-byte as it
// was (issue 5's Done-when 3, 4 and 5).
#include <catch2/catch.hpp>

#include <atomic>
#include <functional>
#include <latch>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "content_fixture.hpp"

using namespace content_tests;
using vellum::col;

namespace {

// ---------------------------------------------------------------------------------------------
// Two connections on one WAL file

/// One writer: its own connection and store, as a second process or thread would have.
struct writer {
  explicit writer(const std::string& url, std::string prefix)
      : db(url), store(db, cms::store_options{.clock = [this] { return vellum::unix_millis(std::chrono::milliseconds(++tick)); },
                                               .new_id = [this, prefix] { return prefix + std::to_string(++ids); }}) {}
  std::int64_t tick = 1'000'000;
  std::int64_t ids = 0;
  cms_backend::database db;
  cms_backend::store store;
};

enum class outcome { ok, conflict_revision, conflict_slug, other };

outcome run_catching(const std::function<void()>& call) {
  try {
    call();
    return outcome::ok;
  } catch (const vellum::conflict& e) {
    return e.field() == "revision" ? outcome::conflict_revision
           : e.field() == "slug"   ? outcome::conflict_slug
                                   : outcome::other;
  } catch (const std::exception&) {
    return outcome::other;
  }
}

/// Runs a and b on two threads released together by a latch; returns their outcomes.
std::pair<outcome, outcome> race(const std::function<void()>& a, const std::function<void()>& b) {
  std::latch start(2);
  outcome ra = outcome::other;
  outcome rb = outcome::other;
  std::thread ta([&] {
    start.arrive_and_wait();
    ra = run_catching(a);
  });
  std::thread tb([&] {
    start.arrive_and_wait();
    rb = run_catching(b);
  });
  ta.join();
  tb.join();
  return {ra, rb};
}

struct shared_file {
  cms_backend::shared_database shared;
  std::unique_ptr<writer> a;
  std::unique_ptr<writer> b;
  std::string collection_id = "c-blog";
  shared_file() {
    a = std::make_unique<writer>(shared.url(), "a-");
    b = std::make_unique<writer>(shared.url(), "b-");
    a->db.insert(make_user("u-a", cms::user_role::editor));
    a->db.insert(make_user("u-b", cms::user_role::editor));
    cms::collection c;
    c.id = collection_id;
    c.name = "blog";
    c.display_name = "Blog";
    c.schema = {{"properties", json::object()}};
    a->db.insert(c);
  }
};

// ---------------------------------------------------------------------------------------------
// Failure injection

/// A store on `db` whose clock or id generator throws on its n-th call after arm_*().
struct failing_store {
  struct injected_failure : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  explicit failing_store(cms_backend::database& db)
      : store(db, cms::store_options{.clock = [this] { return next_time(); },
                                     .new_id = [this] { return next_id(); },
                                     .migrate = false}) {}

  void arm_clock(int nth) {
    disarm();
    clock_fail_at = nth;
  }
  void arm_ids(int nth) {
    disarm();
    id_fail_at = nth;
  }
  void disarm() {
    clock_calls = 0;
    id_calls = 0;
    clock_fail_at = 0;
    id_fail_at = 0;
  }

  int clock_calls = 0;
  int id_calls = 0;
  int clock_fail_at = 0;
  int id_fail_at = 0;
  int issued = 0;
  cms_backend::store store;

 private:
  vellum::unix_millis next_time() {
    if (++clock_calls == clock_fail_at) throw injected_failure("injected clock failure");
    return vellum::unix_millis(std::chrono::milliseconds(2'000'000 + issued));
  }
  std::string next_id() {
    if (++id_calls == id_fail_at) throw injected_failure("injected id failure");
    return "f-" + std::to_string(++issued);
  }
};

/// Calls `op` with the n-th new id failing, n = 1, 2, … until it succeeds (every insert takes an
/// id, so each step of the mutation fails once); every failed attempt must leave the dump as it
/// was. Returns how many attempts failed.
int fail_at_every_step(content_fixture& f, failing_store& fs, const std::function<void()>& op) {
  for (int n = 1;; ++n) {
    fs.arm_ids(n);
    const auto before = f.dump();
    try {
      op();
    } catch (const failing_store::injected_failure&) {
      CHECK(f.dump() == before);
      continue;
    }
    fs.disarm();
    return n - 1;  // the op went through: the caller checks what it did
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------

TEST_CASE("two connections saving one item at the same revision: one wins, one conflicts", "[robustness][VR-2][GX-3][concurrency]") {
  shared_file file;
  const auto item = file.a->store.content().create(cms::actor::user("u-a"), {.collection_id = file.collection_id,
                                                                             .title = "Race"});
  constexpr int rounds = 12;
  for (int round = 0; round < rounds; ++round) {
    const auto current = file.a->store.content().get(item.id);
    const auto [ra, rb] = race(
        [&] {
          (void)file.a->store.content().patch(cms::actor::user("u-a"), item.id, {{"a", round}}, current.revision);
        },
        [&] {
          (void)file.b->store.content().patch(cms::actor::user("u-b"), item.id, {{"b", round}}, current.revision);
        });
    const int wins = (ra == outcome::ok) + (rb == outcome::ok);
    const int conflicts = (ra == outcome::conflict_revision) + (rb == outcome::conflict_revision);
    CHECK(wins == 1);
    CHECK(conflicts == 1);
  }
  const auto numbers = file.a->db.select(col<&cms::content_version::version>)
                           .from<cms::content_version>()
                           .where(col<&cms::content_version::content_id> == item.id)
                           .order_by(col<&cms::content_version::version>)
                           .all();
  std::vector<std::int64_t> expected;
  for (int v = 1; v <= rounds + 1; ++v) expected.push_back(v);
  CHECK(numbers == expected);
  CHECK(file.b->store.content().get(item.id).head_version == rounds + 1);
  CHECK(file.b->store.content().get(item.id).revision == rounds + 1);

  SECTION("without an expected revision both saves land, numbered without gap or duplicate") {
    const auto [ra, rb] = race([&] { (void)file.a->store.content().patch(cms::actor::user("u-a"), item.id, {{"x", 1}}); },
                               [&] { (void)file.b->store.content().patch(cms::actor::user("u-b"), item.id, {{"y", 1}}); });
    CHECK(ra == outcome::ok);
    CHECK(rb == outcome::ok);
    const auto after = file.a->db.select(col<&cms::content_version::version>)
                           .from<cms::content_version>()
                           .where(col<&cms::content_version::content_id> == item.id)
                           .order_by(col<&cms::content_version::version>)
                           .all();
    expected.push_back(rounds + 2);
    expected.push_back(rounds + 3);
    CHECK(after == expected);
  }
}

TEST_CASE("two connections creating the same slug: one conflict{slug}", "[robustness][CR-3][concurrency]") {
  shared_file file;
  constexpr int rounds = 8;
  for (int round = 0; round < rounds; ++round) {
    const std::string slug = "same-" + std::to_string(round);
    const auto [ra, rb] = race(
        [&] {
          (void)file.a->store.content().create(cms::actor::user("u-a"),
                                               {.collection_id = file.collection_id, .title = "A", .slug = slug});
        },
        [&] {
          (void)file.b->store.content().create(cms::actor::user("u-b"),
                                               {.collection_id = file.collection_id, .title = "B", .slug = slug});
        });
    CHECK((ra == outcome::ok) + (rb == outcome::ok) == 1);
    CHECK((ra == outcome::conflict_slug) + (rb == outcome::conflict_slug) == 1);
  }
  CHECK(file.a->db.select(vellum::count()).from<cms::content>().one() == rounds);
  CHECK(file.a->db.select(vellum::count()).from<cms::content_version>().one() == rounds);
}

TEST_CASE("a multi-read operation reads one snapshot: a write committed between its reads is not seen",
          "[robustness][snapshot]") {
  shared_file file;
  const auto editor = cms::actor::user("u-a");
  const auto item = file.a->store.content().create(editor, {.collection_id = file.collection_id, .title = "Snap"});
  // Right after versions().list's first read (the item), the other connection saves version 2.
  bool written = false;
  file.a->db.set_logger([&](const vellum::query_event& e) {
    if (written || !e.sql.starts_with("SELECT")) return;
    written = true;
    (void)file.b->store.content().patch(cms::actor::user("u-b"), item.id, {{"b", 1}});
  });
  const auto page = file.a->store.versions().list(item.id, {});
  file.a->db.set_logger(nullptr);
  REQUIRE(written);
  REQUIRE(page.versions.size() == 1);  // the snapshot of the first read: version 2 came after it
  CHECK(page.versions[0].version == 1);
  CHECK(file.a->store.versions().list(item.id, {}).versions.size() == 2);  // the next call sees it
}

TEST_CASE("a failure at any step of a mutation leaves nothing behind", "[robustness][GX-1]") {
  content_fixture f;
  failing_store fs(f.db());
  const auto who = cms::actor::user("u-editor");
  auto& s = fs.store;
  const auto item = f.post("Post", {{"a", 1}});
  (void)f.content().publish(f.editor, item.id);

  SECTION("create: item, version 1, workflow state, history and audit") {
    const auto before_rows = f.count<cms::content>();
    CHECK(fail_at_every_step(f, fs, [&] {
            (void)s.content().create(who, {.collection_id = f.blog, .title = "New"});
          }) == 5);  // five ids: item, version, state, history, audit
    CHECK(f.count<cms::content>() == before_rows + 1);
  }
  SECTION("update after the version insert") {
    CHECK(fail_at_every_step(f, fs, [&] { (void)s.content().patch(who, item.id, {{"a", 2}}); }) == 2);  // version, audit
    CHECK(f.content().get(item.id).head_version == 2);
  }
  SECTION("restore: version, history row, audit") {
    (void)f.content().patch(f.editor, item.id, {{"a", 2}});
    CHECK(fail_at_every_step(f, fs, [&] { (void)s.versions().restore(who, item.id, 1); }) == 3);  // + history
    CHECK(f.content().get(item.id).head_version == 3);
  }
  SECTION("publish, delete, restore from trash, purge, duplicate") {
    (void)f.content().patch(f.editor, item.id, {{"a", 3}});
    CHECK(fail_at_every_step(f, fs, [&] { (void)s.content().publish(who, item.id); }) == 1);
    CHECK(fail_at_every_step(f, fs, [&] { (void)s.content().soft_delete(who, item.id); }) == 1);
    CHECK(fail_at_every_step(f, fs, [&] { (void)s.content().restore_from_trash(who, item.id); }) == 1);
    CHECK(fail_at_every_step(f, fs, [&] { (void)s.content().duplicate(who, item.id); }) == 5);
    CHECK(fail_at_every_step(f, fs, [&] { s.content().purge(who, item.id, true); }) == 1);
    CHECK(!f.content().find(item.id, true));
  }
  SECTION("the item, versions, history and audit are exactly as before a failed save") {
    fs.arm_clock(2);  // the first call stamps the save; the second is the audit's
    const auto before = f.dump();
    CHECK_THROWS_AS(s.content().patch(who, item.id, {{"a", 9}}), failing_store::injected_failure);
    CHECK(f.dump() == before);
    CHECK(f.content().get(item.id).data == json{{"a", 1}});
    CHECK(f.versions_of(item.id) == 1);
  }
}

TEST_CASE("bad input gets a typed error and changes nothing", "[robustness][CR-1][CR-2][CR-8]") {
  content_fixture f;
  const auto strict = f.add_collection("strict", strict_schema(true));
  (void)f.post("Existing", {{"body", "x"}});
  const auto before = f.dump();
  const auto refused = [&](auto&& call) -> std::optional<vellum::validation_error> {
    std::optional<vellum::validation_error> error;
    try {
      call();
    } catch (const vellum::validation_error& e) {
      error = e;
    }
    CHECK(f.dump() == before);
    return error;
  };

  SECTION("data that is not JSON, or not an object") {
    const auto e = refused([&] { (void)cms::parse_content_data("{\"body\": "); });
    REQUIRE(e);
    CHECK(e->fields().contains("data"));
    CHECK(refused([&] { (void)cms::parse_content_data("[1, 2]"); }));
    CHECK(refused([&] { (void)f.content().create(f.editor, {.collection_id = f.blog, .title = "x", .data = json::array()}); }));
    CHECK(refused([&] { (void)f.content().create(f.editor, {.collection_id = f.blog, .title = "x", .data = "text"}); }));
    CHECK(refused([&] {
      (void)f.content().create(f.editor, {.collection_id = f.blog, .title = "x", .data = {{"bad", "\xff\xfe"}}});
    }));
    CHECK(cms::parse_content_data(R"({"body": "ok"})") == json{{"body", "ok"}});
  }
  SECTION("unknown collection") {
    CHECK_THROWS_AS(f.content().create(f.editor, {.collection_id = "c-none", .title = "x"}), vellum::not_found);
    CHECK(f.dump() == before);
  }
  SECTION("invalid slugs, SQL injection among them") {
    for (const std::string& slug : std::vector<std::string>{"Upper", "with space", "a--b", "-lead", "trail-", "",
                                                            "x'; DROP TABLE content; --", std::string(101, 'a'),
                                                            "caf\xc3\xa9"}) {
      const auto e = refused([&] {
        (void)f.content().create(f.editor, {.collection_id = f.blog, .title = "x", .slug = slug});
      });
      REQUIRE(e);
      CHECK(e->fields().contains("slug"));
    }
  }
  SECTION("a data field of the wrong type, a missing required field: every field listed") {
    const auto e = refused([&] {
      (void)f.content().create(f.editor, {.collection_id = strict, .title = "x", .data = {{"count", "seven"}}});
    });
    REQUIRE(e);
    CHECK(e->fields().size() >= 2);
  }
  SECTION("a 10 MB title") {
    const auto e = refused([&] {
      (void)f.content().create(f.editor, {.collection_id = f.blog, .title = std::string(10 * 1024 * 1024, 't')});
    });
    REQUIRE(e);
    CHECK(e->fields().contains("title"));
    const auto id = f.content().list({}).items.at(0).id;
    CHECK(refused([&] { (void)f.content().update(f.editor, id, {.title = std::string(10 * 1024 * 1024, 't')}); }));
  }
  SECTION("empty or invalid titles, locales, meta, limits") {
    CHECK(refused([&] { (void)f.content().create(f.editor, {.collection_id = f.blog, .title = "   "}); }));
    CHECK(refused([&] { (void)f.content().create(f.editor, {.collection_id = f.blog, .title = "bad \xc0\xaf"}); }));
    CHECK(refused([&] { (void)f.content().create(f.editor, {.collection_id = f.blog, .title = "x", .locale = "e"}); }));
    CHECK(refused([&] {
      (void)f.content().create(f.editor, {.collection_id = f.blog, .title = "x", .locale = "en;DROP"});
    }));
    CHECK(refused([&] {
      (void)f.content().create(f.editor,
                               {.collection_id = f.blog, .title = "x", .meta = {.featured_image_id = "no-media"}});
    }));
    CHECK(refused([&] { (void)f.content().list({.limit = 100000}); }));
  }
  SECTION("SQL injection in text is stored as text, harmlessly") {
    const std::string evil = "Robert'); DROP TABLE content; --";
    const auto item = f.content().create(f.editor, {.collection_id = f.blog, .title = evil, .data = {{"body", evil}}});
    CHECK(item.slug == "robert-drop-table-content");
    CHECK(f.content().get(item.id).title == evil);
    CHECK(f.content().get(item.id).data == json{{"body", evil}});
    CHECK(f.content().list({.text = evil}).items.size() == 1);
    CHECK(f.count<cms::content>() == 2);
  }
}
