// The delivery cache (docs/operations.md, "Query cache"): a store with a cache serves repeated
// get_published / list_published reads from memory, and a write makes the next read fresh.
#include <fmt/format.h>

#include <vellum/cms/content_repository.hpp>
#include <vellum/cms/schema.hpp>
#include <vellum/cms/store.hpp>

int main() {
  namespace cms = vellum::cms;
  vellum::database db{":memory:"};
  cms::store store{db, {.cache = cms::query_cache_options{.max_entries = 512, .ttl = std::chrono::seconds(30)}}};

  cms::user editor;
  editor.id = "u-editor";
  editor.email = "editor@example.com";
  editor.username = "editor";
  editor.role = cms::user_role::editor;
  db.insert(editor);
  cms::collection blog;
  blog.id = "c-blog";
  blog.name = "blog";
  blog.display_name = "Blog";
  blog.schema = {{"properties", nlohmann::json::object()}, {"additionalProperties", true}};
  db.insert(blog);

  const auto who = cms::actor::user(editor.id);
  auto post = store.content().create(who, {.collection_id = blog.id, .title = "Hello", .data = {{"body", "v1"}}});
  post = store.content().publish(who, post.id);

  int statements = 0;
  db.set_logger([&](const vellum::query_event&) { ++statements; });
  (void)store.content().get_published(post.id);                  // from the database
  const int first = statements;
  (void)store.content().get_published(post.id);                  // from memory
  fmt::print("first read: {} statements, second read: {}\n", first, statements - first);

  (void)store.content().patch(who, post.id, {{"body", "v2"}});
  (void)store.content().publish(who, post.id);                   // invalidates the entry
  const auto page = store.content().list_published({.collection_id = blog.id});
  fmt::print("after publishing v2: {} item(s), body {}\n", page.items.size(), page.items.at(0).data["body"].dump());
  const auto& stats = store.cache()->stats();
  fmt::print("cache: {} hit(s), {} miss(es)\n", stats.hits, stats.misses);
  return page.items.at(0).data["body"] == "v2" ? 0 : 1;
}
