// plugin_registry: install (unique names), activation with dependencies, deactivation with
// dependents, error status, hooks in priority order across active plugins, routes, the
// plugins.manage permission, and atomic, audited mutations.
#include <catch2/catch.hpp>

#include <latch>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <vellum/cms/plugin_registry.hpp>
#include <vellum/cms/schema.hpp>
#include <vellum/testing/database_dump.hpp>
#include <vellum/testing/seed.hpp>

#include "cms_backend_fixture.hpp"
#include "refusal.hpp"

namespace {

namespace cms = vellum::cms;
namespace vt = vellum::testing;
using field_errors = vellum::validation_error::field_errors;
using vellum_test::refused;
using namespace std::chrono_literals;

const auto setup = cms::actor::system("setup");

struct plugin_fixture {
  cms_backend::test_store ms;
  cms::user admin = vt::seed_user(ms, {.username = "ada", .role = cms::user_role::admin});

  auto plugins() { return ms.store().plugins(); }

  cms::plugin install(const std::string& name, nlohmann::json dependencies = nlohmann::json::array()) {
    return plugins().install(setup, {.name = name,
                                     .display_name = "The " + name + " plugin",
                                     .version = "1.0.0",
                                     .author = "Acme",
                                     .category = "content",
                                     .dependencies = std::move(dependencies)});
  }
};

std::vector<std::string> handlers_of(const std::vector<cms::plugin_hook>& hooks) {
  std::vector<std::string> out;
  for (const auto& h : hooks) out.push_back(h.handler_name);
  return out;
}

std::string message_of(const std::exception& e) { return e.what(); }

}  // namespace

TEST_CASE("install stores an inactive plugin and audits it", "[plugins][GX-2][GX-7]") {
  plugin_fixture f;
  f.ms.clock.advance(5s);
  const auto p = f.plugins().install(cms::actor::user(f.admin.id),
                                     {.name = "seo-tools",
                                      .display_name = "SEO tools",
                                      .description = "",
                                      .version = "2.1.0",
                                      .author = "Acme",
                                      .category = "seo",
                                      .settings = {{"sitemap", true}},
                                      .permissions = {"seo.manage", "content.read", "seo.manage"},
                                      .dependencies = {"core-auth"}});
  const auto row = f.plugins().get(p.id);
  CHECK(row.name == "seo-tools");
  CHECK(row.status == cms::plugin_status::inactive);
  CHECK_FALSE(row.description.has_value());
  CHECK(row.settings == nlohmann::json{{"sitemap", true}});
  CHECK(row.permissions == nlohmann::json{"content.read", "seo.manage"});
  CHECK(row.dependencies == nlohmann::json{"core-auth"});  // need not be installed yet
  CHECK(row.installed_at == f.ms.now());
  CHECK_FALSE(row.activated_at.has_value());
  CHECK(f.plugins().find_by_name("seo-tools")->id == p.id);
  CHECK_FALSE(f.plugins().find_by_name("other").has_value());

  const auto trail = vellum_test::audit_of(f.ms, "plugin", p.id);
  REQUIRE(trail.size() == 1);
  CHECK(trail[0].action == "plugin.install");
  CHECK(trail[0].actor == "user:" + f.admin.id);
  CHECK(trail[0].data ==
        nlohmann::json{{"name", "seo-tools"}, {"version", "2.1.0"}, {"dependencies", {"core-auth"}}});
}

TEST_CASE("install refuses a taken name with conflict{name} and bad input field by field", "[plugins][GX-1]") {
  plugin_fixture f;
  (void)f.install("gallery");
  CHECK(refused<vellum::conflict>(f.ms, [&] { (void)f.install("gallery"); }).field() == "name");

  const auto e = refused<vellum::validation_error>(f.ms, [&] {
    (void)f.plugins().install(setup, {.name = "Bad Name",
                                      .display_name = "",
                                      .version = "",
                                      .author = "a",
                                      .category = "c",
                                      .settings = nlohmann::json::array(),
                                      .permissions = {1},
                                      .dependencies = {"Not A Name"}});
  });
  CHECK(e.fields() == field_errors{{"name", {"must be 1 to 100 of a-z, 0-9, '_' and '-', starting with a letter"}},
                                   {"display_name", {"must not be empty"}},
                                   {"version", {"must not be empty"}},
                                   {"settings", {"must be a JSON object"}},
                                   {"permissions[0]", {"must be a text"}},
                                   {"dependencies", {"'Not A Name' is not a plugin name"}}});
  CHECK(refused<vellum::validation_error>(f.ms, [&] { (void)f.install("loop", {"loop"}); }).fields() ==
        field_errors{{"dependencies", {"a plugin cannot depend on itself"}}});
  CHECK(refused<vellum::validation_error>(f.ms, [&] { (void)f.install("x", "core"); }).fields() ==
        field_errors{{"dependencies", {"must be a JSON array of texts"}}});
}

TEST_CASE("activate needs every dependency installed and active", "[plugins][GX-1][GX-7]") {
  plugin_fixture f;
  const auto forms = f.install("forms", {"core-auth", "email"});
  const auto email = f.install("email");

  // core-auth is missing and email inactive: both named, nothing changes.
  auto e = refused<vellum::invalid_state>(f.ms, [&] { (void)f.plugins().activate(setup, forms.id); });
  CHECK(message_of(e) == "activate plugin: plugin 'forms' has dependencies not installed: 'core-auth'; not active: 'email'");

  const auto auth = f.install("core-auth");
  (void)f.plugins().activate(setup, auth.id);
  e = refused<vellum::invalid_state>(f.ms, [&] { (void)f.plugins().activate(setup, forms.id); });
  CHECK(message_of(e) == "activate plugin: plugin 'forms' has dependencies not active: 'email'");

  (void)f.plugins().activate(setup, email.id);
  f.ms.clock.advance(1min);
  const auto active = f.plugins().activate(cms::actor::user(f.admin.id), forms.id);
  CHECK(active.status == cms::plugin_status::active);
  CHECK(f.plugins().get(forms.id).activated_at == f.ms.now());
  CHECK(refused<vellum::invalid_state>(f.ms, [&] { (void)f.plugins().activate(setup, forms.id); }).what() ==
        std::string("activate plugin: plugin 'forms' is already active"));
  (void)refused<vellum::not_found>(f.ms, [&] { (void)f.plugins().activate(setup, "no-such-id"); });

  const auto trail = vellum_test::audit_of(f.ms, "plugin", forms.id);
  REQUIRE(trail.size() == 2);
  CHECK(trail[1].action == "plugin.activate");
  CHECK(trail[1].data == nlohmann::json{{"name", "forms"}, {"from", "inactive"}});
}

TEST_CASE("deactivate is refused while an active plugin depends on it", "[plugins][GX-1][GX-7]") {
  plugin_fixture f;
  const auto base = f.install("base");
  const auto a = f.install("alpha", {"base"});
  const auto b = f.install("beta", {"base"});
  const auto c = f.install("gamma", {"base"});  // stays inactive: does not hold base up
  (void)c;
  for (const auto* p : {&base, &a, &b}) (void)f.plugins().activate(setup, p->id);

  auto e = refused<vellum::invalid_state>(f.ms, [&] { (void)f.plugins().deactivate(setup, base.id); });
  CHECK(message_of(e) == "deactivate plugin: active plugins depend on plugin 'base': 'alpha', 'beta'");
  (void)f.plugins().deactivate(setup, a.id);
  e = refused<vellum::invalid_state>(f.ms, [&] { (void)f.plugins().deactivate(setup, base.id); });
  CHECK(message_of(e) == "deactivate plugin: active plugins depend on plugin 'base': 'beta'");
  (void)f.plugins().deactivate(setup, b.id);

  const auto off = f.plugins().deactivate(setup, base.id);
  CHECK(off.status == cms::plugin_status::inactive);
  CHECK(f.plugins().get(base.id).status == cms::plugin_status::inactive);
  (void)refused<vellum::invalid_state>(f.ms, [&] { (void)f.plugins().deactivate(setup, base.id); });
  const auto trail = vellum_test::audit_of(f.ms, "plugin", base.id);
  REQUIRE(trail.size() == 3);
  CHECK(trail[2].action == "plugin.deactivate");
  CHECK(trail[2].data == nlohmann::json{{"name", "base"}, {"from", "active"}});
}

TEST_CASE("record_error sets the error status and activation clears it", "[plugins][GX-7]") {
  plugin_fixture f;
  const auto p = f.install("search");
  (void)f.plugins().activate(setup, p.id);
  const auto failed = f.plugins().record_error(setup, p.id, "index is corrupt");
  CHECK(failed.status == cms::plugin_status::error);
  CHECK(f.plugins().get(p.id).error_message == "index is corrupt");
  CHECK(refused<vellum::validation_error>(f.ms, [&] { (void)f.plugins().record_error(setup, p.id, " "); }).fields() ==
        field_errors{{"message", {"must not be empty"}}});
  (void)refused<vellum::not_found>(f.ms, [&] { (void)f.plugins().record_error(setup, "nope", "x"); });

  const auto again = f.plugins().activate(setup, p.id);
  CHECK(again.status == cms::plugin_status::active);
  CHECK_FALSE(f.plugins().get(p.id).error_message.has_value());
  (void)f.plugins().record_error(setup, p.id, "again");
  CHECK(f.plugins().deactivate(setup, p.id).status == cms::plugin_status::inactive);  // error → inactive

  const auto trail = vellum_test::audit_of(f.ms, "plugin", p.id);
  REQUIRE(trail.size() == 6);
  CHECK(trail[2].action == "plugin.error");
  CHECK(trail[2].data == nlohmann::json{{"name", "search"}, {"message", "index is corrupt"}});
  CHECK(trail[3].data == nlohmann::json{{"name", "search"}, {"from", "error"}});
}

TEST_CASE("hooks_for lists a hook's handlers in priority order across active plugins only", "[plugins]") {
  plugin_fixture f;
  const auto a = f.install("alpha");
  const auto b = f.install("beta");
  const auto off = f.install("gamma");
  (void)f.plugins().activate(setup, a.id);
  (void)f.plugins().activate(setup, b.id);
  (void)f.plugins().add_hook(setup, a.id, {.hook_name = "content:save", .handler_name = "a-late", .priority = 50});
  (void)f.plugins().add_hook(setup, b.id, {.hook_name = "content:save", .handler_name = "b-first", .priority = 1});
  (void)f.plugins().add_hook(setup, a.id, {.hook_name = "content:save", .handler_name = "a-default"});
  (void)f.plugins().add_hook(setup, b.id, {.hook_name = "content:save", .handler_name = "b-default"});  // added after a-default
  (void)f.plugins().add_hook(setup, a.id, {.hook_name = "media:upload", .handler_name = "a-other"});
  (void)f.plugins().add_hook(setup, off.id, {.hook_name = "content:save", .handler_name = "gamma-inactive", .priority = 0});

  CHECK(handlers_of(f.plugins().hooks_for("content:save")) ==
        std::vector<std::string>{"b-first", "a-default", "b-default", "a-late"});
  CHECK(handlers_of(f.plugins().hooks_for("media:upload")) == std::vector<std::string>{"a-other"});
  CHECK(f.plugins().hooks_for("unknown").empty());

  // A plugin in error or deactivated serves no hooks; one activated does.
  (void)f.plugins().record_error(setup, b.id, "broken");
  CHECK(handlers_of(f.plugins().hooks_for("content:save")) == std::vector<std::string>{"a-default", "a-late"});
  (void)f.plugins().activate(setup, off.id);
  CHECK(handlers_of(f.plugins().hooks_for("content:save")) ==
        std::vector<std::string>{"gamma-inactive", "a-default", "a-late"});
  CHECK(handlers_of(f.plugins().hooks_of(a.id)) == std::vector<std::string>{"a-default", "a-late", "a-other"});
}

TEST_CASE("a hook is unique per plugin and hook and handler - a route per plugin and path and method", "[plugins][GX-1]") {
  plugin_fixture f;
  const auto a = f.install("alpha");
  const auto b = f.install("beta");
  const auto hook = f.plugins().add_hook(setup, a.id, {.hook_name = "content:save", .handler_name = "h"});
  CHECK(hook.priority == 10);
  CHECK(refused<vellum::conflict>(f.ms, [&] {
          (void)f.plugins().add_hook(setup, a.id, {.hook_name = "content:save", .handler_name = "h", .priority = 3});
        }).field() == "hook");
  // Another plugin, another hook name or another handler is another hook.
  (void)f.plugins().add_hook(setup, b.id, {.hook_name = "content:save", .handler_name = "h"});
  (void)f.plugins().add_hook(setup, a.id, {.hook_name = "content:delete", .handler_name = "h"});
  (void)f.plugins().add_hook(setup, a.id, {.hook_name = "content:save", .handler_name = "h2"});

  const auto route = f.plugins().add_route(
      setup, a.id, {.path = "/api/forms", .method = cms::route_method::post, .handler_name = "submit",
                    .middleware = nlohmann::json{"auth"}});
  CHECK(route.middleware == nlohmann::json{"auth"});
  const auto e = refused<vellum::conflict>(f.ms, [&] {
    (void)f.plugins().add_route(setup, a.id, {.path = "/api/forms", .method = cms::route_method::post, .handler_name = "x"});
  });
  CHECK(e.field() == "route");
  CHECK(message_of(e) == "add plugin route: the plugin already serves POST /api/forms");
  (void)f.plugins().add_route(setup, a.id, {.path = "/api/forms", .method = cms::route_method::get, .handler_name = "list"});
  (void)f.plugins().add_route(setup, b.id, {.path = "/api/forms", .method = cms::route_method::post, .handler_name = "b"});

  CHECK(refused<vellum::validation_error>(f.ms, [&] {
          (void)f.plugins().add_route(setup, a.id, {.path = "api/x y", .handler_name = ""});
        }).fields() == field_errors{{"path", {"must start with '/' and hold no spaces or control characters"}},
                                    {"handler_name", {"must not be empty"}}});
  CHECK(refused<vellum::validation_error>(f.ms, [&] {
          (void)f.plugins().add_hook(setup, a.id, {.hook_name = " ", .handler_name = "h"});
        }).fields() == field_errors{{"hook_name", {"must not be empty"}}});
  (void)refused<vellum::not_found>(f.ms, [&] {
    (void)f.plugins().add_hook(setup, "no-plugin", {.hook_name = "x", .handler_name = "h"});
  });

  const auto routes = f.plugins().routes_of(a.id);
  REQUIRE(routes.size() == 2);
  CHECK(routes[0].method == cms::route_method::get);
  CHECK(routes[1].method == cms::route_method::post);
  CHECK(f.plugins().active_routes().empty());  // neither plugin is active
  (void)f.plugins().activate(setup, b.id);
  const auto served = f.plugins().active_routes();
  REQUIRE(served.size() == 1);
  CHECK(served[0].handler_name == "b");

  const auto trail = vellum_test::audit_of(f.ms, "plugin", a.id);
  REQUIRE(trail.size() == 6);  // install, 3 hooks, 2 routes
  CHECK(trail[1].action == "plugin.hook.add");
  CHECK(trail[1].data == nlohmann::json{{"hook_id", hook.id}, {"hook_name", "content:save"}, {"handler_name", "h"},
                                        {"priority", 10}});
  CHECK(trail[4].action == "plugin.route.add");
  CHECK(trail[4].data == nlohmann::json{{"route_id", route.id}, {"path", "/api/forms"}, {"method", "POST"}});
}

TEST_CASE("only plugins.manage (admins and system jobs) changes plugins", "[plugins][permissions]") {
  plugin_fixture f;
  const auto editor = vt::seed_user(f.ms, {.username = "erin", .role = cms::user_role::editor});
  const auto viewer = vt::seed_user(f.ms, {.username = "vic", .role = cms::user_role::viewer});
  const auto p = f.install("alpha");
  for (const auto* u : {&editor, &viewer}) {
    const auto who = cms::actor::user(u->id);
    INFO(u->username);
    CHECK(refused<vellum::forbidden>(f.ms, [&] {
            (void)f.plugins().install(who, {.name = "beta", .display_name = "B", .version = "1", .author = "a",
                                            .category = "c"});
          }).permission() == "plugins.manage");
    (void)refused<vellum::forbidden>(f.ms, [&] { (void)f.plugins().activate(who, p.id); });
    (void)refused<vellum::forbidden>(f.ms, [&] { (void)f.plugins().record_error(who, p.id, "x"); });
    (void)refused<vellum::forbidden>(f.ms, [&] {
      (void)f.plugins().add_hook(who, p.id, {.hook_name = "x", .handler_name = "h"});
    });
    (void)refused<vellum::forbidden>(f.ms, [&] {
      (void)f.plugins().add_route(who, p.id, {.path = "/x", .handler_name = "h"});
    });
    // Reads need no permission: the registry is what a host's own authorisation sits on.
    CHECK(f.plugins().list().size() == 1);
  }
  const auto admin = cms::actor::user(f.admin.id);
  CHECK(f.plugins().activate(admin, p.id).status == cms::plugin_status::active);
  (void)refused<vellum::forbidden>(f.ms, [&] { (void)f.plugins().deactivate(cms::actor::user(editor.id), p.id); });
  CHECK(f.plugins().deactivate(admin, p.id).status == cms::plugin_status::inactive);
}

TEST_CASE("a plugin mutation whose audit event fails leaves nothing behind", "[plugins][GX-1][GX-7]") {
  plugin_fixture f;
  const auto p = f.install("alpha");
  const auto before = cms_backend::dump(f.ms.db());
  {
    cms_backend::write_failure audit_down{f.ms.db(), "audit_events"};
    CHECK_THROWS_AS(f.install("beta"), vellum::constraint_error);
    CHECK_THROWS_AS(f.plugins().activate(setup, p.id), vellum::constraint_error);
    CHECK_THROWS_AS(f.plugins().add_hook(setup, p.id, {.hook_name = "x", .handler_name = "h"}), vellum::constraint_error);
    CHECK_THROWS_AS(f.plugins().add_route(setup, p.id, {.path = "/x", .handler_name = "h"}), vellum::constraint_error);
  }
  CHECK(cms_backend::dump(f.ms.db()) == before);
}

TEST_CASE("two connections installing the same plugin name: one plugin and one conflict{name}",
          "[plugins][GX-1][concurrency]") {
  const cms_backend::shared_database shared;  // migrated once

  const auto install = [&](const std::string& version, std::string& outcome) {
    try {
      cms_backend::database db(shared.url());
      cms::store_options options;
      options.migrate = false;  // migrated above
      cms_backend::store store(db, options);
      (void)store.plugins().install(
          setup, {.name = "same", .display_name = "Same", .version = version, .author = "a", .category = "c"});
      outcome = "installed";
    } catch (const vellum::conflict& e) {
      outcome = "conflict:" + e.field();
    } catch (const std::exception& e) {
      outcome = std::string("error:") + e.what();
    }
  };
  std::latch start(2);
  std::string a, b;
  std::thread ta([&] { start.arrive_and_wait(); install("1.0.0", a); });
  std::thread tb([&] { start.arrive_and_wait(); install("2.0.0", b); });
  ta.join();
  tb.join();

  CHECK(std::multiset<std::string>{a, b} == std::multiset<std::string>{"installed", "conflict:name"});
  cms_backend::database check(shared.url());
  CHECK(check.query_value<std::int64_t>("SELECT count(*) FROM plugins") == 1);
  CHECK(check.query_value<std::int64_t>("SELECT count(*) FROM audit_events WHERE action = 'plugin.install'") == 1);
}
