// The README's first command runs this: the life of a blog post on an SQLite file, through
// vellum's CMS repositories — migrate, create, edit, diff, restore, publish, list.
#include <filesystem>
#include <iostream>
#include <vellum/cms.hpp>
#include <vellum/vellum.hpp>

namespace v = vellum;
namespace cms = vellum::cms;

namespace {
void step(int n, std::string_view what) { std::cout << "\n[" << n << "] " << what << "\n"; }
}  // namespace

int main(int argc, char** argv) try {
  const std::string path = argc > 1 ? argv[1] : "vellum-demo.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);

  step(1, "open " + path + " and apply the bundled CMS migrations");
  v::database db{path};
  cms::store store{db};
  std::cout << "    tables: "
            << db.query_value<std::int64_t>("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").value_or(0)
            << ", applied migrations: " << db.query_value<std::int64_t>("SELECT count(*) FROM migrations").value_or(0)
            << "\n";

  step(2, "create an editor and a 'posts' collection");
  const auto setup = cms::actor::system("demo-setup");
  const cms::user ada = store.users().create(setup, {.email = "ada@example.com", .username = "ada", .role = cms::user_role::editor});
  const auto editor = cms::actor::user(ada.id);
  const cms::collection posts = store.collections().create(
      editor, {.name = "posts",
               .display_name = "Blog posts",
               .schema = {{"type", "object"},
                          {"properties",
                           {{"body", {{"type", "string"}, {"required", true}, {"minLength", 1}}},
                            {"tags", {{"type", "multiselect"}, {"options", {"news", "howto", "release"}}}}}}}});
  std::cout << "    editor " << ada.username << " (" << ada.id << "), collection " << posts.name << "\n";

  step(3, "create a post: version 1, status draft");
  cms::content post = store.content().create(
      editor, {.collection_id = posts.id, .title = "Café París 2024", .data = {{"body", "First draft."}, {"tags", {"news"}}}});
  std::cout << "    slug '" << post.slug << "', version " << post.head_version << ", status "
            << v::enum_to_name(post.status) << "\n";

  step(4, "edit it twice: versions 2 and 3");
  post = store.content().update(editor, post.id, {.data = nlohmann::json{{"body", "Second draft."}, {"tags", {"news"}}}},
                                post.revision);
  post = store.content().patch(editor, post.id, {{"body", "Final text, with a release note."}, {"tags", {"news", "release"}}},
                               post.revision);
  std::cout << "    head version " << post.head_version << ", revision " << post.revision << "\n";

  step(5, "diff versions 1 and 3");
  for (const auto& change : store.versions().diff(post.id, 1, 3))
    std::cout << "    " << cms::to_string(change.kind) << " " << change.path << ": " << change.before.dump() << " -> "
              << change.after.dump() << "\n";

  step(6, "restore version 1: appended as version 4");
  post = store.versions().restore(editor, post.id, 1, post.revision);
  std::cout << "    head version " << post.head_version << ", body " << post.data["body"] << "\n";

  step(7, "publish the head");
  post = store.content().publish(editor, post.id);
  std::cout << "    status " << v::enum_to_name(post.status) << ", published version " << post.published_version.value_or(0)
            << "\n";

  step(8, "list the published page of 'posts'");
  const auto page = store.content().list({.collection_id = posts.id, .status = cms::content_status::published});
  for (const auto& item : page.items)
    std::cout << "    " << item.slug << "  \"" << item.title << "\"  v" << item.published_version.value_or(0) << "\n";
  std::cout << "\ndone: " << path << " holds the whole history (content_versions, workflow_history, audit_events).\n";
  return 0;
} catch (const vellum::error& e) {
  std::cerr << "demo failed: " << e.what() << "\n";
  return 1;
}
