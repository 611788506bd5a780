// `system_logs` (one row per log event) and `log_config` (per-category settings, including the
// retention that GX-8 applies; the extra category `audit` configures audit_events retention).
//
//   db.insert(system_log{.id = id, .level = log_level::warn, .category = log_category::auth, .message = "…"});
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "vellum/cms/schema/users.hpp"
#include "vellum/core/enum_names.hpp"
#include "vellum/core/time.hpp"
#include "vellum/schema/table.hpp"

namespace vellum::cms {

enum class log_level { debug, info, warn, error, fatal };
constexpr auto vellum_enum_names(tag<log_level>) {
  return enum_names<log_level>({{log_level::debug, "debug"},
                                {log_level::info, "info"},
                                {log_level::warn, "warn"},
                                {log_level::error, "error"},
                                {log_level::fatal, "fatal"}});
}

enum class log_category { auth, api, workflow, plugin, media, system, security, error };
constexpr auto vellum_enum_names(tag<log_category>) {
  return enum_names<log_category>({{log_category::auth, "auth"},
                                   {log_category::api, "api"},
                                   {log_category::workflow, "workflow"},
                                   {log_category::plugin, "plugin"},
                                   {log_category::media, "media"},
                                   {log_category::system, "system"},
                                   {log_category::security, "security"},
                                   {log_category::error, "error"}});
}

/// The categories log_config holds settings for: every log_category, and `audit` for the
/// retention of audit_events.
enum class log_config_category { auth, api, workflow, plugin, media, system, security, error, audit };
constexpr auto vellum_enum_names(tag<log_config_category>) {
  return enum_names<log_config_category>({{log_config_category::auth, "auth"},
                                          {log_config_category::api, "api"},
                                          {log_config_category::workflow, "workflow"},
                                          {log_config_category::plugin, "plugin"},
                                          {log_config_category::media, "media"},
                                          {log_config_category::system, "system"},
                                          {log_config_category::security, "security"},
                                          {log_config_category::error, "error"},
                                          {log_config_category::audit, "audit"}});
}

struct system_log {
  std::string id{};
  log_level level = log_level::info;
  log_category category = log_category::system;
  std::string message{};
  std::optional<nlohmann::json> data{};
  std::optional<std::string> user_id{};
  std::optional<std::string> session_id{};
  std::optional<std::string> request_id{};
  std::optional<std::string> ip_address{};
  std::optional<std::string> user_agent{};
  std::optional<std::string> method{};
  std::optional<std::string> url{};
  std::optional<std::int64_t> status_code{};
  std::optional<std::int64_t> duration{};  // milliseconds
  std::optional<std::string> stack_trace{};
  std::optional<nlohmann::json> tags{};  // a JSON array
  std::optional<std::string> source{};
  unix_millis created_at{};
};

constexpr auto vellum_table(tag<system_log>) {
  return table<system_log>(
             "system_logs",
             column(&system_log::id, "id").primary_key(),
             column(&system_log::level, "level"),
             column(&system_log::category, "category"),
             column(&system_log::message, "message"),
             column(&system_log::data, "data").check(per_dialect{.sqlite = "data IS NULL OR json_valid(data)"}),
             column(&system_log::user_id, "user_id").references<&user::id>().on_delete(fk_action::set_null),
             column(&system_log::session_id, "session_id"),
             column(&system_log::request_id, "request_id"),
             column(&system_log::ip_address, "ip_address"),
             column(&system_log::user_agent, "user_agent"),
             column(&system_log::method, "method"),
             column(&system_log::url, "url"),
             column(&system_log::status_code, "status_code"),
             column(&system_log::duration, "duration"),
             column(&system_log::stack_trace, "stack_trace"),
             column(&system_log::tags, "tags")
                 .check(per_dialect{.sqlite = "tags IS NULL OR (json_valid(tags) AND json_type(tags) = 'array')",
                                    .postgres = "jsonb_typeof(tags) = 'array'"}),
             column(&system_log::source, "source"),
             column(&system_log::created_at, "created_at").default_now())
      .strict()
      .index("idx_system_logs_category_created", &system_log::category, &system_log::created_at)
      .index("idx_system_logs_level_created", &system_log::level, &system_log::created_at)
      .index("idx_system_logs_created_at", &system_log::created_at)
      .index("idx_system_logs_user", &system_log::user_id)
      .relation<one<"user", &system_log::user_id, &user::id>>();
}

struct log_config {
  std::string id{};
  log_config_category category = log_config_category::system;
  bool enabled = true;
  log_level level = log_level::info;
  std::int64_t retention_days = 30;  // zero or negative deletes nothing (GX-8)
  std::int64_t max_size_mb = 100;
  unix_millis created_at{};
  unix_millis updated_at{};
};

constexpr auto vellum_table(tag<log_config>) {
  return table<log_config>(
             "log_config",
             column(&log_config::id, "id").primary_key(),
             column(&log_config::category, "category").unique(),
             column(&log_config::enabled, "enabled")
                 .default_value(true)
                 .check(per_dialect{.sqlite = "enabled IN (0, 1)"}),
             column(&log_config::level, "level").default_value(log_level::info),
             column(&log_config::retention_days, "retention_days").default_value(30),
             column(&log_config::max_size_mb, "max_size_mb").default_value(100),
             column(&log_config::created_at, "created_at").default_now(),
             column(&log_config::updated_at, "updated_at").default_now())
      .strict();
}

}  // namespace vellum::cms
