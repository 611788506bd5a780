// The README's first command runs this: the life of a blog post on an SQLite file, through
// vellum's CMS repositories — migrate, create, edit, diff, restore, publish, list — then the
// editorial path: submit, approve as a second user, publish through the workflow, schedule an
// unpublish and run the scheduler with the store's clock moved a day ahead; last, an API token.
#include <chrono>
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
  std::chrono::milliseconds clock_offset{0};  // step 12 moves the store's clock ahead
  cms::store_options options;
  options.clock = [&] { return v::now_millis() + clock_offset; };
  cms::store store{db, options};
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

  step(9, "a second editor; ada writes a post and submits it for review");
  const cms::user grace =
      store.users().create(setup, {.email = "grace@example.com", .username = "grace", .role = cms::user_role::editor});
  const auto reviewer = cms::actor::user(grace.id);
  auto news = store.content().create(editor, {.collection_id = posts.id, .title = "Release 1.0",
                                              .data = {{"body", "vellum 1.0 is out."}, {"tags", {"release"}}}});
  auto wf = store.workflows();
  wf.transition(editor, news.id, "pending-review", "ready for review");
  std::cout << "    state " << wf.status(news.id).current_state_id << "\n";

  step(10, "approve: not by its author (four-eyes), by grace");
  try {
    wf.transition(editor, news.id, "approved");
  } catch (const vellum::forbidden& e) {
    std::cout << "    ada: forbidden (" << e.what() << ")\n";
  }
  const auto approved = wf.transition(reviewer, news.id, "approved", "looks good");
  std::cout << "    grace: approved version " << approved.status.approved_version.value_or(0) << "\n";

  step(11, "publish through the workflow: the approved version goes live");
  news = wf.transition(reviewer, news.id, "published").item;
  std::cout << "    status " << v::enum_to_name(news.status) << ", published version "
            << news.published_version.value_or(0) << "\n";

  step(12, "schedule an unpublish for tomorrow, move the clock a day ahead, run the scheduler");
  const auto job = store.schedules().schedule(
      editor, {.content_id = news.id, .action = cms::schedule_action::unpublish,
               .at = store.now() + std::chrono::hours(24), .timezone = "Europe/Paris"});
  std::cout << "    scheduled " << v::enum_to_name(job.action) << " " << job.id << " (" << job.timezone << ")\n";
  clock_offset = std::chrono::hours(24) + std::chrono::minutes(1);
  const auto report = store.schedules().run_due(store.now(), 10, "demo-runner");
  for (const auto& outcome : report.outcomes)
    std::cout << "    ran " << outcome.action.id << ": " << v::enum_to_name(outcome.action.status) << ", "
              << outcome.action.late_ms.value_or(0) << " ms late\n";
  news = store.content().get(news.id);
  std::cout << "    status " << v::enum_to_name(news.status) << "\n";
  for (const auto& h : wf.history(news.id))
    std::cout << "    history: " << v::enum_to_name(h.action) << " " << h.from_state_id.value_or("-") << " -> "
              << h.to_state_id << " (v" << h.version << ")\n";

  step(13, "an API token for ada: shown once, stored as a hash, holding its scopes ∩ her permissions");
  const auto made = store.api_tokens().create(editor, {.user_id = ada.id, .name = "demo", .scopes = {"content.read"},
                                                       .expires_at = store.now() + std::chrono::days(30)});
  const auto bearer = store.api_tokens().verify(made.plaintext).as_actor();
  auto perms = store.permissions();
  std::cout << std::boolalpha << "    token " << made.token.prefix << "… may read: " << perms.can(bearer, "content.read")
            << ", may publish: " << perms.can(bearer, "content.publish") << "\n";
  (void)store.api_tokens().revoke(editor, made.token.id);
  try {
    (void)store.api_tokens().verify(made.plaintext);
  } catch (const vellum::invalid_token& e) {
    std::cout << "    after revoke: " << v::to_string(e.reason()) << "\n";
  }

  std::cout << "\ndone: " << path << " holds the whole history (content_versions, workflow_history, audit_events).\n";
  return 0;
} catch (const vellum::error& e) {
  std::cerr << "demo failed: " << e.what() << "\n";
  return 1;
}
