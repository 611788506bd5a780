// Scheduled publish/unpublish/archive (SC-1…SC-10): scheduling rules, the due query, claims
// with leases, exactly-once execution by two runners on two connections, and what execution
// records.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <latch>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "editorial_fixture.hpp"

using namespace editorial_tests;
using vellum::col;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using sc = cms::scheduled_content;

namespace {

cms::schedule_request request(const std::string& id, cms::schedule_action action, vellum::unix_millis at) {
  return {.content_id = id, .action = action, .at = at};
}

/// Store options for a runner's connection: the shared test clock, random ids.
template <class Clock>
cms::store_options runner_options(const Clock& clock, bool migrate) {
  cms::store_options options;
  options.clock = clock;
  options.migrate = migrate;
  return options;
}

/// A user `u-editor` and an open collection `c-blog` on a fresh shared database.
void seed_editor_and_blog(cms_backend::database& db) {
  db.insert(make_user("u-editor", cms::user_role::editor));
  cms::collection c;
  c.id = "c-blog";
  c.name = "blog";
  c.display_name = "Blog";
  c.schema = {{"properties", json::object()}, {"additionalProperties", true}};
  db.insert(c);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// SC-1…SC-4

TEST_CASE("schedule needs content.publish and a time after now and at most 5 years ahead", "[schedule][SC-1]") {
  editorial_fixture f;
  auto s = f.schedules();
  const auto item = f.post("Later");
  const auto now = f.ms.now();
  const auto before = f.dump();
  CHECK_THROWS_AS(s.schedule(f.author, request(item.id, cms::schedule_action::publish, now + hours(1))),
                  vellum::forbidden);
  CHECK_THROWS_AS(s.schedule(f.viewer, request(item.id, cms::schedule_action::archive, now + hours(1))),
                  vellum::forbidden);
  for (const auto at : {now, now - milliseconds(1), now + cms::max_schedule_ahead + milliseconds(1)}) {
    try {
      s.schedule(f.editor, request(item.id, cms::schedule_action::publish, at));
      FAIL("expected validation_error");
    } catch (const vellum::validation_error& e) {
      CHECK(e.fields().contains("at"));
    }
  }
  auto bad = request(item.id, cms::schedule_action::unpublish, now + hours(1));
  bad.version = 1;
  CHECK_THROWS_AS(s.schedule(f.editor, bad), vellum::validation_error);
  auto bad_zone = request(item.id, cms::schedule_action::publish, now + hours(1));
  bad_zone.timezone = "Europe/Paris; DROP";
  CHECK_THROWS_AS(s.schedule(f.editor, bad_zone), vellum::validation_error);
  CHECK_THROWS_AS(s.schedule(cms::actor::system("cron"), request(item.id, cms::schedule_action::publish, now + hours(1))),
                  vellum::validation_error);  // a schedule records the user who asked
  CHECK_THROWS_AS(s.schedule(f.editor, request("missing", cms::schedule_action::publish, now + hours(1))),
                  vellum::not_found);
  CHECK(f.dump() == before);

  auto ok = request(item.id, cms::schedule_action::publish, now + cms::max_schedule_ahead);
  ok.timezone = "America/Argentina/Buenos_Aires";
  const auto row = s.schedule(f.editor, ok);
  CHECK(row.status == cms::schedule_status::pending);
  CHECK(row.user_id == "u-editor");
  CHECK(row.timezone == "America/Argentina/Buenos_Aires");
  CHECK(row.scheduled_at == now + cms::max_schedule_ahead);
  CHECK(f.audit_count(item.id, "schedule.create") == 1);
}

TEST_CASE("a scheduled publish pins the head at scheduling time unless told to take the latest",
          "[schedule][SC-2]") {
  editorial_fixture f;
  auto s = f.schedules();
  const auto pinned = f.post("Pinned", {{"body", "v1"}});
  const auto latest = f.post("Latest", {{"body", "v1"}});
  const auto at = f.ms.now() + minutes(30);
  CHECK(s.schedule(f.editor, request(pinned.id, cms::schedule_action::publish, at)).version == 1);
  auto take_latest = request(latest.id, cms::schedule_action::publish, at);
  take_latest.take_latest = true;
  CHECK(!s.schedule(f.editor, take_latest).version);
  f.content().patch(f.author, pinned.id, {{"body", "v2"}});
  f.content().patch(f.author, latest.id, {{"body", "v2"}});

  f.ms.clock.advance(minutes(31));
  const auto report = s.run_due(f.ms.now(), 10, "runner");
  CHECK(report.count(cms::schedule_status::completed) == 2);
  CHECK(f.content().get(pinned.id).published_version == 1);
  CHECK(f.content().get(pinned.id).status == cms::content_status::changed);
  CHECK(f.content().get_published(pinned.id).data == json{{"body", "v1"}});
  CHECK(f.content().get(latest.id).published_version == 2);
  CHECK(f.content().get(latest.id).status == cms::content_status::published);
}

TEST_CASE("at most one pending action per item and action", "[schedule][SC-3]") {
  editorial_fixture f;
  auto s = f.schedules();
  const auto item = f.post("Once");
  const auto at = f.ms.now() + hours(1);
  const auto first = s.schedule(f.editor, request(item.id, cms::schedule_action::publish, at));
  const auto before = f.dump();
  try {
    s.schedule(f.reviewer, request(item.id, cms::schedule_action::publish, at + hours(1)));
    FAIL("expected conflict");
  } catch (const vellum::conflict& e) {
    CHECK(e.field() == "action");
  }
  CHECK(f.dump() == before);
  CHECK_NOTHROW(s.schedule(f.editor, request(item.id, cms::schedule_action::unpublish, at + hours(2))));
  s.cancel(f.editor, first.id);
  CHECK_NOTHROW(s.schedule(f.editor, request(item.id, cms::schedule_action::publish, at)));
}

TEST_CASE("due returns pending actions at or before now, by (at, id), up to the limit", "[schedule][SC-4]") {
  editorial_fixture f;
  auto s = f.schedules();
  const auto t0 = f.ms.now();
  const auto a = f.post("A");
  const auto b = f.post("B");
  const auto c = f.post("C");
  const auto d = f.post("D");
  const auto late = s.schedule(f.editor, request(a.id, cms::schedule_action::publish, t0 + minutes(20)));
  const auto early = s.schedule(f.editor, request(b.id, cms::schedule_action::publish, t0 + minutes(10)));
  const auto tie = s.schedule(f.editor, request(c.id, cms::schedule_action::publish, t0 + minutes(10)));
  const auto future = s.schedule(f.editor, request(d.id, cms::schedule_action::publish, t0 + minutes(40)));
  const auto cancelled = s.schedule(f.editor, request(d.id, cms::schedule_action::archive, t0 + minutes(5)));
  s.cancel(f.editor, cancelled.id);

  const auto now = t0 + minutes(20);  // exactly `late`'s time: due
  const auto rows = s.due(now, 10);
  std::vector<std::string> ids;
  for (const auto& r : rows) ids.push_back(r.id);
  const auto [first_tie, second_tie] = std::minmax(early.id, tie.id);
  CHECK(ids == std::vector<std::string>{first_tie, second_tie, late.id});
  CHECK(s.due(now, 1).size() == 1);
  CHECK(s.due(now, 1)[0].id == first_tie);
  CHECK(s.due(t0 + minutes(9), 10).empty());
  CHECK_THROWS_AS(s.due(now, 0), vellum::validation_error);
  (void)future;
}

// ---------------------------------------------------------------------------------------------
// SC-5: claims

TEST_CASE("a claim is one UPDATE, only the claimer executes, an expired lease is reclaimable",
          "[schedule][SC-5]") {
  editorial_fixture f;
  auto s = f.schedules();
  const auto item = f.post("Claimed", {{"body", "x"}});
  const auto job = s.schedule(f.editor, request(item.id, cms::schedule_action::publish, f.ms.now() + minutes(1)));
  f.ms.clock.advance(minutes(2));
  const auto now = f.ms.now();

  const auto claimed = s.claim(now, 10, "runner-a", minutes(5));
  REQUIRE(claimed.size() == 1);
  CHECK(claimed[0].status == cms::schedule_status::running);
  CHECK(claimed[0].claimed_by == "runner-a");
  CHECK(claimed[0].lease_until == now + minutes(5));
  CHECK(s.claim(now, 10, "runner-b").empty());  // a live lease is not reclaimable
  CHECK(s.due(now, 10).empty());                // nor pending any more

  // runner-b holds no claim: its execute does nothing.
  const auto before = f.dump();
  CHECK_FALSE(s.execute(job.id, "runner-b").executed);
  CHECK(f.dump() == before);

  // runner-a "crashes"; once its lease expires, runner-b reclaims and executes.
  f.ms.clock.advance(minutes(5));
  const auto report = s.run_due(f.ms.now(), 10, "runner-b");
  REQUIRE(report.outcomes.size() == 1);
  CHECK(report.outcomes[0].executed);
  CHECK(report.outcomes[0].action.status == cms::schedule_status::completed);
  CHECK(report.outcomes[0].action.claimed_by == "runner-b");
  // runner-a comes back: it lost the claim and executes nothing.
  const auto after = f.dump();
  CHECK_FALSE(s.execute(job.id, "runner-a").executed);
  CHECK(f.dump() == after);
  CHECK(f.audit_count(item.id, "content.publish") == 1);
  CHECK(s.claim(f.ms.now() + hours(1), 10, "runner-a").empty());  // finished actions are never claimed
}

TEST_CASE("two runners on two connections publish each due item exactly once", "[schedule][SC-5][concurrency]") {
  const cms_backend::shared_database shared;
  const std::string& file = shared.url();
  constexpr int items = 24;
  std::atomic<std::int64_t> clock_ms{vellum::testing::default_start_time.time_since_epoch().count()};
  const auto clock = [&] { return vellum::unix_millis(milliseconds(clock_ms.load())); };
  std::vector<std::string> ids;
  {
    cms_backend::database db{file};
    cms_backend::store store{db, runner_options(clock, true)};
    seed_editor_and_blog(db);
    const auto editor = cms::actor::user("u-editor");
    for (int i = 0; i < items; ++i) {
      const auto item = store.content().create(editor, {.collection_id = "c-blog", .title = "Item " + std::to_string(i)});
      ids.push_back(item.id);
      store.schedules().schedule(editor, request(item.id, cms::schedule_action::publish,
                                                 store.now() + minutes(1) + milliseconds(i % 3)));
    }
  }
  clock_ms += milliseconds(minutes(2)).count();

  std::latch connected{2};  // both runners start claiming together
  const auto run = [&](const std::string& runner, std::vector<std::string>& executed) {
    cms_backend::database db{file};
    cms_backend::store store{db, runner_options(clock, false)};
    connected.arrive_and_wait();
    for (;;) {
      const auto report = store.schedules().run_due(store.now(), 1, runner);
      if (report.outcomes.empty()) break;
      for (const auto& o : report.outcomes)
        if (o.executed) executed.push_back(o.action.id);
    }
  };
  std::vector<std::string> by_a;
  std::vector<std::string> by_b;
  std::thread a(run, "runner-a", std::ref(by_a));
  std::thread b(run, "runner-b", std::ref(by_b));
  a.join();
  b.join();

  cms_backend::database db{file};
  CHECK(by_a.size() + by_b.size() == static_cast<std::size_t>(items));
  for (const auto& id : by_a) CHECK(std::find(by_b.begin(), by_b.end(), id) == by_b.end());
  const auto rows = db.select<sc>().all();
  REQUIRE(rows.size() == static_cast<std::size_t>(items));
  for (const auto& r : rows) {
    CHECK(r.status == cms::schedule_status::completed);
    CHECK(r.late_ms >= std::int64_t{58'000});
  }
  for (const auto& id : ids) {
    const auto publishes = db.select(vellum::count())
                               .from<cms::audit_event>()
                               .where(col<&cms::audit_event::entity_id> == id &&
                                      col<&cms::audit_event::action> == "content.publish")
                               .one();
    CHECK(publishes == 1);
    CHECK(db.select(col<&cms::content::published_version>).from<cms::content>()
              .where(col<&cms::content::id> == id).one() == std::optional<std::int64_t>(1));
  }
}

TEST_CASE("an expired lease is reclaimed by the other runner on another connection", "[schedule][SC-5]") {
  const cms_backend::shared_database shared;
  const std::string& file = shared.url();
  std::atomic<std::int64_t> clock_ms{vellum::testing::default_start_time.time_since_epoch().count()};
  const auto clock = [&] { return vellum::unix_millis(milliseconds(clock_ms.load())); };
  cms_backend::database db_a{file};
  cms_backend::store a{db_a, runner_options(clock, true)};
  seed_editor_and_blog(db_a);
  const auto editor = cms::actor::user("u-editor");
  const auto item = a.content().create(editor, {.collection_id = "c-blog", .title = "Leased"});
  const auto job = a.schedules().schedule(editor, request(item.id, cms::schedule_action::publish, a.now() + minutes(1)));

  cms_backend::database db_b{file};
  cms_backend::store b{db_b, runner_options(clock, false)};
  clock_ms += milliseconds(minutes(2)).count();
  REQUIRE(a.schedules().claim(a.now(), 5, "runner-a", minutes(5)).size() == 1);
  CHECK(b.schedules().run_due(b.now(), 5, "runner-b").outcomes.empty());  // the lease is live
  clock_ms += milliseconds(minutes(5)).count();                                          // …and now it is not
  const auto report = b.schedules().run_due(b.now(), 5, "runner-b");
  REQUIRE(report.outcomes.size() == 1);
  CHECK(report.outcomes[0].executed);
  CHECK_FALSE(a.schedules().execute(job.id, "runner-a").executed);
  CHECK(a.schedules().get(job.id).status == cms::schedule_status::completed);
  CHECK(a.schedules().get(job.id).claimed_by == "runner-b");
  CHECK(a.content().get(item.id).published_version == 1);
}

// ---------------------------------------------------------------------------------------------
// SC-6, SC-7: execution

TEST_CASE("execution re-checks the item: deleted is cancelled, invalid failed, else completed",
          "[schedule][SC-6]") {
  editorial_fixture f;
  auto s = f.schedules();
  const auto t0 = f.ms.now();
  const auto gone = f.post("Gone");
  const auto invalid = f.post("Invalid", json::object(), nullptr, f.strict);  // no body: cannot publish
  const auto unpublished = f.post("Not published");
  const auto fine = f.post("Fine", {{"body", "x"}}, nullptr, f.strict);
  const auto j_gone = s.schedule(f.editor, request(gone.id, cms::schedule_action::publish, t0 + minutes(1)));
  const auto j_invalid = s.schedule(f.editor, request(invalid.id, cms::schedule_action::publish, t0 + minutes(1)));
  const auto j_unpub = s.schedule(f.editor, request(unpublished.id, cms::schedule_action::unpublish, t0 + minutes(1)));
  const auto j_fine = s.schedule(f.editor, request(fine.id, cms::schedule_action::publish, t0 + minutes(1)));

  f.ms.clock.advance(minutes(1) + milliseconds(1500));
  REQUIRE(s.claim(f.ms.now(), 10, "runner").size() == 4);
  f.content().soft_delete(f.editor, gone.id);  // after the claim: CR-14 cancels pending ones only
  f.ms.clock.advance(milliseconds(500));
  std::map<std::string, sc> results;
  for (const auto& id : {j_gone.id, j_invalid.id, j_unpub.id, j_fine.id}) {
    const auto outcome = s.execute(id, "runner");
    CHECK(outcome.executed);
    results[id] = outcome.action;
  }
  CHECK(results[j_gone.id].status == cms::schedule_status::cancelled);
  CHECK(results[j_invalid.id].status == cms::schedule_status::failed);
  CHECK(results[j_invalid.id].error_message->find("data.body") != std::string::npos);
  CHECK(results[j_unpub.id].status == cms::schedule_status::failed);
  CHECK(results[j_fine.id].status == cms::schedule_status::completed);
  for (const auto& [id, row] : results) {
    CHECK(row.executed_at == f.ms.now());
    CHECK(row.late_ms == 2000);
    CHECK(s.get(id).status == row.status);  // stored as returned
  }
  CHECK(!f.content().get(invalid.id).published_version);  // a failure leaves nothing behind
  CHECK(f.content().get(fine.id).published_version == 1);
}

TEST_CASE("a scheduled action fails when its user lost the permission", "[schedule][SC-6][permissions]") {
  editorial_fixture f;
  auto s = f.schedules();
  const auto item = f.post("Demoted", {{"body", "x"}});
  const auto job = s.schedule(f.reviewer, request(item.id, cms::schedule_action::publish, f.ms.now() + minutes(1)));
  f.db().update<cms::user>().set(col<&cms::user::role> = cms::user_role::author)
      .where(col<&cms::user::id> == "u-reviewer").run();
  f.ms.clock.advance(minutes(1));
  const auto report = s.run_due(f.ms.now(), 10, "runner");
  REQUIRE(report.outcomes.size() == 1);
  CHECK(report.outcomes[0].action.status == cms::schedule_status::failed);
  CHECK(!f.content().get(item.id).published_version);
  (void)job;
}

TEST_CASE("scheduled actions go through the workflow and write history and audit like manual ones",
          "[schedule][SC-7]") {
  editorial_fixture f;
  auto s = f.schedules();
  auto wf = f.workflows();
  const auto item = f.post("Editorial", {{"body", "v1"}});
  f.approve(item, f.author);
  const auto versions_before = f.count<cms::content_version>();
  s.schedule(f.editor, request(item.id, cms::schedule_action::publish, f.ms.now() + hours(1)));
  s.schedule(f.editor, request(item.id, cms::schedule_action::archive, f.ms.now() + hours(2)));

  f.ms.clock.advance(hours(1));
  CHECK(s.run_due(f.ms.now(), 10, "runner").count(cms::schedule_status::completed) == 1);
  CHECK(f.state_of(item.id) == "published");
  CHECK(f.content().get(item.id).status == cms::content_status::published);
  auto trail = wf.history(item.id);
  CHECK(trail.back().from_state_id == "approved");
  CHECK(trail.back().to_state_id == "published");
  CHECK(trail.back().user_id == "u-editor");  // the user who scheduled it
  CHECK(trail.back().version == 1);
  CHECK(f.count<cms::content_version>() == versions_before);  // publishing writes no version

  f.ms.clock.advance(hours(1));
  CHECK(s.run_due(f.ms.now(), 10, "runner").count(cms::schedule_status::completed) == 1);
  CHECK(f.state_of(item.id) == "archived");
  CHECK(f.content().get(item.id).status == cms::content_status::archived);
  trail = wf.history(item.id);
  CHECK(trail.back().to_state_id == "archived");

  std::map<std::string, std::string> actors;  // action → actor
  for (const auto& e : f.audit_of(item.id)) actors[e.action] = e.actor;
  CHECK(actors.at("content.publish") == "system:scheduler");
  CHECK(actors.at("content.archive") == "system:scheduler");
  CHECK(actors.at("workflow.transition") == "system:scheduler");
  CHECK(actors.at("schedule.execute") == "system:scheduler");
  CHECK(f.audit_count(item.id, "schedule.execute") == 2);

  // Without a workflow edge into a publish state (the item is a draft), the content operation runs.
  const auto draft = f.post("Direct", {{"body", "x"}});
  s.schedule(f.editor, request(draft.id, cms::schedule_action::publish, f.ms.now() + minutes(1)));
  f.ms.clock.advance(minutes(1));
  s.run_due(f.ms.now(), 10, "runner");
  CHECK(f.content().get(draft.id).published_version == 1);
  CHECK(f.audit_count(draft.id, "content.publish") == 1);
}

// ---------------------------------------------------------------------------------------------
// SC-9, SC-10

TEST_CASE("cancel and reschedule only pending actions, and finished ones never revive", "[schedule][SC-9][SC-10]") {
  editorial_fixture f;
  auto s = f.schedules();
  const auto item = f.post("Changing plans", {{"body", "x"}});
  const auto t0 = f.ms.now();
  auto job = s.schedule(f.editor, request(item.id, cms::schedule_action::publish, t0 + hours(1)));

  CHECK_THROWS_AS(s.reschedule(f.author, job.id, t0 + hours(2)), vellum::forbidden);
  CHECK_THROWS_AS(s.reschedule(f.editor, job.id, t0 - hours(2)), vellum::validation_error);
  job = s.reschedule(f.editor, job.id, t0 + hours(2));
  CHECK(s.get(job.id).scheduled_at == t0 + hours(2));
  CHECK(f.audit_count(item.id, "schedule.reschedule") == 1);
  f.ms.clock.advance(hours(1));
  CHECK(s.run_due(f.ms.now(), 10, "runner").outcomes.empty());  // moved out of reach
  f.ms.clock.advance(hours(1));
  CHECK(s.run_due(f.ms.now(), 10, "runner").count(cms::schedule_status::completed) == 1);

  // Completed: neither cancel nor reschedule brings it back.
  const auto before = f.dump();
  CHECK_THROWS_AS(s.cancel(f.editor, job.id), vellum::invalid_state);
  CHECK_THROWS_AS(s.reschedule(f.editor, job.id, f.ms.now() + hours(1)), vellum::invalid_state);
  CHECK(f.dump() == before);

  // Cancelled: the same.
  auto other = s.schedule(f.editor, request(item.id, cms::schedule_action::unpublish, f.ms.now() + hours(1)));
  CHECK_THROWS_AS(s.cancel(f.author, other.id), vellum::forbidden);
  other = s.cancel(f.editor, other.id);
  CHECK(other.status == cms::schedule_status::cancelled);
  CHECK(f.audit_count(item.id, "schedule.cancel") == 1);
  CHECK_THROWS_AS(s.cancel(f.editor, other.id), vellum::invalid_state);
  CHECK_THROWS_AS(s.reschedule(f.editor, other.id, f.ms.now() + hours(2)), vellum::invalid_state);
  f.ms.clock.advance(hours(2));
  CHECK(s.claim(f.ms.now(), 10, "runner").empty());

  // Running (claimed): not pending either.
  auto third = s.schedule(f.editor, request(item.id, cms::schedule_action::unpublish, f.ms.now() + minutes(1)));
  f.ms.clock.advance(minutes(1));
  REQUIRE(s.claim(f.ms.now(), 10, "runner").size() == 1);
  CHECK_THROWS_AS(s.cancel(f.editor, third.id), vellum::invalid_state);
}

TEST_CASE("soft delete cancels an item's pending actions", "[schedule][SC-6][CR-14]") {
  editorial_fixture f;
  auto s = f.schedules();
  const auto item = f.post("Trash");
  const auto job = s.schedule(f.editor, request(item.id, cms::schedule_action::publish, f.ms.now() + hours(1)));
  f.content().soft_delete(f.editor, item.id);
  CHECK(s.get(job.id).status == cms::schedule_status::cancelled);
  f.content().restore_from_trash(f.editor, item.id);
  CHECK(s.get(job.id).status == cms::schedule_status::cancelled);  // never revived
  f.ms.clock.advance(hours(2));
  CHECK(s.run_due(f.ms.now(), 10, "runner").outcomes.empty());
}
