// Content statistics (docs/repositories.md, "Statistics"): counts per status by collection and
// by author, each report ONE SQL statement (counted through the connection's logger), checked
// against a seeded data set whose counts are known.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include <vellum/cms/content_statistics.hpp>
#include <vellum/core/query_event.hpp>

#include "content_fixture.hpp"

namespace {

using namespace content_tests;
using cms::content_status;

/// Runs `report` and returns how many statements it executed.
template <class F>
int statements_of(cms_backend::database& db, F&& report) {
  int statements = 0;
  db.set_logger([&](const vellum::query_event&) { ++statements; });
  report();
  db.set_logger({});
  return statements;
}

}  // namespace

TEST_CASE("statistics: counts per status by collection and by author, one statement each", "[cms][statistics]") {
  content_fixture f;
  const auto pages = f.add_collection("pages");
  (void)f.add_collection("empty");
  auto in = [&](const std::string& collection, const cms::actor& who, int n) {
    std::vector<cms::content> made;
    for (int i = 0; i < n; ++i)
      made.push_back(f.content().create(who, {.collection_id = collection, .title = "Item " + std::to_string(i),
                                               .slug = collection + "-" + who.id + "-" + std::to_string(i)}));
    return made;
  };
  // blog: 6 by the editor (2 published, 1 changed, 1 archived, 2 drafts), 2 drafts by the
  // author, and one deleted item that counts nowhere; pages: 3 by the editor (1 published).
  const auto blog_editor = in(f.blog, f.editor, 7);
  const auto blog_author = in(f.blog, f.author, 2);
  const auto page_items = in(pages, f.editor, 3);
  f.content().publish(f.editor, blog_editor[0].id);
  f.content().publish(f.editor, blog_editor[1].id);
  f.content().publish(f.editor, blog_editor[2].id);
  f.content().patch(f.editor, blog_editor[2].id, {{"x", 1}});  // published → changed
  f.content().archive(f.editor, blog_editor[3].id);
  f.content().soft_delete(f.editor, blog_editor[6].id);
  f.content().publish(f.editor, page_items[0].id);

  std::vector<cms::collection_statistics> by_collection;
  CHECK(statements_of(f.db(), [&] { by_collection = f.store().statistics().by_collection(); }) == 1);
  REQUIRE(by_collection.size() == 3);  // by name: blog, empty, pages
  CHECK(by_collection[0].collection_name == "blog");
  CHECK(by_collection[0].counts ==
        cms::status_counts{.total = 8, .published = 2, .draft = 4, .changed = 1, .archived = 1, .scheduled = 0});
  CHECK(by_collection[1].collection_name == "empty");
  CHECK(by_collection[1].counts == cms::status_counts{});
  CHECK(by_collection[2].collection_id == pages);
  CHECK(by_collection[2].counts == cms::status_counts{.total = 3, .published = 1, .draft = 2});

  std::vector<cms::author_statistics> by_author;
  CHECK(statements_of(f.db(), [&] { by_author = f.store().statistics().by_author(); }) == 1);
  REQUIRE(by_author.size() == 2);  // by id: u-author, u-editor
  CHECK(by_author[0].author_id == "u-author");
  CHECK(by_author[0].counts == cms::status_counts{.total = 2, .draft = 2});
  CHECK(by_author[1].author_id == "u-editor");
  CHECK(by_author[1].counts ==
        cms::status_counts{.total = 9, .published = 3, .draft = 4, .changed = 1, .archived = 1});

  CHECK(statements_of(f.db(), [&] { by_author = f.store().statistics().by_author(pages); }) == 1);
  REQUIRE(by_author.size() == 1);
  CHECK(by_author[0].counts == cms::status_counts{.total = 3, .published = 1, .draft = 2});

  // The figures agree with counting the rows one by one.
  std::int64_t live = 0;
  for (const auto& item : f.db().select<cms::content>().all()) live += item.deleted_at ? 0 : 1;
  std::int64_t reported = 0;
  for (const auto& row : by_collection) reported += row.counts.total;
  CHECK(reported == live);
  (void)blog_author;
}
