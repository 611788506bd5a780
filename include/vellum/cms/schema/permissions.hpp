// `permissions` (spelled `resource.action` only; the CHECK refuses SonicJS's `content:publish`)
// and `role_permissions`, the grants of each role.
//
//   auto grants = db.select<role_permission>().where(col<&role_permission::role> == user_role::editor)
//                     .with_related<"permission">();
#pragma once

#include <optional>
#include <string>

#include "vellum/cms/schema/users.hpp"
#include "vellum/core/time.hpp"
#include "vellum/schema/table.hpp"

namespace vellum::cms {

struct permission {
  std::string id{};
  std::string name{};  // resource.action, e.g. content.publish
  std::optional<std::string> description{};
  std::string category{};
  unix_millis created_at{};
};

constexpr auto vellum_table(tag<permission>) {
  return table<permission>(
             "permissions",
             column(&permission::id, "id").primary_key(),
             column(&permission::name, "name")
                 .unique()
                 .check(per_dialect{
                     .sqlite = "name GLOB '[a-z]*.[a-z]*' AND name NOT GLOB '*[^a-z_.]*' AND name NOT GLOB '*.*.*'",
                     .postgres = "name ~ '^[a-z][a-z_]*[.][a-z][a-z_]*$'"}),
             column(&permission::description, "description"),
             column(&permission::category, "category"),
             column(&permission::created_at, "created_at").default_now())
      .strict();
}

struct role_permission {
  std::string id{};
  user_role role = user_role::viewer;
  std::string permission_id{};
  unix_millis created_at{};
};

constexpr auto vellum_table(tag<role_permission>) {
  return table<role_permission>(
             "role_permissions",
             column(&role_permission::id, "id").primary_key(),
             column(&role_permission::role, "role"),
             column(&role_permission::permission_id, "permission_id")
                 .references<&permission::id>()
                 .on_delete(fk_action::cascade),
             column(&role_permission::created_at, "created_at").default_now())
      .strict()
      .unique(&role_permission::role, &role_permission::permission_id)
      .index("idx_role_permissions_permission", &role_permission::permission_id)
      .relation<one<"permission", &role_permission::permission_id, &permission::id>>();
}

}  // namespace vellum::cms
