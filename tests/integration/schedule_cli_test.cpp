// `vellum schedule run` end to end: actions are scheduled with the C++ API on a file database
// whose clock stands in the past, then the built executable runs them at the real time, and the
// test checks what the database holds; exit codes 0, 1 (an action failed) and 2 (bad usage).
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include <vellum/cms/collections_repository.hpp>
#include <vellum/cms/content_repository.hpp>
#include <vellum/cms/schedule_repository.hpp>
#include <vellum/cms/store.hpp>
#include <vellum/cms/users_repository.hpp>

#include "integration/cli_runner.hpp"
#include "support/scratch_folder.hpp"

#if defined(VELLUM_HAS_BUNDLED_MIGRATIONS)

namespace {

namespace cms = vellum::cms;
using vellum::testing::scratch_folder;
using vellum_test::expect_usage;
using vellum_test::vellum_cli;
using Catch::Contains;
using namespace std::chrono_literals;

constexpr vellum::unix_millis past{std::chrono::milliseconds{1'704'067'200'000}};  // 2024-01-01T00:00:00Z

// A migrated CMS database holding one item of `posts` (whose headline is required on publish)
// with a publish scheduled for one minute after `past`.
struct project {
  scratch_folder dir;
  std::string db = dir.file("cms.db");
  std::string item_id;
  std::string action_id;

  explicit project(const nlohmann::json& data) {
    REQUIRE(vellum_cli("migrate up --db " + db).exit_code == 0);
    vellum::database conn{db};
    cms::store store{conn, {.clock = [] { return past; }, .migrate = false}};
    const auto editor = store.users().create(cms::actor::system("test"),
                                             {.email = "erin@example.com", .username = "erin",
                                              .role = cms::user_role::editor});
    const auto erin = cms::actor::user(editor.id);
    const auto posts = store.collections().create(
        erin, {.name = "posts", .display_name = "Posts",
               .schema = {{"type", "object"}, {"properties", {{"headline", {{"type", "string"}, {"required", true}}}}}}});
    item_id = store.content().create(erin, {.collection_id = posts.id, .title = "Launch", .data = data}).id;
    action_id = store.schedules()
                    .schedule(erin, {.content_id = item_id, .action = cms::schedule_action::publish, .at = past + 1min})
                    .id;
  }

  [[nodiscard]] cms::content item() const {
    vellum::database conn{db};
    cms::store store{conn, {.migrate = false}};
    return store.content().get(item_id);
  }
  [[nodiscard]] cms::scheduled_content action() const {
    vellum::database conn{db};
    cms::store store{conn, {.migrate = false}};
    return store.schedules().get(action_id);
  }
};

}  // namespace

TEST_CASE("cli: schedule run publishes a due item and exits 0 [SC-5][SC-6][SC-7]", "[schedule][cli][SC-5][SC-6][SC-7]") {
  project p{{{"headline", "We launched"}}};
  REQUIRE(p.item().status == cms::content_status::draft);

  const auto r = vellum_cli("schedule run --db " + p.db + " --runner-id cli-test --limit 10");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("completed " + p.action_id + " publish of " + p.item_id + " late_ms="));
  CHECK_THAT(r.output, Contains("1 completed, 0 failed, 0 cancelled, 0 skipped"));

  const auto item = p.item();
  CHECK(item.status == cms::content_status::published);
  CHECK(item.published_version == 1);
  const auto action = p.action();
  CHECK(action.status == cms::schedule_status::completed);
  CHECK(action.claimed_by == "cli-test");
  REQUIRE(action.late_ms.has_value());
  CHECK(*action.late_ms > 0);  // run at the real time, long after `past`

  const auto again = vellum_cli("schedule --db " + p.db + " run");
  CHECK(again.exit_code == 0);
  CHECK(again.output == "nothing due\n");
}

TEST_CASE("cli: schedule run exits 1 when an action fails, recording why [SC-6]", "[schedule][cli][SC-6]") {
  project p{nlohmann::json::object()};  // no headline: publishing fails validation (CR-8)
  const auto r = vellum_cli("schedule run --db " + p.db);
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output, Contains("failed " + p.action_id + " publish of " + p.item_id) && Contains("headline"));
  CHECK_THAT(r.output, Contains("0 completed, 1 failed, 0 cancelled, 0 skipped"));
  CHECK(p.item().status == cms::content_status::draft);
  const auto action = p.action();
  CHECK(action.status == cms::schedule_status::failed);
  CHECK_THAT(action.error_message.value_or(""), Contains("headline"));
  CHECK_THAT(action.claimed_by.value_or(""), Contains("vellum-cli@"));  // the default runner id
}

TEST_CASE("cli: schedule run exits 2 on bad usage, running nothing", "[schedule][cli]") {
  project p{{{"headline", "We launched"}}};
  expect_usage("schedule", "A subcommand is required");
  expect_usage("schedule run", "--db FILE is required");
  expect_usage("schedule run --db " + p.db + " --limit 0", "--limit");
  expect_usage("schedule run --db " + p.db + " --limit 501", "--limit");
  expect_usage("schedule run --db " + p.db + " --limit many", "--limit");
  expect_usage("schedule run --db " + p.db + " --bogus", "--bogus");
  expect_usage("schedule run --db " + p.dir.file("absent.db"), "does not exist");
  { vellum::database fresh{p.dir.file("fresh.db")}; }
  expect_usage("schedule run --db " + p.dir.file("fresh.db"), "vellum migrate up --db");
  CHECK(p.action().status == cms::schedule_status::pending);
  CHECK(p.item().status == cms::content_status::draft);
}

#endif  // VELLUM_HAS_BUNDLED_MIGRATIONS
