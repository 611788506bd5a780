// Full-text search (docs/repositories.md, "Search"): nested data indexed, writes and soft
// deletes reflected inside their own transaction, rolled-back writes leaving the index as it
// was, filters combined with the match, bad FTS5 syntax as validation_error, and an existing
// database indexed by its migration.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
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
  auto search() { return ms.store().search(); }
  /// Titles of the hits for `match`, best first.
  std::vector<std::string> titles(const std::string& match, cms::search_query q = {}) {
    q.match = match;
    std::vector<std::string> out;
    for (const auto& hit : search().search(q).hits) out.push_back(hit.item.title);
    return out;
  }
};

using titles_t = std::vector<std::string>;

#ifndef VELLUM_TEST_BACKEND_POSTGRES
/// A runner whose migrations up to `version` have run on `db`, which then holds a user `u` and a
/// collection `c`.
vellum::migrate::migration_runner migrated_to(vellum::database& db, const std::string& version) {
  vellum::migrate::migration_runner runner{db, vellum::migrate::load_embedded(vellum::cms::detail::bundled_migrations())};
  runner.up_to(version);
  db.execute(
      "INSERT INTO users (id, email, username, role, created_at, updated_at) VALUES ('u', 'u@x.org', 'u', 'admin', 1, 1);"
      "INSERT INTO collections (id, name, display_name, schema, created_at, updated_at) "
      "VALUES ('c', 'posts', 'Posts', '{\"properties\":{}}', 1, 1);");
  return runner;
}
#endif

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
#ifdef VELLUM_TEST_BACKEND_POSTGRES
  // websearch_to_tsquery's syntax: phrases, OR and -word, no prefixes or columns (docs/postgres.md).
  CHECK(f.titles("zurich -eat") == titles_t{"Travel notes"});
  CHECK(f.titles("night OR eat").size() == 2);
#else
  CHECK(f.titles("trai*") == titles_t{"Travel notes"});
  CHECK(f.titles("title:zurich") == titles_t{"Zurich guide"});
  CHECK(f.titles("zurich NOT eat") == titles_t{"Travel notes"});
#endif
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
#ifndef VELLUM_TEST_BACKEND_POSTGRES
    CHECK(f.db().query_value<std::int64_t>("SELECT count(*) FROM content_search") == 0);  // the FTS5 table
#endif
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

TEST_CASE("search: a query the engine cannot parse is a validation error and changes nothing", "[cms][search]") {
  search_fixture f;
  (void)f.post("Hello", {{"body", "world"}});
  std::vector<std::string> bad = {std::string("hel\0lo", 6), "", "   ", std::string(1001, 'a')};
#ifndef VELLUM_TEST_BACKEND_POSTGRES
  // FTS5's query syntax; PostgreSQL's websearch_to_tsquery reads any text as words and operators.
  bad.insert(bad.end(), {"\"unbalanced", "AND OR", "nocolumn:x", "(open", "hello AND", "NEAR(", "*"});
#endif
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

#ifndef VELLUM_TEST_BACKEND_POSTGRES  // SQLite's migrations 003 and 005; PostgreSQL's 004 has its own tests
TEST_CASE("search: the migration indexes the items a database already holds", "[cms][search]") {
  vellum::database db{":memory:"};
  auto runner = migrated_to(db, "3");
  db.execute(
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
#endif

namespace {

/// Titles of a content().list page for the LIKE fallback: the order search_order::newest keeps.
titles_t listed_titles(search_fixture& f, const std::string& text) {
  titles_t out;
  for (const auto& item : f.content().list({.text = text, .limit = 100}).items) out.push_back(item.title);
  return out;
}

constexpr auto newest = cms::search_order::newest;

}  // namespace

TEST_CASE("search: newest order lists the most recently updated matches first, as content().list does",
          "[cms][search]") {
  search_fixture f;
  const auto pages_collection = f.add_collection("pages");
  using std::chrono::milliseconds;
  const auto at = [&](std::int64_t ms) { f.ms.clock.set(vellum::unix_millis(milliseconds(ms))); };
  at(1'000);
  const auto oldest = f.post("Oldest kite");
  at(5'000);
  (void)f.post("Kite c");  // three items of one millisecond: by id, descending
  (void)f.post("Kite a");
  (void)f.post("Kite b");
  at(9'000);
  const auto gone = f.post("Deleted kite");
  (void)f.content().create(f.editor, {.collection_id = pages_collection, .title = "Kite in pages"});
  at(3'000);  // a clock set back: the order follows updated_at, not the order of the writes
  (void)f.post("Kite from the past");
  at(7'000'000'000'000);  // past the last bucket (year 2191): these share it and still come in order
  (void)f.post("Kite of 2191");
  at(9'000'000'000'000);
  (void)f.post("Kite of 2255");
  at(20'000);
  f.content().soft_delete(f.editor, gone.id);
  at(30'000);
  f.content().patch(f.editor, oldest.id, {{"note", "touched"}});  // an edit moves it to the top
  (void)f.post("Unrelated");

  const auto found = f.search().search({.match = "kite", .order = newest});
  titles_t titles;
  for (const auto& hit : found.hits) titles.push_back(hit.item.title);
  CHECK(titles == listed_titles(f, "kite"));
  REQUIRE(titles.size() == 8);
  CHECK(titles_t(titles.begin(), titles.begin() + 4) ==
        titles_t{"Kite of 2255", "Kite of 2191", "Oldest kite", "Kite in pages"});
  CHECK(titles.back() == "Kite from the past");
  titles_t same_millisecond(titles.begin() + 4, titles.begin() + 7);
  std::sort(same_millisecond.begin(), same_millisecond.end());
  CHECK(same_millisecond == titles_t{"Kite a", "Kite b", "Kite c"});
  CHECK(found.hits[4].item.id > found.hits[5].item.id);
  CHECK(found.hits[5].item.id > found.hits[6].item.id);
  CHECK(f.titles("kite").size() == titles.size());  // relevance: the same matches
  CHECK_FALSE(found.next_offset);

  // Pages of two: the group of 5000 ms straddles a page boundary.
  titles_t paged;
  std::optional<std::int64_t> offset = 0;
  int pages = 0;
  while (offset) {
    const auto page = f.search().search({.match = "kite", .order = newest, .limit = 2, .offset = *offset});
    CHECK(page.hits.size() == 2);
    for (const auto& hit : page.hits) {
      paged.push_back(hit.item.title);
      CHECK(hit.score == 0);
      CHECK(hit.snippet.find("<mark>") != std::string::npos);  // later pages have snippets too
    }
    offset = page.next_offset;
    ++pages;
  }
  CHECK(pages == 4);
  CHECK(paged == titles);
  CHECK(f.search().search({.match = "kite", .order = newest, .offset = 8}).hits.empty());

  // Filters combine with the order.
  CHECK(f.titles("kite", {.collection_id = pages_collection, .order = newest}) == titles_t{"Kite in pages"});
  CHECK(f.titles("nothing", {.order = newest}).empty());
}

TEST_CASE("search: a word in most items: the newest page holds the newest matches, the ranked one the best",
          "[cms][search]") {
  search_fixture f;
  titles_t all;
  for (int i = 0; i < 60; ++i) {
    f.ms.clock.advance(std::chrono::seconds(1));
    const bool in_title = i % 10 == 3;
    const std::string title = (in_title ? "Common " : "Item ") + std::to_string(i);
    (void)f.post(title, {{"body", in_title ? "filler text" : "a common word"}});
    all.insert(all.begin(), title);
  }
  (void)f.post("Rare", {{"body", "seldom"}});

  const auto page = f.search().search({.match = "common", .order = newest, .limit = 20});
  titles_t titles;
  for (const auto& hit : page.hits) titles.push_back(hit.item.title);
  CHECK(titles == titles_t(all.begin(), all.begin() + 20));
  CHECK(page.next_offset == std::optional<std::int64_t>(20));
  const auto listed = listed_titles(f, "common");
  REQUIRE(listed.size() == 60);
  CHECK(titles == titles_t(listed.begin(), listed.begin() + 20));

  // Relevance: the six title hits first (a title hit weighs five body hits), whatever their age.
  const auto ranked = f.titles("common", {.limit = 6});
  CHECK(std::all_of(ranked.begin(), ranked.end(), [](const std::string& t) { return t.starts_with("Common "); }));
  CHECK(ranked.size() == 6);
}

#ifndef VELLUM_TEST_BACKEND_POSTGRES
TEST_CASE("search: migration 005 keys the documents of an indexed database by recency", "[cms][search]") {
  vellum::database db{":memory:"};
  auto runner = migrated_to(db, "4");
  db.execute(
      "INSERT INTO content (id, collection_id, slug, title, data, status, author_id, created_at, updated_at) VALUES "
      "('p1', 'c', 'one', 'Lamp one', '{}', 'draft', 'u', 1, 300),"
      "('p2', 'c', 'two', 'Lamp two', '{}', 'draft', 'u', 2, 100),"
      "('p3', 'c', 'three', 'Lamp three', '{}', 'draft', 'u', 3, 300),"
      "('p4', 'c', 'four', 'Lamp four', '{}', 'draft', 'u', 4, 200)");
  runner.up();
  vellum::cms::store store{db, {.migrate = false}};
  std::vector<std::string> ids;
  for (const auto& hit : store.search().search({.match = "lamp", .order = newest}).hits) ids.push_back(hit.item.id);
  CHECK(ids == std::vector<std::string>{"p3", "p1", "p4", "p2"});
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM content_search_docs") == 4);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM content_search_docs WHERE doc_id >> 20 = 300") == 2);
  CHECK_NOTHROW(db.execute("INSERT INTO content_search (content_search) VALUES ('integrity-check')"));
  // The triggers of 005 index later writes.
  db.execute("UPDATE content SET updated_at = 50 WHERE id = 'p3'");
  db.execute("INSERT INTO content (id, collection_id, slug, title, data, status, author_id, created_at, updated_at) "
             "VALUES ('p5', 'c', 'five', 'Lamp five', '{}', 'draft', 'u', 5, 250)");
  ids.clear();
  for (const auto& hit : store.search().search({.match = "lamp", .order = newest}).hits) ids.push_back(hit.item.id);
  CHECK(ids == std::vector<std::string>{"p1", "p5", "p4", "p2", "p3"});
}
#endif

TEST_CASE("search: without snippets the hits are the same, in either order, and bad syntax is refused",
          "[cms][search]") {
  search_fixture f;
  for (int i = 0; i < 5; ++i) {
    f.ms.clock.advance(std::chrono::seconds(1));
    (void)f.post("Sailing " + std::to_string(i), {{"body", "boats and sails"}});
  }
  for (const auto order : {cms::search_order::relevance, newest}) {
    const auto with = f.search().search({.match = "boats", .order = order, .limit = 3});
    const auto without = f.search().search({.match = "boats", .order = order, .limit = 3, .snippets = false});
    REQUIRE(with.hits.size() == 3);
    REQUIRE(without.hits.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
      CHECK(without.hits[i].item.id == with.hits[i].item.id);
      CHECK(without.hits[i].score == with.hits[i].score);
      CHECK(with.hits[i].snippet.find("<mark>boats</mark>") != std::string::npos);
      CHECK(without.hits[i].snippet.empty());
    }
    CHECK(without.next_offset == with.next_offset);
    const auto later = f.search().search({.match = "boats", .order = order, .offset = 3, .snippets = false});
    REQUIRE(later.hits.size() == 2);
    CHECK(later.hits[0].snippet.empty());
#ifndef VELLUM_TEST_BACKEND_POSTGRES
    for (const std::string bad : {"\"unbalanced", "nocolumn:x", "boats AND"}) {
      INFO("match: " << bad);
      const auto e = refused<vellum::validation_error>(
          f.ms, [&] { (void)f.search().search({.match = bad, .order = order, .offset = 1}); });
      CHECK(e.fields().contains("match"));
    }
#endif
  }
}

#ifndef VELLUM_TEST_BACKEND_POSTGRES  // FTS5's segments; optimize() does nothing on PostgreSQL
TEST_CASE("search: optimize merges the index and changes no result", "[cms][search]") {
  search_fixture f;
  for (int i = 0; i < 40; ++i) {  // one transaction each: one segment each, until FTS5 merges some
    f.ms.clock.advance(std::chrono::seconds(1));
    (void)f.post("Lantern " + std::to_string(i), {{"body", i % 2 == 0 ? "even glow" : "odd glow"}});
  }
  const auto segments_rows = [&] { return f.db().query_value<std::int64_t>("SELECT count(*) FROM content_search_data"); };
  const auto before_rows = segments_rows();
  const auto ranked = f.titles("glow", {.limit = 50});
  const auto newest_first = f.titles("even", {.order = newest, .limit = 50});
  f.search().optimize();
  CHECK(segments_rows() < before_rows);
  CHECK(f.titles("glow", {.limit = 50}) == ranked);
  CHECK(f.titles("even", {.order = newest, .limit = 50}) == newest_first);
  CHECK(newest_first.size() == 20);
  CHECK(newest_first.front() == "Lantern 38");
  CHECK_NOTHROW(f.db().execute("INSERT INTO content_search (content_search) VALUES ('integrity-check')"));
}
#endif
