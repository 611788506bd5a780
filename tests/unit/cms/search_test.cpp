// Full-text search (docs/repositories.md, "Search"): nested data indexed, writes and soft
// deletes reflected inside their own transaction, rolled-back writes leaving the index as it
// was, filters combined with the match, bad FTS5 syntax as validation_error, and an existing
// database indexed by its migration.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <vellum/cms/bundled_migrations.hpp>
#include <vellum/cms/search_repository.hpp>
#include <vellum/migrate.hpp>

#include "content_fixture.hpp"
#include "refusal.hpp"

namespace {

using namespace content_tests;
using vellum_test::refused;

struct search_fixture : content_fixture {
  cms::search_repository search() { return ms.store().search(); }
  /// Titles of the hits for `match`, best first.
  std::vector<std::string> titles(const std::string& match, cms::search_query q = {}) {
    q.match = match;
    std::vector<std::string> out;
    for (const auto& hit : search().search(q).hits) out.push_back(hit.item.title);
    return out;
  }
};

using titles_t = std::vector<std::string>;

}  // namespace

TEST_CASE("search: a word nested in data objects and arrays is found, ranked, with a snippet", "[cms][search]") {
  search_fixture f;
  const json section = {{"heading", "Day one"}, {"blocks", json::array({"We reached Zürich by night train"})}};
  f.post("Travel notes", {{"sections", json::array({section})}, {"count", 3}});
  f.post("Zurich guide", {{"body", "Where to eat"}});
  f.post("Unrelated", {{"body", "nothing here"}, {"zurich_key", 1}});  // keys are not text

  const auto found = f.search().search({.match = "zurich"});
  REQUIRE(found.hits.size() == 2);
  CHECK(found.hits[0].item.title == "Zurich guide");  // a title hit outranks a body hit
  CHECK(found.hits[1].item.title == "Travel notes");
  CHECK(found.hits[0].score <= found.hits[1].score);
  CHECK(found.hits[1].snippet.find("<mark>Zürich</mark>") != std::string::npos);
  CHECK(found.hits[1].item.data["count"] == 3);  // the whole item comes back
  CHECK_FALSE(found.next_offset);

  CHECK(f.titles("\"night train\"") == titles_t{"Travel notes"});
  CHECK(f.titles("trai*") == titles_t{"Travel notes"});
  CHECK(f.titles("title:zurich") == titles_t{"Zurich guide"});
  CHECK(f.titles("zurich NOT eat") == titles_t{"Travel notes"});
  CHECK(f.titles("zurich_key").empty());

  const auto first = f.search().search({.match = "zurich", .limit = 1});
  REQUIRE(first.next_offset == std::optional<std::int64_t>(1));
  const auto second = f.search().search({.match = "zurich", .limit = 1, .offset = 1});
  REQUIRE(second.hits.size() == 1);
  CHECK(second.hits[0].item.title == "Travel notes");
}

TEST_CASE("search: edits and soft deletes change the results inside their own transaction", "[cms][search][GX-1]") {
  search_fixture f;
  const auto post = f.post("Harbour", {{"body", "sailing boats"}});
  CHECK(f.titles("sailing") == titles_t{"Harbour"});

  SECTION("an edit leaves and enters the results") {
    f.db().transaction([&] {
      f.content().patch(f.editor, post.id, {{"body", "rowing boats"}});
      CHECK(f.titles("sailing").empty());
      CHECK(f.titles("rowing") == titles_t{"Harbour"});
    });
    f.content().update(f.editor, post.id, {.title = std::string("Marina")});
    CHECK(f.titles("harbour").empty());
    CHECK(f.titles("marina") == titles_t{"Marina"});
  }
  SECTION("a soft delete leaves, a restore enters; a purge removes the document") {
    f.db().transaction([&] {
      f.content().soft_delete(f.editor, post.id);
      CHECK(f.titles("sailing").empty());
    });
    f.content().restore_from_trash(f.editor, post.id);
    CHECK(f.titles("sailing") == titles_t{"Harbour"});
    f.content().purge(f.editor, post.id, true);
    CHECK(f.count<cms::content_search_doc>() == 0);
    CHECK(f.db().query_value<std::int64_t>("SELECT count(*) FROM content_search") == 0);
  }
  SECTION("a rolled-back write leaves the index unchanged") {
    const auto before = f.dump();
    struct stop {};
    CHECK_THROWS_AS(f.db().transaction([&] {
      f.content().patch(f.editor, post.id, {{"body", "rowing boats"}});
      (void)f.post("Second", {{"body", "rowing"}});
      CHECK(f.titles("rowing").size() == 2);
      throw stop{};
    }),
                    stop);
    CHECK(f.dump() == before);  // content_search's rows included
    CHECK(f.titles("rowing").empty());
    CHECK(f.titles("sailing") == titles_t{"Harbour"});
  }
  SECTION("a write refused by a check changes neither the item nor the index") {
    const auto before = f.dump();
    refused<vellum::conflict>(f.ms, [&] { (void)f.content().patch(f.editor, post.id, {{"body", "x"}}, 99); });
    CHECK(f.dump() == before);
  }
}

TEST_CASE("search: collection, status and locale filters combine with the match", "[cms][search][CR-12]") {
  search_fixture f;
  const auto pages = f.add_collection("pages");
  const auto a = f.post("Alpha river");
  (void)f.content().create(f.editor, {.collection_id = pages, .title = "Beta river"});
  (void)f.content().create(f.editor, {.collection_id = f.blog, .title = "Gamma river", .locale = "fr"});
  f.content().publish(f.editor, a.id);

  CHECK(f.titles("river").size() == 3);
  CHECK(f.titles("river", {.collection_id = pages}) == titles_t{"Beta river"});
  CHECK(f.titles("river", {.status = cms::content_status::published}) == titles_t{"Alpha river"});
  CHECK(f.titles("river", {.locale = std::string("fr")}) == titles_t{"Gamma river"});
  CHECK(f.titles("river", {.collection_id = pages, .locale = std::string("fr")}).empty());
}

TEST_CASE("search: a query FTS5 cannot parse is a validation error and changes nothing", "[cms][search]") {
  search_fixture f;
  (void)f.post("Hello", {{"body", "world"}});
  const std::string bad[] = {"\"unbalanced", "AND OR", "nocolumn:x", "(open", "hello AND", "NEAR(", "*",
                             std::string("hel\0lo", 6), "", "   ", std::string(1001, 'a')};
  for (const auto& match : bad) {
    INFO("match: " << match);
    const auto e = refused<vellum::validation_error>(f.ms, [&] { (void)f.search().search({.match = match}); });
    CHECK(e.fields().contains("match"));
  }
  refused<vellum::validation_error>(f.ms, [&] { (void)f.search().search({.match = "hello", .limit = 0}); });
  refused<vellum::validation_error>(f.ms, [&] { (void)f.search().search({.match = "hello", .offset = -1}); });
  // Quoted, the same characters are words to find.
  CHECK(f.titles("\"AND OR\"").empty());
  CHECK(f.titles("\"hello\" OR \"nocolumn:x\"") == titles_t{"Hello"});
}

TEST_CASE("search: the migration indexes the items a database already holds", "[cms][search]") {
  vellum::database db{":memory:"};
  vellum::migrate::migration_runner runner{db, vellum::migrate::load_embedded(vellum::cms::detail::bundled_migrations())};
  runner.up_to("3");
  db.execute(
      "INSERT INTO users (id, email, username, role, created_at, updated_at) VALUES ('u', 'u@x.org', 'u', 'admin', 1, 1);"
      "INSERT INTO collections (id, name, display_name, schema, created_at, updated_at) "
      "VALUES ('c', 'posts', 'Posts', '{\"properties\":{}}', 1, 1);"
      "INSERT INTO content (id, collection_id, slug, title, data, status, author_id, created_at, updated_at) VALUES "
      "('p1', 'c', 'old-one', 'Old one', '{\"blocks\":[{\"text\":\"legacy lighthouse\"}]}', 'draft', 'u', 1, 1),"
      "('p2', 'c', 'old-two', 'Old two', '{}', 'draft', 'u', 2, 2)");
  runner.up();
  vellum::cms::store store{db, {.migrate = false}};
  const auto found = store.search().search({.match = "lighthouse"});
  REQUIRE(found.hits.size() == 1);
  CHECK(found.hits[0].item.id == "p1");
  CHECK(store.search().search({.match = "old"}).hits.size() == 2);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM content_search_docs") == 2);
}
