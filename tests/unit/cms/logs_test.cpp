// log_repository: write() with level/category checks and log_config filtering, query() filters
// newest first, and apply_retention() as GX-8's purge.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include <vellum/cms/log_repository.hpp>
#include <vellum/cms/schema.hpp>
#include <vellum/testing/seed.hpp>

#include "cms_backend_fixture.hpp"
#include "refusal.hpp"

namespace {

namespace cms = vellum::cms;
namespace vt = vellum::testing;
using vellum::col;
using vellum_test::refused;
using namespace std::chrono_literals;

std::int64_t log_count(cms_backend::test_store& ms) {
  return ms.db().select(vellum::count()).from<cms::system_log>().one().value_or(0);
}

void configure(cms_backend::test_store& ms, cms::log_config_category category, bool enabled, cms::log_level level) {
  ms.db()
      .update<cms::log_config>()
      .set(col<&cms::log_config::enabled> = enabled, col<&cms::log_config::level> = level)
      .where(col<&cms::log_config::category> == category)
      .run();
}

std::vector<std::string> messages(const std::vector<cms::system_log>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.message);
  return out;
}

}  // namespace

TEST_CASE("write stores the event with its data and context, stamped by the store's clock", "[logs]") {
  auto ms = cms_backend::test_store();
  const auto erin = vt::seed_user(ms, {.username = "erin"});
  ms.clock.advance(3s);
  CHECK(ms.store().logs().write(cms::log_level::warn, cms::log_category::auth, "login failed",
                                nlohmann::json{{"attempts", 3}},
                                {.user_id = erin.id, .request_id = "req-7", .ip_address = "192.0.2.1",
                                 .status_code = 401, .tags = nlohmann::json::array({"login"})}));
  const auto rows = ms.store().logs().query();
  REQUIRE(rows.size() == 1);
  const auto& r = rows[0];
  CHECK(r.level == cms::log_level::warn);
  CHECK(r.category == cms::log_category::auth);
  CHECK(r.message == "login failed");
  CHECK(r.data == nlohmann::json{{"attempts", 3}});
  CHECK(r.user_id == erin.id);
  CHECK(r.request_id == "req-7");
  CHECK(r.ip_address == "192.0.2.1");
  CHECK(r.status_code == 401);
  CHECK(r.tags == nlohmann::json::array({"login"}));
  CHECK_FALSE(r.session_id.has_value());
  CHECK(r.created_at == ms.now());

  // By name, as a host receives them.
  CHECK(ms.store().logs().write("error", "api", "upstream timed out"));
  CHECK(log_count(ms) == 2);
}

TEST_CASE("write refuses an unknown level or category and bad fields, writing nothing", "[logs]") {
  auto ms = cms_backend::test_store();
  auto logs = ms.store().logs();
  using fields = vellum::validation_error::field_errors;
  CHECK(refused<vellum::validation_error>(ms, [&] { (void)logs.write("verbose", "billing", ""); }).fields() ==
        fields{{"level", {"must be debug, info, warn, error or fatal"}},
               {"category", {"must be auth, api, workflow, plugin, media, system, security or error"}},
               {"message", {"must not be empty"}}});
  // "audit" configures retention only; nothing logs under it.
  CHECK(refused<vellum::validation_error>(ms, [&] { (void)logs.write("info", "audit", "m"); }).fields().contains("category"));
  CHECK(refused<vellum::validation_error>(ms, [&] {
          (void)logs.write(static_cast<cms::log_level>(42), static_cast<cms::log_category>(-1), "m");
        }).fields().size() == 2);
  CHECK(refused<vellum::validation_error>(ms, [&] {
          (void)logs.write(cms::log_level::info, cms::log_category::api, std::string(cms::max_log_message_length + 1, 'm'));
        }).fields().contains("message"));
  CHECK(refused<vellum::validation_error>(ms, [&] {
          (void)logs.write(cms::log_level::info, cms::log_category::api, "m", std::nullopt,
                           {.user_id = "nobody", .tags = nlohmann::json{{"not", "an array"}}});
        }).fields() == fields{{"context.tags", {"must be an array of strings"}},
                              {"context.user_id", {"no user has this id"}}});
  CHECK(log_count(ms) == 0);
}

TEST_CASE("a disabled category or a level below the configured one is not written", "[logs]") {
  auto ms = cms_backend::test_store();
  auto logs = ms.store().logs();
  // Seeded: plugin logs from warn, error from error, the others from info.
  CHECK_FALSE(logs.write(cms::log_level::info, cms::log_category::plugin, "loaded"));
  CHECK(logs.write(cms::log_level::warn, cms::log_category::plugin, "slow hook"));
  CHECK_FALSE(logs.write(cms::log_level::warn, cms::log_category::error, "handled"));
  CHECK(logs.write(cms::log_level::fatal, cms::log_category::error, "crashed"));
  CHECK_FALSE(logs.write(cms::log_level::debug, cms::log_category::api, "request"));

  configure(ms, cms::log_config_category::api, false, cms::log_level::debug);
  CHECK_FALSE(logs.write(cms::log_level::fatal, cms::log_category::api, "disabled"));
  configure(ms, cms::log_config_category::api, true, cms::log_level::debug);
  CHECK(logs.write(cms::log_level::debug, cms::log_category::api, "request"));

  // A category without a row logs every level.
  ms.db().delete_from<cms::log_config>().where(col<&cms::log_config::category> == cms::log_config_category::media).run();
  CHECK(logs.write(cms::log_level::debug, cms::log_category::media, "thumbnail"));

  CHECK(messages(logs.query()) == std::vector<std::string>{"thumbnail", "request", "crashed", "slow hook"});
}

TEST_CASE("query filters by level, category and time range, newest first, up to the limit", "[logs]") {
  auto ms = cms_backend::test_store();
  auto logs = ms.store().logs();
  const auto start = ms.now();
  const auto log = [&](cms::log_level level, cms::log_category category, const char* message) {
    REQUIRE(logs.write(level, category, message));
    ms.clock.advance(1min);
  };
  log(cms::log_level::info, cms::log_category::auth, "a");
  log(cms::log_level::error, cms::log_category::api, "b");
  log(cms::log_level::warn, cms::log_category::auth, "c");
  log(cms::log_level::fatal, cms::log_category::system, "d");
  log(cms::log_level::info, cms::log_category::api, "e");

  using v = std::vector<std::string>;
  CHECK(messages(logs.query()) == v{"e", "d", "c", "b", "a"});
  CHECK(messages(logs.query({.min_level = cms::log_level::warn})) == v{"d", "c", "b"});
  CHECK(messages(logs.query({.min_level = cms::log_level::error})) == v{"d", "b"});
  CHECK(messages(logs.query({.category = cms::log_category::auth})) == v{"c", "a"});
  CHECK(messages(logs.query({.min_level = cms::log_level::warn, .category = cms::log_category::api})) == v{"b"});
  CHECK(messages(logs.query({.from = start + 1min, .until = start + 3min})) == v{"c", "b"});
  CHECK(messages(logs.query({.limit = 2})) == v{"e", "d"});

  // Same millisecond: the id breaks the tie, so the order is stable.
  CHECK(logs.write(cms::log_level::info, cms::log_category::api, "f1"));
  CHECK(logs.write(cms::log_level::info, cms::log_category::api, "f2"));
  CHECK(messages(logs.query({.limit = 2})) == v{"f2", "f1"});

  CHECK_THROWS_AS(logs.query({.limit = 0}), vellum::validation_error);
  CHECK_THROWS_AS(logs.query({.limit = cms::max_log_query_limit + 1}), vellum::validation_error);
  CHECK_THROWS_AS(logs.query({.from = start, .until = start}), vellum::validation_error);
}

TEST_CASE("apply_retention is the per-category purge of log_retention", "[logs][GX-8]") {
  auto ms = cms_backend::test_store();
  auto logs = ms.store().logs();
  REQUIRE(logs.write(cms::log_level::info, cms::log_category::api, "old api"));       // api keeps 30 days
  REQUIRE(logs.write(cms::log_level::warn, cms::log_category::security, "old sec"));  // security keeps 180
  ms.clock.advance(std::chrono::days(31));
  REQUIRE(logs.write(cms::log_level::info, cms::log_category::api, "new api"));

  const auto deleted = logs.apply_retention(1);
  CHECK(deleted.at("api") == 1);
  CHECK(deleted.at("security") == 0);
  CHECK(messages(logs.query()) == std::vector<std::string>{"new api", "old sec"});
}
