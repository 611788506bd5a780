// The editorial workflow (WR-1…WR-13): definitions, bindings, transitions with their effects,
// approvals bound to a version, four-eyes review, assignment and the seeded default workflow.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "editorial_fixture.hpp"

using namespace editorial_tests;
using vellum::col;
using std::chrono::hours;
using std::chrono::milliseconds;

namespace {

std::set<std::string> targets(const std::vector<cms::workflow_transition>& edges) {
  std::set<std::string> out;
  for (const auto& e : edges) out.insert(e.to_state_id);
  return out;
}

/// A valid three-state workflow: start → review → live (publish effect, final), review → start.
cms::workflow_definition simple_definition(std::string id = "simple") {
  cms::workflow_definition d;
  d.id = std::move(id);
  d.name = "Simple";
  d.states = {{.id = "start", .name = "Start", .is_initial = true},
              {.id = "review", .name = "Review"},
              {.id = "live", .name = "Live", .color = "#00AA00", .is_final = true, .effect = cms::state_effect::publish}};
  // `start` is a new initial state: the definition may not also use the seeded `draft`.
  d.transitions = {{.from = "start", .to = "review", .required_permission = "content.submit"},
                   {.from = "review", .to = "live", .required_permission = "content.publish"},
                   {.from = "review", .to = "start"}};
  return d;
}

bool has_error(const vellum::validation_error::field_errors& errors, const std::string& path) {
  return errors.contains(path);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// WR-13, WR-1: definitions

TEST_CASE("the seeded default workflow has exactly WR-13's edges and is valid", "[workflow][WR-13][WR-1]") {
  editorial_fixture f;
  const auto d = f.workflows().definition("default");
  std::set<std::tuple<std::string, std::string, std::string, bool>> edges;
  for (const auto& e : d.transitions) edges.insert({e.from, e.to, e.required_permission.value_or(""), e.independent_review});
  CHECK(edges == std::set<std::tuple<std::string, std::string, std::string, bool>>{
                     {"draft", "pending-review", "content.submit", false},
                     {"pending-review", "approved", "content.approve", true},
                     {"approved", "published", "content.publish", false},
                     {"pending-review", "rejected", "content.approve", false},
                     {"rejected", "draft", "content.update", false},
                     {"published", "archived", "content.publish", false},
                     {"archived", "draft", "content.update", false}});
  std::map<std::string, std::optional<cms::state_effect>> effects;
  for (const auto& s : d.states) effects[s.id] = s.effect;
  CHECK(effects.at("published") == cms::state_effect::publish);
  CHECK(effects.at("archived") == cms::state_effect::archive);
  CHECK(!effects.at("approved"));
  CHECK(f.workflows().validate(d).empty());
  CHECK(f.workflows().for_collection(f.blog).id == "default");
}

TEST_CASE("the default workflow walks an item from draft to published, archived and back", "[workflow][WR-13]") {
  editorial_fixture f;
  auto wf = f.workflows();
  const auto item = f.post("Walk", {{"body", "text"}});
  CHECK(f.state_of(item.id) == "draft");
  wf.transition(f.author, item.id, "pending-review");
  wf.transition(f.reviewer, item.id, "approved");
  auto published = wf.transition(f.editor, item.id, "published");
  CHECK(published.item.status == cms::content_status::published);
  CHECK(published.item.published_version == 1);
  auto archived = wf.transition(f.editor, item.id, "archived");
  CHECK(archived.item.status == cms::content_status::archived);
  auto back = wf.transition(f.author, item.id, "draft");  // content.update_own on the author's item
  CHECK(back.item.status == cms::content_status::draft);
  CHECK(!back.item.archived_at);
  CHECK(back.item.workflow_state_id == "draft");
  // Rejection has an exit, unlike SonicJS's.
  wf.transition(f.author, item.id, "pending-review");
  wf.transition(f.reviewer, item.id, "rejected");
  CHECK(wf.transition(f.author, item.id, "draft").status.current_state_id == "draft");
}

TEST_CASE("a valid definition is stored and its collection's items enter its initial state",
          "[workflow][WR-1][WR-3]") {
  editorial_fixture f;
  auto wf = f.workflows();
  CHECK(wf.validate(simple_definition()).empty());
  const auto stored = wf.define(f.admin, simple_definition());
  CHECK(stored.id == "simple");
  CHECK(f.audit_count("simple", "workflow.define") == 1);
  const auto round_trip = wf.definition("simple");
  CHECK(round_trip.transitions.size() == 3);
  CHECK(round_trip.states.size() == 3);
  CHECK(wf.validate(round_trip).empty());

  wf.bind(f.admin, f.blog, "simple");
  CHECK(wf.for_collection(f.blog).id == "simple");
  const auto item = f.post("In simple");
  CHECK(item.workflow_state_id == "start");
  CHECK(f.state_of(item.id) == "start");
  CHECK(targets(wf.available_transitions(f.author, item.id)) == std::set<std::string>{"review"});
}

TEST_CASE("define refuses every WR-1 violation, each by path, and writes nothing", "[workflow][WR-1]") {
  editorial_fixture f;
  auto wf = f.workflows();
  SECTION("two initial states") {
    auto d = simple_definition();
    d.transitions.push_back({.from = "draft", .to = "review"});  // the seeded draft is initial too
    CHECK(has_error(wf.validate(d), "initial"));
  }
  SECTION("no initial state") {
    cms::workflow_definition d{.name = "No start"};
    d.transitions = {{.from = "pending-review", .to = "approved"}, {.from = "approved", .to = "published"},
                     {.from = "published", .to = "archived"}, {.from = "archived", .to = "pending-review"}};
    CHECK(has_error(wf.validate(d), "initial"));
  }
  SECTION("an edge to a state that does not exist") {
    auto d = simple_definition();
    d.transitions.push_back({.from = "review", .to = "nowhere"});
    CHECK(has_error(wf.validate(d), "transitions[3].to"));
  }
  SECTION("a duplicate edge and a self-loop") {
    auto d = simple_definition();
    d.transitions.push_back({.from = "start", .to = "review"});
    d.transitions.push_back({.from = "review", .to = "review"});
    const auto errors = wf.validate(d);
    CHECK(has_error(errors, "transitions[3]"));
    CHECK(has_error(errors, "transitions[4]"));
  }
  SECTION("a state that cannot be reached") {
    auto d = simple_definition();
    d.states.push_back({.id = "limbo", .name = "Limbo", .is_final = true});
    d.transitions.push_back({.from = "limbo", .to = "live"});
    CHECK(has_error(wf.validate(d), "reachable"));
  }
  SECTION("a dead end that is not final") {
    auto d = simple_definition();
    d.states.push_back({.id = "stuck", .name = "Stuck"});
    d.transitions.push_back({.from = "review", .to = "stuck"});
    CHECK(has_error(wf.validate(d), "dead_ends"));
  }
  SECTION("an unknown permission, a bad colour, an empty name") {
    auto d = simple_definition();
    d.name = " ";
    d.states[1].color = "blue";
    d.transitions[0].required_permission = "content:submit";
    const auto errors = wf.validate(d);
    CHECK(has_error(errors, "name"));
    CHECK(has_error(errors, "states[1].color"));
    CHECK(has_error(errors, "transitions[0].required_permission"));
  }
  SECTION("restating a shared state with other flags") {
    auto d = simple_definition();
    d.states.push_back({.id = "published", .name = "Published", .is_final = false});
    d.transitions.push_back({.from = "review", .to = "published"});
    CHECK(has_error(wf.validate(d), "states[3]"));
  }
  SECTION("no edges") {
    CHECK(has_error(wf.validate({.name = "Empty"}), "transitions"));
  }
  // Whatever the section, define() refuses what validate() reports and writes nothing.
  const auto before = f.dump();
  auto d = simple_definition();
  d.transitions.push_back({.from = "review", .to = "review"});
  CHECK_THROWS_AS(wf.define(f.admin, d), vellum::validation_error);
  CHECK(f.dump() == before);
}

TEST_CASE("define needs workflow.manage and a free id", "[workflow][WR-1][permissions]") {
  editorial_fixture f;
  auto wf = f.workflows();
  const auto before = f.dump();
  CHECK_THROWS_AS(wf.define(f.editor, simple_definition()), vellum::forbidden);
  CHECK(f.dump() == before);
  wf.define(f.admin, simple_definition());
  try {
    wf.define(f.admin, simple_definition());
    FAIL("expected conflict");
  } catch (const vellum::conflict& e) {
    CHECK(e.field() == "id");
  }
}

// ---------------------------------------------------------------------------------------------
// WR-3: bindings

TEST_CASE("bind: one active workflow per collection, the default when unbound", "[workflow][WR-3]") {
  editorial_fixture f;
  auto wf = f.workflows();
  wf.define(f.admin, simple_definition());
  CHECK_THROWS_AS(wf.bind(f.editor, f.blog, "simple"), vellum::forbidden);
  CHECK_THROWS_AS(wf.bind(f.admin, f.blog, "nope"), vellum::not_found);
  f.db().update<cms::workflow>().set(col<&cms::workflow::is_active> = false)
      .where(col<&cms::workflow::id> == "simple").run();
  CHECK_THROWS_AS(wf.bind(f.admin, f.blog, "simple"), vellum::validation_error);
  f.db().update<cms::workflow>().set(col<&cms::workflow::is_active> = true)
      .where(col<&cms::workflow::id> == "simple").run();

  // An item created under the default moves into the new workflow's initial state at its next
  // transition, with an `enter` row first.
  const auto before = f.post("Before");
  wf.bind(f.admin, f.blog, "simple");
  CHECK(f.state_of(before.id) == "start");
  CHECK_THROWS_AS(wf.transition(f.author, before.id, "pending-review"), vellum::invalid_transition);
  wf.transition(f.author, before.id, "review");
  const auto trail = wf.history(before.id);
  REQUIRE(trail.size() == 3);
  CHECK(trail[1].action == cms::history_action::enter);
  CHECK(trail[1].workflow_id == "simple");
  CHECK(trail[2].to_state_id == "review");

  wf.bind(f.admin, f.blog, std::nullopt);
  CHECK(wf.for_collection(f.blog).id == "default");
  CHECK(f.post("After").workflow_state_id == "draft");
}

// ---------------------------------------------------------------------------------------------
// WR-4, WR-5, WR-6: transitions

TEST_CASE("transition: no edge is invalid_transition, a missing permission forbidden, and nothing changes",
          "[workflow][WR-4]") {
  editorial_fixture f;
  auto wf = f.workflows();
  const auto item = f.post("Item");
  const auto before = f.dump();
  try {
    wf.transition(f.editor, item.id, "published");
    FAIL("expected invalid_transition");
  } catch (const vellum::invalid_transition& e) {
    CHECK(e.from() == "draft");
    CHECK(e.to() == "published");
  }
  CHECK_THROWS_AS(wf.transition(f.editor, item.id, "no-such-state"), vellum::invalid_transition);
  CHECK_THROWS_AS(wf.transition(f.viewer, item.id, "pending-review"), vellum::forbidden);
  CHECK_THROWS_AS(wf.transition(f.retired, item.id, "pending-review"), vellum::forbidden);
  CHECK_THROWS_AS(wf.transition(f.author, "missing", "pending-review"), vellum::not_found);
  CHECK_THROWS_AS(wf.transition(f.author, item.id, "pending-review", std::string(3000, 'x')),
                  vellum::validation_error);
  CHECK_THROWS_AS(wf.transition(f.author, item.id, "pending-review", std::nullopt, item.revision + 1),
                  vellum::conflict);
  CHECK(f.dump() == before);

  const auto moved = wf.transition(f.author, item.id, "pending-review", "please review", item.revision);
  CHECK(moved.item.revision == item.revision + 1);
  CHECK(moved.status.current_state_id == "pending-review");
  CHECK(moved.entry.comment == "please review");
  const auto events = f.audit_of(item.id);
  REQUIRE(!events.empty());
  CHECK(f.audit_count(item.id, "workflow.transition") == 1);
  const auto transition_event = *std::find_if(events.begin(), events.end(), [](const auto& e) {
    return e.action == "workflow.transition";
  });
  CHECK(transition_event.actor == "user:u-author");
  CHECK(transition_event.data->at("to") == "pending-review");
}

TEST_CASE("a transition whose effect fails validation leaves state, history, content and audit unchanged",
          "[workflow][WR-4][WR-7]") {
  editorial_fixture f;
  auto wf = f.workflows();
  const auto item = f.post("Incomplete", {{"title_only", true}}, nullptr, f.strict);  // no body: draft is fine
  f.approve(item, f.author);
  const auto before = f.dump();
  try {
    wf.transition(f.editor, item.id, "published");
    FAIL("expected validation_error");
  } catch (const vellum::validation_error& e) {
    CHECK(e.fields().contains("data.body"));
  }
  CHECK(f.dump() == before);
  CHECK(f.state_of(item.id) == "approved");
  CHECK(f.content().get(item.id).status == cms::content_status::draft);
  // WR-5 agrees: the publish edge is not offered while the approved version is invalid.
  CHECK(wf.available_transitions(f.editor, item.id).empty());
}

TEST_CASE("available_transitions is exactly what transition accepts", "[workflow][WR-5]") {
  editorial_fixture f;
  auto wf = f.workflows();
  const std::vector<std::string> states = {"draft", "pending-review", "approved", "published",
                                           "rejected", "archived"};
  const std::vector<cms::actor> actors = {f.admin, f.editor, f.reviewer, f.author, f.viewer, f.retired,
                                          cms::actor::system("job")};
  const auto good = f.post("Good", {{"body", "ok"}}, &f.editor, f.strict);
  const auto bad = f.post("Bad", json::object(), &f.editor, f.strict);

  // Compare at each position of each item's walk.
  const auto compare = [&](const cms::content& item) {
    for (const auto& who : actors) {
      const auto offered = targets(wf.available_transitions(who, item.id));
      std::set<std::string> accepted;
      for (const auto& to : states) {
        auto tx = f.db().begin();
        try {
          wf.transition(who, item.id, to);
          accepted.insert(to);
        } catch (const vellum::error&) {
        }
        tx.rollback();
      }
      INFO(who.label() << " at " << f.state_of(item.id));
      CHECK(offered == accepted);
    }
  };
  for (const auto* item : {&good, &bad}) {
    compare(*item);  // draft
    wf.transition(f.editor, item->id, "pending-review");
    compare(*item);  // the editor wrote the head: four-eyes bars it from approving
    wf.transition(f.reviewer, item->id, "approved");
    compare(*item);  // the bad item's publish fails validation
  }
  wf.transition(f.editor, good.id, "published");
  compare(good);
  wf.transition(f.editor, good.id, "archived");
  compare(good);
}

TEST_CASE("every transition appends an immutable history row with the head version", "[workflow][WR-6]") {
  editorial_fixture f;
  auto wf = f.workflows();
  const auto item = f.post("History", {{"body", "v1"}});
  f.content().patch(f.author, item.id, {{"body", "v2"}});
  f.ms.clock.advance(milliseconds(10));
  wf.transition(f.author, item.id, "pending-review", "v2 ready");
  const auto trail = wf.history(item.id);
  REQUIRE(trail.size() == 2);
  CHECK(trail[0].action == cms::history_action::enter);
  CHECK(trail[1].action == cms::history_action::transition);
  CHECK(trail[1].from_state_id == "draft");
  CHECK(trail[1].to_state_id == "pending-review");
  CHECK(trail[1].version == 2);
  CHECK(trail[1].user_id == "u-author");
  CHECK(trail[1].comment == "v2 ready");
  CHECK(trail[1].created_at == f.ms.now());
  CHECK_THROWS_AS(f.db().execute("UPDATE workflow_history SET comment = 'rewritten'"), vellum::error);
  CHECK(wf.history(item.id)[1].comment == "v2 ready");
}

// ---------------------------------------------------------------------------------------------
// WR-2, WR-7: effects

TEST_CASE("status changes only through effects: a state without one leaves status alone", "[workflow][WR-2]") {
  editorial_fixture f;
  auto wf = f.workflows();
  const auto item = f.post("Effects", {{"body", "x"}});
  CHECK(wf.transition(f.author, item.id, "pending-review").item.status == cms::content_status::draft);
  CHECK(wf.transition(f.reviewer, item.id, "approved").item.status == cms::content_status::draft);
  CHECK(wf.transition(f.editor, item.id, "published").item.status == cms::content_status::published);
  CHECK(wf.transition(f.editor, item.id, "archived").item.status == cms::content_status::archived);
  // Leaving the archive-effect state unarchives (CR-13's reverse).
  CHECK(wf.transition(f.editor, item.id, "draft").item.status == cms::content_status::draft);

  // A custom workflow with an unpublish effect.
  cms::workflow_definition d = simple_definition("takedown");
  d.states.push_back({.id = "offline", .name = "Offline", .effect = cms::state_effect::unpublish});
  d.transitions.push_back({.from = "live", .to = "offline", .required_permission = "content.publish"});
  d.transitions.push_back({.from = "offline", .to = "start"});
  wf.define(f.admin, d);
  wf.bind(f.admin, f.blog, "takedown");
  const auto other = f.post("Takedown", {{"body", "x"}});
  wf.transition(f.author, other.id, "review");
  CHECK(wf.transition(f.editor, other.id, "live").item.published_version == 1);
  const auto offline = wf.transition(f.editor, other.id, "offline");
  CHECK(offline.item.status == cms::content_status::draft);
  CHECK(!offline.item.published_version);
  CHECK(f.audit_count(other.id, "content.unpublish") == 1);
}

TEST_CASE("entering a publish-effect state publishes through the content repository", "[workflow][WR-7]") {
  editorial_fixture f;
  auto wf = f.workflows();
  const auto item = f.post("Publish me", {{"body", "ok"}}, nullptr, f.strict);
  f.approve(item, f.author);
  f.ms.clock.advance(milliseconds(7));
  const auto done = wf.transition(f.editor, item.id, "published");
  CHECK(done.item.published_version == 1);
  CHECK(done.item.published_at == f.ms.now());
  CHECK(done.item.first_published_at == f.ms.now());
  CHECK(f.content().get_published(item.id).data == json{{"body", "ok"}});
  CHECK(f.audit_count(item.id, "content.publish") == 1);
  CHECK(done.entry.metadata->at("published_version") == 1);
}

// ---------------------------------------------------------------------------------------------
// WR-8, WR-9: approvals

TEST_CASE("an approval records the version, and the publish effect publishes that version", "[workflow][WR-8]") {
  editorial_fixture f;
  auto wf = f.workflows();
  const auto item = f.post("Approved text", {{"body", "v1"}});
  f.content().patch(f.author, item.id, {{"body", "v2"}});
  wf.transition(f.author, item.id, "pending-review");
  const auto approved = wf.transition(f.reviewer, item.id, "approved");
  CHECK(approved.status.approved_version == 2);
  CHECK(approved.entry.metadata->at("approved_version") == 2);

  // The author edits after the approval: v3 is not what was approved.
  f.content().patch(f.author, item.id, {{"body", "v3 unreviewed"}});
  const auto published = wf.transition(f.editor, item.id, "published");
  CHECK(published.item.published_version == 2);
  CHECK(published.item.status == cms::content_status::changed);
  CHECK(f.content().get_published(item.id).data == json{{"body", "v2"}});

  // Rejection is no approval, and going back to draft drops an approval.
  const auto second = f.post("Second", {{"body", "x"}});
  wf.transition(f.author, second.id, "pending-review");
  CHECK(!wf.transition(f.reviewer, second.id, "rejected").status.approved_version);
  wf.transition(f.author, second.id, "draft");
  wf.transition(f.author, second.id, "pending-review");
  wf.transition(f.reviewer, second.id, "approved");
  CHECK(wf.status(second.id).approved_version == 1);
  wf.transition(f.editor, second.id, "published");
  wf.transition(f.editor, second.id, "archived");
  CHECK(!wf.transition(f.editor, second.id, "draft").status.approved_version);
}

TEST_CASE("an independent_review edge cannot be taken by the head's author", "[workflow][WR-9]") {
  editorial_fixture f;
  auto wf = f.workflows();
  const auto item = f.post("Own work", {{"body", "x"}}, &f.editor);
  wf.transition(f.editor, item.id, "pending-review");
  const auto before = f.dump();
  CHECK_THROWS_AS(wf.transition(f.editor, item.id, "approved"), vellum::forbidden);
  CHECK(f.dump() == before);
  // Rejecting one's own submission is harmless: that edge is not four-eyes.
  CHECK(targets(wf.available_transitions(f.editor, item.id)) == std::set<std::string>{"rejected"});

  // The head's author counts, not the item's: after the reviewer writes v2, the editor may approve
  // and the reviewer may not.
  f.content().patch(f.reviewer, item.id, {{"body", "edited by the reviewer"}});
  CHECK_THROWS_AS(wf.transition(f.reviewer, item.id, "approved"), vellum::forbidden);
  CHECK(wf.transition(f.editor, item.id, "approved").status.approved_version == 2);
}

// ---------------------------------------------------------------------------------------------
// WR-10: assignment

TEST_CASE("assign needs workflow.assign and an active assignee", "[workflow][WR-10]") {
  editorial_fixture f;
  auto wf = f.workflows();
  const auto item = f.post("Assign me");
  const auto due = f.ms.now() + hours(48);
  const auto before = f.dump();
  CHECK_THROWS_AS(wf.assign(f.author, item.id, "u-reviewer", due), vellum::forbidden);
  CHECK_THROWS_AS(wf.assign(f.editor, item.id, "u-retired", due), vellum::validation_error);
  CHECK_THROWS_AS(wf.assign(f.editor, item.id, "nobody", due), vellum::not_found);
  CHECK(f.dump() == before);

  const auto done = wf.assign(f.editor, item.id, "u-reviewer", due, item.revision);
  CHECK(done.status.assigned_to == "u-reviewer");
  CHECK(done.status.due_date == due);
  CHECK(done.item.revision == item.revision + 1);
  CHECK(wf.status(item.id).assigned_to == "u-reviewer");
  const auto trail = wf.history(item.id);
  CHECK(trail.back().action == cms::history_action::assigned);
  CHECK(trail.back().from_state_id == "draft");
  CHECK(trail.back().to_state_id == "draft");
  CHECK(f.audit_count(item.id, "workflow.assign") == 1);

  const auto cleared = wf.assign(f.editor, item.id, std::nullopt);
  CHECK(!cleared.status.assigned_to);
  CHECK(!cleared.status.due_date);
}
