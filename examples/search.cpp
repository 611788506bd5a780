// Comments, full-text search and statistics on an in-memory CMS database
// (docs/repositories.md, "Comments", "Search", "Statistics").
#include <fmt/format.h>

#include <vellum/cms.hpp>

int main() {
  namespace cms = vellum::cms;
  vellum::database db{":memory:"};
  cms::store store{db};

  cms::user editor;
  editor.id = "u-editor";
  editor.email = "editor@example.com";
  editor.username = "editor";
  editor.role = cms::user_role::editor;
  db.insert(editor);
  const auto who = cms::actor::user(editor.id);
  const auto blog = store.collections().create(cms::actor::system("setup"), {.name = "blog", .display_name = "Blog"});

  const auto post = store.content().create(
      who, {.collection_id = blog.id, .title = "Lighthouses of Brittany",
            .data = {{"blocks", {{{"type", "text"}, {"text", "The keeper climbs 300 steps at dusk."}}}}}});
  (void)store.content().create(who, {.collection_id = blog.id, .title = "Harbour walks"});

  for (const auto& hit : store.search().search({.match = "keeper", .collection_id = blog.id}).hits)
    fmt::print("found {} (score {:.3f}): {}\n", hit.item.title, hit.score, hit.snippet);
  // A word most items contain: newest first reads one page from the index instead of ranking
  // every match; a list of titles needs no snippets.
  for (const auto& hit :
       store.search().search({.match = "harbour OR keeper", .order = cms::search_order::newest, .snippets = false}).hits)
    fmt::print("latest: {}\n", hit.item.title);
  // After a bulk import (or nightly): one index segment, a smaller fixed cost per search.
  store.search().optimize();

  const auto question = store.comments().create(who, {.content_id = post.id, .text = "How many steps?"});
  const auto answer =
      store.comments().create(cms::actor::system("public-api"),
                              {.content_id = post.id, .text = "Three hundred.", .parent_id = question.id,
                               .author_name = "Visitor"});
  store.comments().moderate(who, question.id, cms::comment_status::approved);
  store.comments().moderate(who, answer.id, cms::comment_status::approved);
  for (const auto& entry : store.comments().thread({.content_id = post.id}).entries)
    fmt::print("{:>{}}{}\n", "", entry.depth * 2, entry.item.content);

  for (const auto& row : store.statistics().by_collection())
    fmt::print("{}: {} items, {} drafts\n", row.collection_name, row.counts.total, row.counts.draft);
}
