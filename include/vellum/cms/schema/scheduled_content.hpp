// The `scheduled_content` table: publish/unpublish/archive actions due at a UTC millisecond time
// (SC-*). A runner claims a row (pending → running, claimed_by, lease_until) in one UPDATE (SC-5);
// at most one live action per (item, action) through the partial unique index (SC-3).
//
//   auto due = db.select<scheduled_content>().where(col<&scheduled_content::status> == schedule_status::pending &&
//                  col<&scheduled_content::scheduled_at> <= now).order_by(col<&scheduled_content::scheduled_at>).all();
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "vellum/cms/schema/content.hpp"
#include "vellum/cms/schema/users.hpp"
#include "vellum/core/enum_names.hpp"
#include "vellum/core/time.hpp"
#include "vellum/schema/table.hpp"

namespace vellum::cms {

enum class schedule_action { publish, unpublish, archive };
constexpr auto vellum_enum_names(tag<schedule_action>) {
  return enum_names<schedule_action>({{schedule_action::publish, "publish"},
                                      {schedule_action::unpublish, "unpublish"},
                                      {schedule_action::archive, "archive"}});
}

enum class schedule_status { pending, running, completed, failed, cancelled };
constexpr auto vellum_enum_names(tag<schedule_status>) {
  return enum_names<schedule_status>({{schedule_status::pending, "pending"},
                                      {schedule_status::running, "running"},
                                      {schedule_status::completed, "completed"},
                                      {schedule_status::failed, "failed"},
                                      {schedule_status::cancelled, "cancelled"}});
}

struct scheduled_content {
  std::string id{};
  std::string content_id{};
  schedule_action action = schedule_action::publish;
  unix_millis scheduled_at{};
  std::string timezone = "UTC";  // only what the user saw; scheduled_at is UTC
  std::string user_id{};
  schedule_status status = schedule_status::pending;
  unix_millis created_at{};
  std::optional<unix_millis> executed_at{};
  std::optional<std::string> error_message{};
  std::optional<std::int64_t> version{};  // the version a scheduled publish pins (SC-2)
  std::optional<std::string> claimed_by{};
  std::optional<unix_millis> lease_until{};
  std::optional<std::int64_t> late_ms{};
};

constexpr auto vellum_table(tag<scheduled_content>) {
  return table<scheduled_content>(
             "scheduled_content",
             column(&scheduled_content::id, "id").primary_key(),
             column(&scheduled_content::content_id, "content_id")
                 .references<&content::id>()
                 .on_delete(fk_action::cascade),
             column(&scheduled_content::action, "action"),
             column(&scheduled_content::scheduled_at, "scheduled_at"),
             column(&scheduled_content::timezone, "timezone").default_value("UTC"),
             column(&scheduled_content::user_id, "user_id").references<&user::id>().on_delete(fk_action::restrict),
             column(&scheduled_content::status, "status").default_value(schedule_status::pending),
             column(&scheduled_content::created_at, "created_at").default_now(),
             column(&scheduled_content::executed_at, "executed_at"),
             column(&scheduled_content::error_message, "error_message"),
             column(&scheduled_content::version, "version").check("version >= 1"),
             column(&scheduled_content::claimed_by, "claimed_by"),
             column(&scheduled_content::lease_until, "lease_until"),
             column(&scheduled_content::late_ms, "late_ms").check("late_ms >= 0"))
      .strict()
      .check("version IS NULL OR action = 'publish'")
      .check("status <> 'running' OR (claimed_by IS NOT NULL AND lease_until IS NOT NULL)")
      .unique_index("ux_scheduled_content_live", &scheduled_content::content_id, &scheduled_content::action)
      .partial("status IN ('pending', 'running')")
      .index("idx_scheduled_content_due", &scheduled_content::status, &scheduled_content::scheduled_at,
             &scheduled_content::id)
      .index("idx_scheduled_content_content", &scheduled_content::content_id)
      .relation<one<"content", &scheduled_content::content_id, &content::id>>()
      .relation<one<"user", &scheduled_content::user_id, &user::id>>();
}

}  // namespace vellum::cms
