// The CMS on PostgreSQL: cms::pg_store has the API of cms::store. Opening it applies the
// PostgreSQL migration set (tables, seed, full-text search); then users, collections, content,
// publishing, versions and search work as on SQLite (docs/postgres.md, "The CMS on PostgreSQL").
//
//   ./postgres_cms postgresql://user@127.0.0.1:5432/dbname
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "vellum/cms.hpp"
#include "vellum/cms/pg_store.hpp"

namespace cms = vellum::cms;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <postgresql URL>\n", argv[0]);
    return 2;
  }
  try {
    vellum::pg::database db{argv[1]};
    cms::pg_store store{db};  // migrates the schema (idempotent)
    const auto setup = cms::actor::system("example");

    // The example's user and collection, made on the first run and found on later ones.
    auto erin = store.users().find_by_username("erin");
    if (!erin) erin = store.users().create(setup, {.email = "erin@example.com", .username = "erin",
                                                   .role = cms::user_role::editor});
    auto notes = store.collections().find_by_name("notes");
    if (!notes)
      notes = store.collections().create(
          setup, {.name = "notes", .display_name = "Notes",
                  .schema = {{"properties", {{"body", {{"type", "string"}}}}}, {"additionalProperties", false}}});
    const auto editor = cms::actor::user(erin->id);

    auto content = store.content();
    auto note = content.create(editor, {.collection_id = notes->id, .title = "Café opening hours",
                                        .data = {{"body", "Open every day from eight"}}, .auto_suffix = true});
    note = content.update(editor, note.id, {.data = nlohmann::json{{"body", "Open every day from seven"}}},
                          note.revision);
    note = content.publish(editor, note.id);
    std::printf("published %s (revision %lld, %zu versions)\n", note.slug.c_str(),
                static_cast<long long>(note.revision), store.versions().list(note.id).versions.size());

    // Saving at a stale revision is a typed conflict, as on SQLite.
    try {
      content.update(editor, note.id, {.title = "Stale"}, note.revision - 1);
    } catch (const vellum::conflict& e) {
      std::printf("stale save refused: conflict on %s\n", e.field().c_str());
    }

    // Full-text search: accents folded, words inside data found.
    const auto found = store.search().search({.match = "cafe seven", .order = cms::search_order::newest});
    for (const auto& hit : found.hits) std::printf("found: %s: %s\n", hit.item.title.c_str(), hit.snippet.c_str());
    return 0;
  } catch (const vellum::error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
