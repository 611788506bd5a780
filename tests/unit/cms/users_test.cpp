// users_repository: create with validation and uniqueness, look-ups, profile updates, roles,
// deactivation; each mutation in one transaction with an audit event, each refusal typed and
// leaving the database exactly as it was. (users has no revision column: GX-3 does not apply.)
#include <catch2/catch.hpp>

#include <chrono>
#include <latch>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <vellum/cms/schema.hpp>
#include <vellum/cms/api_token_repository.hpp>
#include <vellum/cms/users_repository.hpp>
#include <vellum/testing/database_dump.hpp>
#include <vellum/testing/seed.hpp>

#include "cms_backend_fixture.hpp"
#include "refusal.hpp"

namespace {

namespace cms = vellum::cms;
namespace vt = vellum::testing;
using vellum::col;
using namespace std::chrono_literals;

const auto admin_actor = cms::actor::system("setup");

std::vector<cms::audit_event> audit_of(cms_backend::test_store& ms, const std::string& entity_id) {
  return vellum_test::audit_of(ms, "user", entity_id);
}

using vellum_test::refused;

cms::new_user valid_input() {
  return {.email = "Erin@Example.com ", .username = "Erin_B", .role = cms::user_role::editor, .first_name = "Erin"};
}

}  // namespace

TEST_CASE("create stores a normalised user and audits it in the same transaction [GX-2][GX-4][GX-7]",
          "[users][GX-2][GX-4][GX-7]") {
  auto ms = cms_backend::test_store();
  ms.clock.advance(5s);
  const auto u = ms.store().users().create(admin_actor, valid_input());

  CHECK(u.email == "erin@example.com");
  CHECK(u.username == "erin_b");
  CHECK(u.role == cms::user_role::editor);
  CHECK(u.first_name == "Erin");
  CHECK_FALSE(u.last_name.has_value());
  CHECK(u.is_active);
  CHECK(u.created_at == vt::default_start_time + 5s);
  CHECK(u.updated_at == u.created_at);
  CHECK(u.timezone == "UTC");
  CHECK(ms.store().users().get(u.id).email == "erin@example.com");

  const auto trail = audit_of(ms, u.id);
  REQUIRE(trail.size() == 1);
  CHECK(trail[0].action == "user.create");
  CHECK(trail[0].actor == "system:setup");
  CHECK(trail[0].at == u.created_at);
  CHECK(trail[0].data == nlohmann::json{{"username", "erin_b"}, {"role", "editor"}});  // no e-mail, no hash
}

TEST_CASE("create refuses bad input, every field at once, writing nothing [CR-8]", "[users][CR-8]") {
  auto ms = cms_backend::test_store();
  const auto e = refused<vellum::validation_error>(ms, [&] {
    (void)ms.store().users().create(cms::actor::system(""), {.email = "not-an-address",
                                                             .username = "x!",
                                                             .role = static_cast<cms::user_role>(42),
                                                             .first_name = std::string(101, 'a'),
                                                             .bio = std::string("\xFF"),
                                                             .timezone = "Mars Standard",
                                                             .language = "english!"});
  });
  CHECK(e.fields() ==
        vellum::validation_error::field_errors{
            {"actor", {"must name the user, token or job that acts"}},
            {"email", {"must be an e-mail address such as name@example.com"}},
            {"username",
             {"must be 3 to 50 characters long",
              "may hold only letters, digits, '.', '_' and '-', and must start and end with a letter or digit"}},
            {"role", {"must be admin, editor, author or viewer"}},
            {"first_name", {"must be at most 100 characters"}},
            {"bio", {"must be valid UTF-8 text"}},
            {"timezone", {"must be a time zone name such as UTC or Europe/Paris"}},
            {"language", {"must be a language tag such as en or pt-BR"}},
        });
}

TEST_CASE("e-mail addresses: what is accepted and refused [CR-8]", "[users][CR-8]") {
  for (const char* ok : {"a@b.co", "first.last+tag@sub.example.org", "o'neil@example.ie", "x@xn--p1ai.xn--p1ai",
                         "user@123.example.com"})
    CHECK(cms::is_valid_email(cms::normalize_email(ok)));
  for (const char* bad : {"", "plain", "@example.com", "a@", "a@b", "a@@b.com", "a@b@c.com", "a..b@example.com",
                          ".a@example.com", "a.@example.com", "a b@example.com", "a@-example.com", "a@example-.com",
                          "a@example..com", "a@example.123", "é@example.com", "a@exämple.com", "a@example.com."})
    CHECK_FALSE(cms::is_valid_email(cms::normalize_email(bad)));
  CHECK_FALSE(cms::is_valid_email(std::string(65, 'a') + "@example.com"));
  CHECK(cms::is_valid_email(std::string(64, 'a') + "@example.com"));
  CHECK_FALSE(cms::is_valid_email("a@" + std::string(250, 'b') + ".com"));
  CHECK(cms::normalize_email("  Mixed.Case@EXAMPLE.com\t") == "mixed.case@example.com");
}

TEST_CASE("usernames are 3 to 50 characters of letters, digits, . _ - [CR-8]", "[users][CR-8]") {
  auto ms = cms_backend::test_store();
  auto users = ms.store().users();
  for (const std::string& bad : std::vector<std::string>{"ab", std::string(51, 'a'), "-abc", "abc.", "ab c", "abé", "a/b"})
    CHECK(refused<vellum::validation_error>(ms, [&] {
            (void)users.create(admin_actor, {.email = "x@example.com", .username = bad});
          }).fields().contains("username"));
  CHECK(users.create(admin_actor, {.email = "a@example.com", .username = "abc"}).username == "abc");
  CHECK(users.create(admin_actor, {.email = "b@example.com", .username = std::string(50, 'b')}).username.size() == 50);
  CHECK(users.create(admin_actor, {.email = "c@example.com", .username = "J.Doe-2_x"}).username == "j.doe-2_x");
}

TEST_CASE("a taken e-mail or username is conflict{field}, whatever its case [GX-1]", "[users][GX-1]") {
  auto ms = cms_backend::test_store();
  auto users = ms.store().users();
  const auto erin = users.create(admin_actor, valid_input());

  const auto email = refused<vellum::conflict>(ms, [&] {
    (void)users.create(admin_actor, {.email = "ERIN@example.COM", .username = "someone"});
  });
  CHECK(email.field() == "email");
  const auto username = refused<vellum::conflict>(ms, [&] {
    (void)users.create(admin_actor, {.email = "other@example.com", .username = "ERIN_b"});
  });
  CHECK(username.field() == "username");
  CHECK(audit_of(ms, erin.id).size() == 1);
}

TEST_CASE("invited_by must name an existing user, and the invitation time is stamped", "[users][CR-8]") {
  auto ms = cms_backend::test_store();
  const auto inviter = vt::seed_user(ms);
  const auto e = refused<vellum::validation_error>(ms, [&] {
    (void)ms.store().users().create(admin_actor, {.email = "i@example.com", .username = "invitee", .invited_by = "nobody"});
  });
  CHECK(e.fields() == vellum::validation_error::field_errors{{"invited_by", {"no user has this id"}}});

  ms.clock.advance(1min);
  const auto invitee = ms.store().users().create(
      admin_actor, {.email = "i@example.com", .username = "invitee", .invited_by = inviter.id});
  CHECK(invitee.invited_by == inviter.id);
  CHECK(invitee.invited_at == ms.now());
  CHECK_FALSE(invitee.password_hash.has_value());
}

TEST_CASE("a failing audit write leaves no user behind [GX-1][GX-7]", "[users][GX-1][GX-7]") {
  auto ms = cms_backend::test_store();
  const auto before = cms_backend::dump(ms.db());
  {
    cms_backend::write_failure audit_down{ms.db(), "audit_events"};
    CHECK_THROWS_AS(ms.store().users().create(admin_actor, valid_input()), vellum::constraint_error);
  }
  CHECK(cms_backend::dump(ms.db()) == before);
  CHECK_FALSE(ms.store().users().find_by_username("erin_b").has_value());
  // without the failure the same input goes through
  CHECK(ms.store().users().create(admin_actor, valid_input()).username == "erin_b");
}

TEST_CASE("find by id, e-mail and username, and get of an unknown id is not_found", "[users]") {
  auto ms = cms_backend::test_store();
  auto users = ms.store().users();
  const auto erin = users.create(admin_actor, valid_input());
  CHECK(users.find(erin.id)->username == "erin_b");
  CHECK(users.find_by_email(" ERIN@example.com")->id == erin.id);
  CHECK(users.find_by_username("Erin_B")->id == erin.id);
  CHECK_FALSE(users.find("nobody").has_value());
  CHECK_FALSE(users.find_by_email("nobody@example.com").has_value());
  CHECK_FALSE(users.find_by_username("nobody").has_value());
  CHECK_THROWS_AS(users.get("nobody"), vellum::not_found);
}

TEST_CASE("update_profile changes what it is given, audits the field names [GX-4][GX-7]", "[users][GX-4][GX-7]") {
  auto ms = cms_backend::test_store();
  auto users = ms.store().users();
  auto erin = users.create(admin_actor, valid_input());
  ms.db().update<cms::user>().set(col<&cms::user::email_verified> = true).where(col<&cms::user::id> == erin.id).run();

  ms.clock.advance(1h);
  const auto after = users.update_profile(cms::actor::user(erin.id),
                                          erin.id, {.email = "erin@new.example", .first_name = "", .bio = "Editor.",
                                                    .timezone = "Europe/Paris", .theme = "light",
                                                    .email_notifications = false});
  CHECK(after.email == "erin@new.example");
  CHECK_FALSE(after.email_verified);  // a new address is unverified
  CHECK_FALSE(after.first_name.has_value());  // "" clears
  CHECK(after.bio == "Editor.");
  CHECK(after.timezone == "Europe/Paris");
  CHECK(after.theme == "light");
  CHECK_FALSE(after.email_notifications);
  CHECK(after.username == "erin_b");  // untouched
  CHECK(after.updated_at == vt::default_start_time + 1h);
  CHECK(after.created_at == erin.created_at);
  CHECK(users.get(erin.id).email == "erin@new.example");

  const auto trail = audit_of(ms, erin.id);
  REQUIRE(trail.size() == 2);
  CHECK(trail[1].action == "user.update");
  CHECK(trail[1].actor == "user:" + erin.id);
  CHECK(trail[1].data == nlohmann::json{{"fields", {"email", "first_name", "bio", "timezone", "theme",
                                                    "email_notifications"}}});
}

TEST_CASE("update_profile that changes nothing writes nothing", "[users]") {
  auto ms = cms_backend::test_store();
  auto users = ms.store().users();
  const auto erin = users.create(admin_actor, valid_input());
  const auto before = cms_backend::dump(ms.db());
  ms.clock.advance(1h);
  const auto same = users.update_profile(admin_actor, erin.id, {.email = "ERIN@example.com", .first_name = "Erin"});
  CHECK(same.updated_at == erin.updated_at);
  CHECK(cms_backend::dump(ms.db()) == before);
  CHECK(users.update_profile(admin_actor, erin.id, {}).updated_at == erin.updated_at);
}

TEST_CASE("update_profile refusals are typed and change nothing [CR-8][GX-1]", "[users][CR-8][GX-1]") {
  auto ms = cms_backend::test_store();
  auto users = ms.store().users();
  const auto erin = users.create(admin_actor, valid_input());
  const auto finn = vt::seed_user(ms, {.username = "finn"});

  CHECK(refused<vellum::conflict>(ms, [&] {
          (void)users.update_profile(admin_actor, finn.id, {.email = "erin@example.com"});
        }).field() == "email");
  CHECK(refused<vellum::conflict>(ms, [&] {
          (void)users.update_profile(admin_actor, finn.id, {.username = "ERIN_B", .bio = "kept?"});
        }).field() == "username");
  const auto invalid = refused<vellum::validation_error>(ms, [&] {
    (void)users.update_profile(admin_actor, erin.id,
                               {.email = "bad", .last_name = std::string(200, 'x'), .language = "", .theme = "dark mode"});
  });
  CHECK(invalid.fields().size() == 4);
  CHECK(invalid.fields().contains("theme"));
  refused<vellum::not_found>(ms, [&] { (void)users.update_profile(admin_actor, "nobody", {.bio = "x"}); });
  refused<vellum::validation_error>(ms, [&] { (void)users.update_profile(cms::actor::user(""), erin.id, {.bio = "x"}); });
}

TEST_CASE("set_role changes the role and audits from and to [GX-7]", "[users][GX-7]") {
  auto ms = cms_backend::test_store();
  auto users = ms.store().users();
  const auto root = vt::seed_user(ms, {.username = "root", .role = cms::user_role::admin});
  const auto erin = users.create(admin_actor, valid_input());

  ms.clock.advance(1s);
  const auto promoted = users.set_role(cms::actor::user(root.id), erin.id, cms::user_role::admin);
  CHECK(promoted.role == cms::user_role::admin);
  CHECK(promoted.updated_at == ms.now());
  const auto trail = audit_of(ms, erin.id);
  REQUIRE(trail.size() == 2);
  CHECK(trail[1].action == "user.set_role");
  CHECK(trail[1].data == nlohmann::json{{"from", "editor"}, {"to", "admin"}});

  // the same role again is a no-op
  const auto before = cms_backend::dump(ms.db());
  CHECK(users.set_role(admin_actor, erin.id, cms::user_role::admin).role == cms::user_role::admin);
  CHECK(cms_backend::dump(ms.db()) == before);

  // with two admins, one may step down
  CHECK(users.set_role(admin_actor, root.id, cms::user_role::viewer).role == cms::user_role::viewer);
}

TEST_CASE("the last active admin cannot be demoted or deactivated", "[users]") {
  auto ms = cms_backend::test_store();
  auto users = ms.store().users();
  const auto root = vt::seed_user(ms, {.username = "root", .role = cms::user_role::admin});
  const auto other = vt::seed_user(ms, {.username = "other", .role = cms::user_role::admin});
  users.deactivate(admin_actor, other.id);  // an inactive admin does not count

  refused<vellum::invalid_state>(ms, [&] { (void)users.set_role(admin_actor, root.id, cms::user_role::editor); });
  refused<vellum::invalid_state>(ms, [&] { (void)users.deactivate(admin_actor, root.id); });
  refused<vellum::validation_error>(ms, [&] {
    (void)users.set_role(admin_actor, root.id, static_cast<cms::user_role>(9));
  });
  refused<vellum::not_found>(ms, [&] { (void)users.set_role(admin_actor, "nobody", cms::user_role::editor); });

  users.reactivate(admin_actor, other.id);
  CHECK_FALSE(users.deactivate(admin_actor, root.id).is_active);
}

TEST_CASE("deactivate and reactivate flip is_active once, with audit events [GX-4][GX-7]", "[users][GX-4][GX-7]") {
  auto ms = cms_backend::test_store();
  auto users = ms.store().users();
  const auto erin = users.create(admin_actor, valid_input());
  const auto root = vt::seed_user(ms, {.username = "root", .role = cms::user_role::admin});
  const auto token =
      ms.store().api_tokens().create(cms::actor::user(root.id), {.user_id = root.id, .name = "ops", .scopes = {"users.delete"}});
  const auto who = cms::actor::token(token.token.id, root.id);

  ms.clock.advance(2s);
  const auto off = users.deactivate(who, erin.id);
  CHECK_FALSE(off.is_active);
  CHECK(off.updated_at == ms.now());
  refused<vellum::invalid_state>(ms, [&] { (void)users.deactivate(who, erin.id); });

  ms.clock.advance(2s);
  const auto on = users.reactivate(who, erin.id);
  CHECK(on.is_active);
  refused<vellum::invalid_state>(ms, [&] { (void)users.reactivate(who, erin.id); });
  refused<vellum::not_found>(ms, [&] { (void)users.reactivate(who, "nobody"); });

  const auto trail = audit_of(ms, erin.id);
  REQUIRE(trail.size() == 3);
  CHECK(trail[1].action == "user.deactivate");
  CHECK(trail[1].actor == "token:" + token.token.id);
  CHECK(trail[2].action == "user.reactivate");
  CHECK(trail[2].at == vt::default_start_time + 4s);
}

TEST_CASE("managing users needs the users permissions while a profile is its owner's to edit", "[users][permissions]") {
  auto ms = cms_backend::test_store();
  auto users = ms.store().users();
  const auto viewer = vt::seed_user(ms, {.username = "vera", .role = cms::user_role::viewer});
  const auto editor = vt::seed_user(ms, {.username = "eddie", .role = cms::user_role::editor});
  const auto admin = vt::seed_user(ms, {.username = "root", .role = cms::user_role::admin});
  const auto as_viewer = cms::actor::user(viewer.id);

  const auto create = refused<vellum::forbidden>(ms, [&] { (void)users.create(as_viewer, valid_input()); });
  CHECK_THAT(std::string(create.what()), Catch::Contains("users.create"));
  refused<vellum::forbidden>(ms, [&] { (void)users.set_role(as_viewer, viewer.id, cms::user_role::admin); });
  refused<vellum::forbidden>(ms, [&] { (void)users.update_profile(as_viewer, editor.id, {.bio = "x"}); });
  refused<vellum::forbidden>(ms, [&] { (void)users.deactivate(as_viewer, editor.id); });
  refused<vellum::forbidden>(ms, [&] { (void)users.deactivate(cms::actor::user(editor.id), viewer.id); });

  // one's own profile needs no grant; an admin holds every users permission
  CHECK(users.update_profile(as_viewer, viewer.id, {.bio = "reader"}).bio == "reader");
  CHECK(users.set_role(cms::actor::user(admin.id), viewer.id, cms::user_role::author).role == cms::user_role::author);
  CHECK_FALSE(users.deactivate(cms::actor::user(admin.id), editor.id).is_active);
}

TEST_CASE("a failing update rolls the user back with its audit event [GX-1]", "[users][GX-1]") {
  auto ms = cms_backend::test_store();
  auto users = ms.store().users();
  const auto erin = users.create(admin_actor, valid_input());
  const auto before = cms_backend::dump(ms.db());
  {
    cms_backend::write_failure audit_down{ms.db(), "audit_events"};
    CHECK_THROWS_AS(users.deactivate(admin_actor, erin.id), vellum::constraint_error);
    CHECK_THROWS_AS(users.set_role(admin_actor, erin.id, cms::user_role::author), vellum::constraint_error);
    CHECK_THROWS_AS(users.update_profile(admin_actor, erin.id, {.bio = "x"}), vellum::constraint_error);
  }
  CHECK(cms_backend::dump(ms.db()) == before);
}

TEST_CASE("seed_user fills a valid default and validates what it is given", "[users][testing]") {
  auto ms = cms_backend::test_store();
  const auto first = vt::seed_user(ms);
  CHECK(first.username == "user1");
  CHECK(first.email == "user1@example.com");
  CHECK(first.role == cms::user_role::viewer);
  CHECK(vt::seed_user(ms).username == "user2");
  const auto editor = vt::seed_user(ms, {.username = "Eddie", .role = cms::user_role::editor});
  CHECK(editor.email == "eddie@example.com");
  CHECK(audit_of(ms, editor.id).front().actor == "system:seed");
  CHECK_THROWS_AS(vt::seed_user(ms, {.email = "broken"}), vellum::validation_error);
  CHECK_THROWS_AS(vt::seed_user(ms, {.username = "Eddie"}), vellum::conflict);
}

TEST_CASE("two connections creating the same e-mail address: one user, one conflict{email} [GX-1]",
          "[users][GX-1][concurrency]") {
  const cms_backend::shared_database shared;  // migrated once

  const auto create = [&](const std::string& username, std::string& outcome) {
    try {
      cms_backend::database db(shared.url());
      cms::store_options options;
      options.migrate = false;  // migrated above
      cms_backend::store store(db, options);
      (void)store.users().create(admin_actor, {.email = "same@example.com", .username = username});
      outcome = "created";
    } catch (const vellum::conflict& e) {
      outcome = "conflict:" + e.field();
    } catch (const std::exception& e) {
      outcome = std::string("error:") + e.what();
    }
  };
  std::latch start(2);
  std::string a, b;
  std::thread ta([&] { start.arrive_and_wait(); create("first", a); });
  std::thread tb([&] { start.arrive_and_wait(); create("second", b); });
  ta.join();
  tb.join();

  CHECK(std::multiset<std::string>{a, b} == std::multiset<std::string>{"created", "conflict:email"});
  cms_backend::database check(shared.url());
  CHECK(check.query_value<std::int64_t>("SELECT count(*) FROM users") == 1);
  CHECK(check.query_value<std::int64_t>("SELECT count(*) FROM audit_events WHERE action = 'user.create'") == 1);
}
