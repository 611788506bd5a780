// The `users` table: accounts with a role. Users are deactivated, never deleted in normal
// operation; the *_token columns hold SHA-256 hex digests, never the tokens.
//
//   auto admins = db.select<vellum::cms::user>().where(col<&user::role> == user_role::admin).all();
#pragma once

#include <optional>
#include <string>

#include "vellum/core/enum_names.hpp"
#include "vellum/core/time.hpp"
#include "vellum/schema/table.hpp"

namespace vellum::cms {

enum class user_role { admin, editor, author, viewer };
constexpr auto vellum_enum_names(tag<user_role>) {
  return enum_names<user_role>({{user_role::admin, "admin"},
                                {user_role::editor, "editor"},
                                {user_role::author, "author"},
                                {user_role::viewer, "viewer"}});
}

struct user {
  std::string id{};
  std::string email{};
  std::string username{};
  std::optional<std::string> first_name{};
  std::optional<std::string> last_name{};
  std::optional<std::string> password_hash{};  // NULL until an invited user sets one
  user_role role = user_role::viewer;
  std::optional<std::string> avatar{};
  bool is_active = true;
  std::optional<unix_millis> last_login_at{};
  unix_millis created_at{};
  unix_millis updated_at{};
  std::optional<std::string> phone{};
  std::optional<std::string> bio{};
  std::string timezone = "UTC";
  std::string language = "en";
  bool email_notifications = true;
  std::string theme = "dark";
  bool two_factor_enabled = false;
  std::optional<std::string> two_factor_secret{};
  std::optional<std::string> password_reset_token{};
  std::optional<unix_millis> password_reset_expires{};
  std::optional<std::string> email_verification_token{};
  bool email_verified = false;
  std::optional<std::string> invitation_token{};
  std::optional<std::string> invited_by{};
  std::optional<unix_millis> invited_at{};
  std::optional<unix_millis> accepted_invitation_at{};
};

constexpr auto vellum_table(tag<user>) {
  return table<user>(
             "users",
             column(&user::id, "id").primary_key(),
             column(&user::email, "email").unique(),
             column(&user::username, "username").unique(),
             column(&user::first_name, "first_name"),
             column(&user::last_name, "last_name"),
             column(&user::password_hash, "password_hash"),
             column(&user::role, "role").default_value(user_role::viewer),
             column(&user::avatar, "avatar"),
             column(&user::is_active, "is_active")
                 .default_value(true)
                 .check(per_dialect{.sqlite = "is_active IN (0, 1)"}),
             column(&user::last_login_at, "last_login_at"),
             column(&user::created_at, "created_at").default_now(),
             column(&user::updated_at, "updated_at").default_now(),
             column(&user::phone, "phone"),
             column(&user::bio, "bio"),
             column(&user::timezone, "timezone").default_value("UTC"),
             column(&user::language, "language").default_value("en"),
             column(&user::email_notifications, "email_notifications")
                 .default_value(true)
                 .check(per_dialect{.sqlite = "email_notifications IN (0, 1)"}),
             column(&user::theme, "theme").default_value("dark"),
             column(&user::two_factor_enabled, "two_factor_enabled")
                 .default_value(false)
                 .check(per_dialect{.sqlite = "two_factor_enabled IN (0, 1)"}),
             column(&user::two_factor_secret, "two_factor_secret"),
             column(&user::password_reset_token, "password_reset_token"),
             column(&user::password_reset_expires, "password_reset_expires"),
             column(&user::email_verification_token, "email_verification_token"),
             column(&user::email_verified, "email_verified")
                 .default_value(false)
                 .check(per_dialect{.sqlite = "email_verified IN (0, 1)"}),
             column(&user::invitation_token, "invitation_token"),
             column(&user::invited_by, "invited_by").references<&user::id>().on_delete(fk_action::set_null),
             column(&user::invited_at, "invited_at"),
             column(&user::accepted_invitation_at, "accepted_invitation_at"))
      .strict()
      .index("idx_users_role", &user::role)
      .index("idx_users_password_reset_token", &user::password_reset_token)
      .index("idx_users_email_verification_token", &user::email_verification_token)
      .index("idx_users_invitation_token", &user::invitation_token)
      .relation<one<"inviter", &user::invited_by, &user::id>>();
}

}  // namespace vellum::cms
