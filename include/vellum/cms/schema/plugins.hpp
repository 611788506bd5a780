// The plugin registry: `plugins`, the hooks each registers (`plugin_hooks`, run in priority
// order) and the HTTP routes it serves (`plugin_routes`).
//
//   auto active = db.select<plugin>().where(col<&plugin::status> == plugin_status::active)
//                     .with_related<"hooks", "routes">();
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "vellum/core/enum_names.hpp"
#include "vellum/core/time.hpp"
#include "vellum/schema/table.hpp"

namespace vellum::cms {

enum class plugin_status { active, inactive, error };
constexpr auto vellum_enum_names(tag<plugin_status>) {
  return enum_names<plugin_status>(
      {{plugin_status::active, "active"}, {plugin_status::inactive, "inactive"}, {plugin_status::error, "error"}});
}

enum class route_method { get, post, put, patch, delete_, head, options };
constexpr auto vellum_enum_names(tag<route_method>) {
  return enum_names<route_method>({{route_method::get, "GET"},
                                   {route_method::post, "POST"},
                                   {route_method::put, "PUT"},
                                   {route_method::patch, "PATCH"},
                                   {route_method::delete_, "DELETE"},
                                   {route_method::head, "HEAD"},
                                   {route_method::options, "OPTIONS"}});
}


struct plugin {
  std::string id{};
  std::string name{};
  std::string display_name{};
  std::optional<std::string> description{};
  std::string version{};
  std::string author{};
  std::string category{};
  std::optional<std::string> icon{};
  plugin_status status = plugin_status::inactive;
  bool is_core = false;
  nlohmann::json settings = nlohmann::json::object();
  nlohmann::json permissions = nlohmann::json::array();
  nlohmann::json dependencies = nlohmann::json::array();
  std::int64_t download_count = 0;
  double rating = 0;
  unix_millis installed_at{};
  std::optional<unix_millis> activated_at{};
  unix_millis last_updated{};
  std::optional<std::string> error_message{};
  unix_millis created_at{};
  unix_millis updated_at{};
};

struct plugin_hook {
  std::string id{};
  std::string plugin_id{};
  std::string hook_name{};
  std::string handler_name{};
  std::int64_t priority = 10;
  bool is_active = true;
  unix_millis created_at{};
};

struct plugin_route {
  std::string id{};
  std::string plugin_id{};
  std::string path{};
  route_method method = route_method::get;
  std::string handler_name{};
  std::optional<nlohmann::json> middleware{};
  bool is_active = true;
  unix_millis created_at{};
};

constexpr auto vellum_table(tag<plugin>) {
  return table<plugin>(
             "plugins",
             column(&plugin::id, "id").primary_key(),
             column(&plugin::name, "name").unique(),
             column(&plugin::display_name, "display_name"),
             column(&plugin::description, "description"),
             column(&plugin::version, "version"),
             column(&plugin::author, "author"),
             column(&plugin::category, "category"),
             column(&plugin::icon, "icon"),
             column(&plugin::status, "status").default_value(plugin_status::inactive),
             column(&plugin::is_core, "is_core").default_value(false).check(per_dialect{.sqlite = "is_core IN (0, 1)"}),
             // JSON literal defaults: default_value() takes no json, so the SQL text is given.
             column(&plugin::settings, "settings")
                 .default_sql("'{}'")
                 .check(per_dialect{.sqlite = "json_valid(settings) AND json_type(settings) = 'object'",
                                    .postgres = "jsonb_typeof(settings) = 'object'"}),
             column(&plugin::permissions, "permissions")
                 .default_sql("'[]'")
                 .check(per_dialect{.sqlite = "json_valid(permissions) AND json_type(permissions) = 'array'",
                                    .postgres = "jsonb_typeof(permissions) = 'array'"}),
             column(&plugin::dependencies, "dependencies")
                 .default_sql("'[]'")
                 .check(per_dialect{.sqlite = "json_valid(dependencies) AND json_type(dependencies) = 'array'",
                                    .postgres = "jsonb_typeof(dependencies) = 'array'"}),
             column(&plugin::download_count, "download_count").default_value(0).check("download_count >= 0"),
             // default_value() has no REAL literal form; the SQL text `0` is the migration's.
             column(&plugin::rating, "rating").default_sql("0"),
             column(&plugin::installed_at, "installed_at").default_now(),
             column(&plugin::activated_at, "activated_at"),
             column(&plugin::last_updated, "last_updated").default_now(),
             column(&plugin::error_message, "error_message"),
             column(&plugin::created_at, "created_at").default_now(),
             column(&plugin::updated_at, "updated_at").default_now())
      .strict()
      .index("idx_plugins_status", &plugin::status)
      .index("idx_plugins_category", &plugin::category)
      .relation<many<"hooks", &plugin::id, &plugin_hook::plugin_id>>()
      .relation<many<"routes", &plugin::id, &plugin_route::plugin_id>>();
}

constexpr auto vellum_table(tag<plugin_hook>) {
  return table<plugin_hook>(
             "plugin_hooks",
             column(&plugin_hook::id, "id").primary_key(),
             column(&plugin_hook::plugin_id, "plugin_id").references<&plugin::id>().on_delete(fk_action::cascade),
             column(&plugin_hook::hook_name, "hook_name"),
             column(&plugin_hook::handler_name, "handler_name"),
             column(&plugin_hook::priority, "priority").default_value(10),
             column(&plugin_hook::is_active, "is_active")
                 .default_value(true)
                 .check(per_dialect{.sqlite = "is_active IN (0, 1)"}),
             column(&plugin_hook::created_at, "created_at").default_now())
      .strict()
      .unique(&plugin_hook::plugin_id, &plugin_hook::hook_name, &plugin_hook::handler_name)
      .index("idx_plugin_hooks_hook", &plugin_hook::hook_name, &plugin_hook::priority)
      .relation<one<"plugin", &plugin_hook::plugin_id, &plugin::id>>();
}

constexpr auto vellum_table(tag<plugin_route>) {
  return table<plugin_route>(
             "plugin_routes",
             column(&plugin_route::id, "id").primary_key(),
             column(&plugin_route::plugin_id, "plugin_id").references<&plugin::id>().on_delete(fk_action::cascade),
             column(&plugin_route::path, "path"),
             column(&plugin_route::method, "method"),
             column(&plugin_route::handler_name, "handler_name"),
             column(&plugin_route::middleware, "middleware")
                 .check(per_dialect{.sqlite = "middleware IS NULL OR json_valid(middleware)"}),
             column(&plugin_route::is_active, "is_active")
                 .default_value(true)
                 .check(per_dialect{.sqlite = "is_active IN (0, 1)"}),
             column(&plugin_route::created_at, "created_at").default_now())
      .strict()
      .unique(&plugin_route::plugin_id, &plugin_route::path, &plugin_route::method)
      .relation<one<"plugin", &plugin_route::plugin_id, &plugin::id>>();
}

}  // namespace vellum::cms
