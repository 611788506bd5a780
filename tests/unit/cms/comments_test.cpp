// Comments (docs/repositories.md, "Comments"): threads in display order with keyset pages,
// moderation, counts per status, refusals that change nothing, comments purged with their item.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <vellum/cms/comment_repository.hpp>
#include <vellum/core/query_event.hpp>

#include "content_fixture.hpp"
#include "refusal.hpp"

namespace {

using namespace content_tests;
using cms::comment_status;
using vellum_test::refused;

struct comments_fixture : content_fixture {
  cms::actor viewer = cms::actor::user("u-viewer");
  comments_fixture() { ms.db().insert(make_user("u-viewer", cms::user_role::viewer)); }

  auto comments() { return ms.store().comments(); }
  cms::comment say(const cms::actor& who, const std::string& item, const std::string& text,
                   std::optional<std::string> parent = std::nullopt) {
    ms.clock.advance(std::chrono::seconds(1));
    return comments().create(who, {.content_id = item, .text = text, .parent_id = std::move(parent)});
  }
  std::vector<std::string> texts(const cms::thread_page& page) {
    std::vector<std::string> out;
    for (const auto& e : page.entries) out.push_back(std::string(static_cast<std::size_t>(e.depth) * 2, ' ') + e.item.content);
    return out;
  }
};

}  // namespace

TEST_CASE("comments: a thread lists roots by time with their replies under them, in keyset pages",
          "[cms][comments]") {
  comments_fixture f;
  const auto post = f.post("Hello");
  const auto a = f.say(f.viewer, post.id, "a");
  const auto b = f.say(f.author, post.id, "b");
  const auto a1 = f.say(f.editor, post.id, "a1", a.id);
  const auto b1 = f.say(f.viewer, post.id, "b1", b.id);
  const auto a1x = f.say(f.viewer, post.id, "a1x", a1.id);
  const auto a2 = f.say(f.author, post.id, "a2", a.id);
  const auto hidden = f.say(f.viewer, post.id, "hidden reply", b.id);  // stays pending
  CHECK(a.status == comment_status::pending);
  CHECK(a.user_id == std::optional<std::string>("u-viewer"));
  for (const auto& c : {a, b, a1, b1, a1x, a2}) f.comments().moderate(f.editor, c.id, comment_status::approved);

  const std::vector<std::string> display = {"a", "  a1", "    a1x", "  a2", "b", "  b1"};
  CHECK(f.texts(f.comments().thread({.content_id = post.id})) == display);

  // Pages of two, each after the previous page's cursor, add up to the same order.
  std::vector<std::string> paged;
  std::optional<std::string> cursor;
  int pages = 0;
  do {
    const auto page = f.comments().thread({.content_id = post.id, .limit = 2, .cursor = cursor});
    CHECK(page.entries.size() <= 2);
    for (const auto& line : f.texts(page)) paged.push_back(line);
    cursor = page.next_cursor;
    ++pages;
  } while (cursor);
  CHECK(paged == display);
  CHECK(pages == 3);

  // Moderators see the pending reply too, in its place.
  const auto all = f.comments().thread(
      {.content_id = post.id, .statuses = {comment_status::approved, comment_status::pending}});
  CHECK(f.texts(all) == std::vector<std::string>{"a", "  a1", "    a1x", "  a2", "b", "  b1", "  hidden reply"});
  CHECK(f.comments().get(hidden.id).status == comment_status::pending);
}

TEST_CASE("comments: moderation moves pending to approved, spam or deleted and is audited", "[cms][comments][GX-7]") {
  comments_fixture f;
  const auto post = f.post("Hello");
  const auto c = f.say(f.viewer, post.id, "nice");
  f.ms.clock.advance(std::chrono::minutes(1));
  const auto approved = f.comments().moderate(f.editor, c.id, comment_status::approved);
  CHECK(approved.status == comment_status::approved);
  CHECK(approved.updated_at == f.ms.now());
  CHECK(f.comments().moderate(f.editor, c.id, comment_status::spam).status == comment_status::spam);
  CHECK(f.comments().moderate(f.editor, c.id, comment_status::approved).status == comment_status::approved);
  CHECK(f.comments().moderate(f.editor, c.id, comment_status::deleted).status == comment_status::deleted);
  const auto trail = vellum_test::audit_of(f.ms, "comment", c.id);
  REQUIRE(trail.size() == 5);
  CHECK(trail[0].action == "comment.create");
  CHECK(trail[1].action == "comment.moderate");
  CHECK(trail[1].data == std::optional<nlohmann::json>({{"from", "pending"}, {"to", "approved"}, {"content_id", post.id}}));

  // An author moderates comments on their own items only (content.update_own).
  const auto own = f.content().create(f.author, {.collection_id = f.blog, .title = "Mine"});
  const auto on_own = f.say(f.viewer, own.id, "on yours");
  CHECK(f.comments().moderate(f.author, on_own.id, comment_status::approved).status == comment_status::approved);
  const auto on_other = f.say(f.viewer, post.id, "on theirs");
  refused<vellum::forbidden>(f.ms, [&] { (void)f.comments().moderate(f.author, on_other.id, comment_status::approved); });
}

TEST_CASE("comments: refused creates and moderations change nothing", "[cms][comments]") {
  comments_fixture f;
  const auto post = f.post("Hello");
  const auto other = f.post("Other");
  const auto on_other = f.say(f.viewer, other.id, "elsewhere");
  const auto gone = f.post("Gone");
  f.content().soft_delete(f.editor, gone.id);

  SECTION("a parent comment of another item") {
    const auto e = refused<vellum::validation_error>(
        f.ms, [&] { (void)f.say(f.viewer, post.id, "reply", on_other.id); });
    CHECK(e.fields().contains("parent_id"));
  }
  SECTION("a missing parent comment") {
    refused<vellum::not_found>(f.ms, [&] { (void)f.say(f.viewer, post.id, "reply", std::string("nope")); });
  }
  SECTION("a reply to a deleted comment") {
    f.comments().moderate(f.editor, on_other.id, comment_status::deleted);
    refused<vellum::invalid_state>(f.ms, [&] { (void)f.say(f.viewer, other.id, "reply", on_other.id); });
  }
  SECTION("a missing or soft-deleted item") {
    refused<vellum::not_found>(f.ms, [&] { (void)f.say(f.viewer, "no-such-item", "hi"); });
    refused<vellum::not_found>(f.ms, [&] { (void)f.say(f.viewer, gone.id, "hi"); });
  }
  SECTION("blank or oversized text, an anonymous comment without a name") {
    auto e = refused<vellum::validation_error>(f.ms, [&] { (void)f.say(f.viewer, post.id, "  "); });
    CHECK(e.fields().contains("text"));
    refused<vellum::validation_error>(f.ms, [&] { (void)f.say(f.viewer, post.id, std::string(10001, 'x')); });
    e = refused<vellum::validation_error>(f.ms, [&] { (void)f.say(f.job, post.id, "anonymous"); });
    CHECK(e.fields().contains("author_name"));
    const auto anon = f.comments().create(f.job, {.content_id = post.id, .text = "hi", .author_name = "Ann"});
    CHECK_FALSE(anon.user_id);
  }
  SECTION("a bad moderation transition") {
    f.comments().moderate(f.editor, on_other.id, comment_status::deleted);
    const auto e = refused<vellum::invalid_transition>(
        f.ms, [&] { (void)f.comments().moderate(f.editor, on_other.id, comment_status::approved); });
    CHECK(e.from() == "deleted");
    CHECK(e.to() == "approved");
    const auto fresh = f.say(f.viewer, post.id, "fresh");
    refused<vellum::invalid_transition>(
        f.ms, [&] { (void)f.comments().moderate(f.editor, fresh.id, comment_status::pending); });
    f.comments().moderate(f.editor, fresh.id, comment_status::approved);
    refused<vellum::invalid_transition>(
        f.ms, [&] { (void)f.comments().moderate(f.editor, fresh.id, comment_status::approved); });
  }
  SECTION("a viewer moderating, an unknown comment, a malformed cursor") {
    refused<vellum::forbidden>(f.ms, [&] { (void)f.comments().moderate(f.viewer, on_other.id, comment_status::spam); });
    refused<vellum::not_found>(f.ms, [&] { (void)f.comments().moderate(f.editor, "nope", comment_status::spam); });
    refused<vellum::validation_error>(
        f.ms, [&] { (void)f.comments().thread({.content_id = post.id, .cursor = std::string("x'; DROP")}); });
    refused<vellum::validation_error>(f.ms, [&] { (void)f.comments().thread({.content_id = post.id, .limit = 0}); });
  }
  SECTION("the thread of an unknown item is not_found; an item without comments has an empty one") {
    refused<vellum::not_found>(f.ms, [&] { (void)f.comments().thread({.content_id = "nope"}); });
    CHECK(f.comments().thread({.content_id = f.post("Quiet").id}).entries.empty());
  }
}

TEST_CASE("comments: counts per status are one statement", "[cms][comments]") {
  comments_fixture f;
  const auto post = f.post("Hello");
  const auto other = f.post("Other");
  const auto statuses = {comment_status::approved, comment_status::approved, comment_status::spam,
                         comment_status::deleted, comment_status::pending};
  for (const auto status : statuses) {
    const auto c = f.say(f.viewer, post.id, "x");
    if (status != comment_status::pending) f.comments().moderate(f.editor, c.id, status);
  }
  (void)f.say(f.viewer, other.id, "y");

  int statements = 0;
  f.db().set_logger([&](const vellum::query_event&) { ++statements; });
  const auto counts = f.comments().counts(post.id);
  CHECK(statements == 1);
  f.db().set_logger({});
  CHECK(counts == cms::comment_counts{.pending = 1, .approved = 2, .spam = 1, .deleted = 1});
  CHECK(f.comments().counts().total() == 6);
  CHECK(f.comments().counts(std::string_view("no-such-item")).total() == 0);
}

TEST_CASE("comments: purging an item removes its comments, replies included", "[cms][comments][CR-16]") {
  comments_fixture f;
  const auto post = f.post("Hello");
  const auto keep = f.post("Keep");
  const auto root = f.say(f.viewer, post.id, "root");
  (void)f.say(f.viewer, post.id, "reply", root.id);
  (void)f.say(f.viewer, keep.id, "stays");
  f.content().soft_delete(f.editor, post.id);
  f.content().purge(f.editor, post.id);
  CHECK(f.count<cms::comment>() == 1);
  CHECK(f.comments().counts(keep.id).total() == 1);
}
