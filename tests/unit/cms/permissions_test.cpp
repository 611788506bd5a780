// Permissions: the seeded role grants, ownership (`*_own`), deactivated and unknown users, API
// token scopes ∩ owner, system jobs, and require()'s typed refusal.
#include <catch2/catch.hpp>

#include <chrono>
#include <set>
#include <string>

#include "editorial_fixture.hpp"

using namespace editorial_tests;
using std::chrono::hours;

namespace {

cms::api_token token_row(const std::string& id, const std::string& owner, json scopes) {
  cms::api_token t;
  t.id = id;
  t.name = id;
  t.token_hash = std::string(64, 'a');
  t.token_hash.back() = id.back();  // unique per token
  t.prefix = "vlm_" + id;
  t.user_id = owner;
  t.scopes = std::move(scopes);
  return t;
}

}  // namespace

TEST_CASE("each seeded role holds its grants", "[permissions]") {
  editorial_fixture f;
  auto p = f.permissions();
  CHECK(p.role_grants(cms::user_role::admin).size() == 27);
  CHECK(p.role_grants(cms::user_role::editor).size() == 18);
  CHECK(p.role_grants(cms::user_role::author).size() == 10);
  CHECK(p.role_grants(cms::user_role::viewer) ==
        std::set<std::string>{"collections.read", "content.read", "media.read", "plugins.read", "settings.read",
                              "users.read"});

  CHECK(p.can(f.admin, "workflow.manage"));
  CHECK(p.can(f.editor, "content.publish"));
  CHECK(p.can(f.editor, "content.approve"));
  CHECK(p.can(f.editor, "workflow.assign"));
  CHECK_FALSE(p.can(f.editor, "workflow.manage"));
  CHECK(p.can(f.author, "content.submit"));
  CHECK(p.can(f.author, "content.create"));
  CHECK_FALSE(p.can(f.author, "content.publish"));
  CHECK_FALSE(p.can(f.author, "content.approve"));
  CHECK(p.can(f.viewer, "content.read"));
  CHECK_FALSE(p.can(f.viewer, "content.submit"));
  // One spelling only: SonicJS's `content:publish` is no permission at all.
  CHECK_FALSE(p.can(f.admin, "content:publish"));
  CHECK_FALSE(p.can(f.admin, "no.such"));
}

TEST_CASE("an *_own grant covers the items the actor authored", "[permissions]") {
  editorial_fixture f;
  auto p = f.permissions();
  const auto mine = f.post("Mine");
  const auto theirs = f.post("Theirs", json::object(), &f.editor);
  CHECK(p.can(f.author, "content.update", &mine));
  CHECK_FALSE(p.can(f.author, "content.update", &theirs));
  CHECK_FALSE(p.can(f.author, "content.update"));  // no item: ownership cannot apply
  CHECK(p.can(f.author, "content.update_own", &mine));
  CHECK_FALSE(p.can(f.author, "content.update_own", &theirs));
  CHECK_FALSE(p.can(f.author, "content.delete", &mine));  // authors are not granted delete_own
  CHECK(p.can(f.editor, "content.update", &mine));        // editors edit any item
}

TEST_CASE("deactivated and unknown users hold nothing, system jobs hold everything", "[permissions]") {
  editorial_fixture f;
  auto p = f.permissions();
  CHECK(p.granted(f.retired).empty());
  CHECK_FALSE(p.can(f.retired, "content.read"));
  CHECK(p.granted(cms::actor::user("nobody")).empty());
  CHECK(p.granted(cms::actor::system("importer")).size() == 27);
  CHECK(p.can(cms::actor::system("importer"), "workflow.manage"));
}

TEST_CASE("an API token holds its scopes intersected with its owner's current grants", "[permissions]") {
  editorial_fixture f;
  auto p = f.permissions();
  f.db().insert(token_row("t1", "u-author", json::array({"content.read", "content.publish", "content.submit"})));
  const auto token = cms::actor::token("t1", "u-author");
  // content.publish is in the scopes but the author does not hold it.
  CHECK(p.granted(token) == std::set<std::string>{"content.read", "content.submit"});
  const auto mine = f.post("Mine");
  CHECK_FALSE(p.can(token, "content.update", &mine));  // content.update_own is not in the scopes

  // The owner's grants are read at each check: demote the owner and the token loses submit.
  f.db().update<cms::user>().set(vellum::col<&cms::user::role> = cms::user_role::viewer)
      .where(vellum::col<&cms::user::id> == "u-author").run();
  CHECK(p.granted(token) == std::set<std::string>{"content.read"});

  auto expired = token_row("t2", "u-editor", json::array({"content.read"}));
  expired.expires_at = f.ms.now();
  f.db().insert(expired);
  CHECK(p.granted(cms::actor::token("t2", "u-editor")).empty());
  auto revoked = token_row("t3", "u-editor", json::array({"content.read"}));
  revoked.revoked_at = f.ms.now() - hours(1);
  f.db().insert(revoked);
  CHECK(p.granted(cms::actor::token("t3", "u-editor")).empty());
  CHECK(p.granted(cms::actor::token("t9", "u-editor")).empty());
}

TEST_CASE("require throws vellum::forbidden naming the permission", "[permissions]") {
  editorial_fixture f;
  auto p = f.permissions();
  const auto item = f.post("Item");
  CHECK_NOTHROW(p.require(f.editor, "content.publish", &item));
  try {
    p.require(f.author, "content.publish", &item);
    FAIL("expected forbidden");
  } catch (const vellum::forbidden& e) {
    CHECK(e.permission() == "content.publish");
    CHECK(std::string(e.what()).find("user:u-author") != std::string::npos);
  }
  CHECK_THROWS_AS(p.require(f.viewer, "content.create"), vellum::error);  // a vellum::error subclass
}
