// GX-8: retention per category, in batches; missing, zero or negative settings delete nothing.
#include <catch2/catch.hpp>

#include <vellum/cms/log_retention.hpp>
#include <vellum/cms/schema.hpp>

#include "cms_backend_fixture.hpp"

namespace cms = vellum::cms;
using vellum::col;

namespace {
void add_log(cms_backend::test_store& ms, cms::log_category category, vellum::unix_millis at) {
  ms.db().insert(cms::system_log{.id = ms.store().new_id(), .category = category, .message = "m", .created_at = at});
}
std::int64_t count_logs(cms_backend::test_store& ms, cms::log_category category) {
  return ms.db().select(vellum::count()).from<cms::system_log>().where(col<&cms::system_log::category> == category).one().value();
}
}  // namespace

TEST_CASE("retention deletes per category, in batches, and keeps what is recent", "[GX-8][logs]") {
  auto ms = cms_backend::test_store();
  const auto now = ms.clock.now();
  using std::chrono::days;
  for (int i = 0; i < 7; ++i) add_log(ms, cms::log_category::api, now - days(31));      // api keeps 30 days
  add_log(ms, cms::log_category::api, now - days(29));
  add_log(ms, cms::log_category::security, now - days(100));                          // security keeps 180
  add_log(ms, cms::log_category::auth, now - days(91));                               // auth keeps 90

  int deletes = 0;
  ms.db().set_logger([&](const vellum::query_event& e) { deletes += std::string_view(e.sql).starts_with("DELETE") ? 1 : 0; });
  const auto deleted = cms::purge_expired_logs(ms.store(), 3);
  ms.db().set_logger(nullptr);

  CHECK(deleted.at("api") == 7);
  CHECK(deleted.at("auth") == 1);
  CHECK(deleted.at("security") == 0);
  CHECK(count_logs(ms, cms::log_category::api) == 1);
  CHECK(count_logs(ms, cms::log_category::security) == 1);
  CHECK(deletes >= 3);  // 7 api rows in batches of 3: at least three DELETE statements for api alone
}

TEST_CASE("a missing, zero or negative retention setting deletes nothing", "[GX-8][logs]") {
  auto ms = cms_backend::test_store();
  const auto old = ms.clock.now() - std::chrono::days(10'000);
  add_log(ms, cms::log_category::api, old);
  add_log(ms, cms::log_category::media, old);
  add_log(ms, cms::log_category::plugin, old);
  ms.db().update<cms::log_config>().set(col<&cms::log_config::retention_days> = 0)
      .where(col<&cms::log_config::category> == cms::log_config_category::api).run();
  ms.db().update<cms::log_config>().set(col<&cms::log_config::retention_days> = -5)
      .where(col<&cms::log_config::category> == cms::log_config_category::media).run();
  ms.db().delete_from<cms::log_config>().where(col<&cms::log_config::category> == cms::log_config_category::plugin).run();

  const auto deleted = cms::purge_expired_logs(ms.store());
  CHECK(deleted.at("api") == 0);
  CHECK(deleted.at("media") == 0);
  CHECK(deleted.count("plugin") == 0);
  CHECK(count_logs(ms, cms::log_category::api) == 1);
  CHECK(count_logs(ms, cms::log_category::media) == 1);
  CHECK(count_logs(ms, cms::log_category::plugin) == 1);
}

TEST_CASE("audit events follow the 'audit' category and are kept without one", "[GX-8][logs]") {
  auto ms = cms_backend::test_store();
  const auto old = ms.clock.now() - std::chrono::days(400);
  ms.db().insert(cms::audit_event{.id = "a1", .at = old, .actor = "system:test", .action = "x", .entity_type = "t", .entity_id = "1"});
  CHECK(cms::purge_expired_logs(ms.store()).count("audit") == 0);
  CHECK(ms.db().select(vellum::count()).from<cms::audit_event>().one().value() >= 1);

  ms.db().insert(cms::log_config{.id = "log-config-audit", .category = cms::log_config_category::audit, .retention_days = 365});
  const auto deleted = cms::purge_expired_logs(ms.store());
  CHECK(deleted.at("audit") >= 1);
  CHECK(ms.db().select(vellum::count()).from<cms::audit_event>().where(col<&cms::audit_event::at> < ms.clock.now() - std::chrono::days(365)).one().value() == 0);
}
