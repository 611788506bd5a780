// The members of basic_users_repository<Conn>, a template over the connection: instantiated for SQLite in
// src/cms/users_repository.cpp and for PostgreSQL in src/cms/pg_users_repository.cpp.
#pragma once

#include "vellum/cms/users_repository.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "content_writes_impl.hpp"
#include "repository_checks.hpp"
#include "vellum/cms/audit_log.hpp"
#include "vellum/cms/permission_service.hpp"
#include "vellum/cms/store.hpp"
#include "vellum/core/enum_names.hpp"

namespace vellum::cms {

template <class Conn>
basic_users_repository<Conn> basic_store<Conn>::users() { return basic_users_repository<Conn>(*this); }

// ---------------------------------------------------------------------------------------------
// E-mail addresses

namespace {

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }


}  // namespace

namespace {

using field_errors = validation_error::field_errors;
using internal::check_text;
using internal::null_if_empty;
using internal::throw_if_any;
using internal::text_rule;

constexpr std::size_t max_avatar_length = 2048;
constexpr std::size_t max_phone_length = 50;
constexpr std::size_t max_timezone_length = 64;
constexpr std::size_t max_theme_length = 50;
constexpr std::size_t max_password_hash_length = 1024;

// --- input checks -------------------------------------------------------------------------------

std::string normalize_username(std::string_view username) { return internal::ascii_lower(username); }

void check_email(const std::string& normalized, field_errors& errors) {
  if (!is_valid_email(normalized)) errors["email"].push_back("must be an e-mail address such as name@example.com");
}

void check_username(const std::string& normalized, field_errors& errors) {
  const auto n = normalized.size();
  if (n < min_username_length || n > max_username_length)
    errors["username"].push_back("must be " + std::to_string(min_username_length) + " to " +
                                 std::to_string(max_username_length) + " characters long");
  const bool charset = std::all_of(normalized.begin(), normalized.end(),
                                   [](char c) { return is_ascii_alnum(c) || c == '.' || c == '_' || c == '-'; });
  if (!charset || (n > 0 && (!is_ascii_alnum(normalized.front()) || !is_ascii_alnum(normalized.back()))))
    errors["username"].push_back("may hold only letters, digits, '.', '_' and '-', and must start and end with a "
                                 "letter or digit");
}

void check_role(user_role role, field_errors& errors) {
  switch (role) {
    case user_role::admin:
    case user_role::editor:
    case user_role::author:
    case user_role::viewer: return;
  }
  errors["role"].push_back("must be admin, editor, author or viewer");
}

void check_timezone(const std::string& timezone, field_errors& errors) {
  // The shape of an IANA name (Europe/Paris, America/Argentina/Buenos_Aires, UTC, Etc/GMT+5).
  const bool ok = !timezone.empty() && timezone.size() <= max_timezone_length && is_ascii_alnum(timezone.front()) &&
                  std::all_of(timezone.begin(), timezone.end(),
                              [](char c) { return is_ascii_alnum(c) || c == '/' || c == '_' || c == '-' || c == '+'; });
  if (!ok) errors["timezone"].push_back("must be a time zone name such as UTC or Europe/Paris");
}

void check_language(const std::string& language, field_errors& errors) {
  field_errors locale_errors;
  internal::check_locale(language, locale_errors);
  if (!locale_errors.empty()) errors["language"].push_back("must be a language tag such as en or pt-BR");
}

void check_theme(const std::string& theme, field_errors& errors) {
  const bool ok =
      !theme.empty() && theme.size() <= max_theme_length &&
      std::all_of(theme.begin(), theme.end(), [](char c) { return is_ascii_alnum(c) || c == '_' || c == '-'; });
  if (!ok) errors["theme"].push_back("must be a theme name of letters, digits, '_' and '-'");
}

void check_optional_text(const std::optional<std::string>& value, const char* field, std::size_t max,
                         field_errors& errors) {
  if (value) check_text(*value, field, max, text_rule::optional, errors);
}

// --- reads and writes ---------------------------------------------------------------------------

template <class Conn>
std::optional<user> find_user(basic_store<Conn>& s, std::string_view id) {
  return s.db().template select<user>().where(col<&user::id> == id).one();
}

template <class Conn>
user load_user(basic_store<Conn>& s, std::string_view id) {
  auto found = find_user(s, id);
  if (!found) throw not_found("user '" + std::string(id) + "' not found");
  return std::move(*found);
}

/// Runs `write` in a transaction; the UNIQUE violations of users.email / users.username become
/// conflict{"email"} / conflict{"username"}: the index decides, so racing writers cannot both win.
template <class Conn, class F>
user write_user(basic_store<Conn>& s, std::string_view operation, F&& write) {
  try {
    return s.db().transaction(std::forward<F>(write));
  } catch (const constraint_error& e) {
    if (e.kind() != constraint_kind::unique || e.table() != "users") throw;
    const auto& columns = e.columns();
    for (const char* field : {"email", "username"})
      if (std::find(columns.begin(), columns.end(), field) != columns.end())
        throw conflict(std::string(operation) + ": another user has this " +
                           (field == std::string_view("email") ? "e-mail address" : "username"),
                       field);
    throw;
  }
}

template <class Conn>
void update_row(basic_store<Conn>& s, const user& u) {
  s.db()
      .template update<user>()
      .set(col<&user::email> = u.email, col<&user::username> = u.username, col<&user::first_name> = u.first_name,
           col<&user::last_name> = u.last_name, col<&user::role> = u.role, col<&user::avatar> = u.avatar,
           col<&user::is_active> = u.is_active, col<&user::updated_at> = u.updated_at, col<&user::phone> = u.phone,
           col<&user::bio> = u.bio, col<&user::timezone> = u.timezone, col<&user::language> = u.language,
           col<&user::email_notifications> = u.email_notifications, col<&user::theme> = u.theme,
           col<&user::email_verification_token> = u.email_verification_token,
           col<&user::email_verified> = u.email_verified)
      .where(col<&user::id> == u.id)
      .run();
}

/// invalid_state when `u` is an active admin and no other active admin exists.
template <class Conn>
void require_other_active_admin(basic_store<Conn>& s, const user& u, std::string_view operation) {
  if (u.role != user_role::admin || !u.is_active) return;
  const auto others = s.db()
                          .select(vellum::count())
                          .template from<user>()
                          .where(col<&user::role> == user_role::admin && col<&user::is_active> == true &&
                                 col<&user::id> != u.id)
                          .one();
  if (others.value_or(0) == 0)
    throw invalid_state(std::string(operation) + ": user '" + u.id + "' is the last active admin");
}

std::string role_name(user_role role) { return std::string(enum_to_name(role)); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// Reads

template <class Conn>
user basic_users_repository<Conn>::get(std::string_view id) const { return load_user(*store_, id); }

template <class Conn>
std::optional<user> basic_users_repository<Conn>::find(std::string_view id) const { return find_user(*store_, id); }

template <class Conn>
std::optional<user> basic_users_repository<Conn>::find_by_email(std::string_view email) const {
  return store_->db().template select<user>().where(col<&user::email> == normalize_email(email)).one();
}

template <class Conn>
std::optional<user> basic_users_repository<Conn>::find_by_username(std::string_view username) const {
  return store_->db().template select<user>().where(col<&user::username> == normalize_username(username)).one();
}

// ---------------------------------------------------------------------------------------------
// Mutations

template <class Conn>
user basic_users_repository<Conn>::create(const actor& who, const new_user& input) {
  user u;
  u.email = normalize_email(input.email);
  u.username = normalize_username(input.username);
  u.role = input.role;
  u.first_name = null_if_empty(input.first_name);
  u.last_name = null_if_empty(input.last_name);
  u.password_hash = null_if_empty(input.password_hash);
  u.invited_by = null_if_empty(input.invited_by);
  u.avatar = null_if_empty(input.avatar);
  u.phone = null_if_empty(input.phone);
  u.bio = null_if_empty(input.bio);
  u.timezone = input.timezone;
  u.language = input.language;

  field_errors errors;
  internal::check_actor(who, errors);
  check_email(u.email, errors);
  check_username(u.username, errors);
  check_role(u.role, errors);
  check_optional_text(u.first_name, "first_name", max_person_name_length, errors);
  check_optional_text(u.last_name, "last_name", max_person_name_length, errors);
  check_optional_text(u.password_hash, "password_hash", max_password_hash_length, errors);
  check_optional_text(u.avatar, "avatar", max_avatar_length, errors);
  check_optional_text(u.phone, "phone", max_phone_length, errors);
  check_optional_text(u.bio, "bio", max_bio_length, errors);
  check_timezone(u.timezone, errors);
  check_language(u.language, errors);
  if (u.invited_by && !find_user(*store_, *u.invited_by)) errors["invited_by"].push_back("no user has this id");
  throw_if_any(errors, "create user");

  return write_user(*store_, "create user", [&] {
    store_->permissions().require(who, "users.create");
    const auto now = store_->now();
    u.id = store_->new_id();
    u.created_at = now;
    u.updated_at = now;
    if (u.invited_by) u.invited_at = now;
    store_->db().insert(u);
    append_audit(*store_, who, "user.create", "user", u.id,
                 nlohmann::json{{"username", u.username}, {"role", role_name(u.role)}});
    return u;
  });
}

template <class Conn>
user basic_users_repository<Conn>::update_profile(const actor& who, std::string_view id,
                                                  const user_profile_changes& changes) {
  field_errors errors;
  internal::check_actor(who, errors);
  throw_if_any(errors, "update user");

  return write_user(*store_, "update user", [&] {
    const user before = load_user(*store_, id);
    // A user edits their own profile without users.update; role and activity are not profile.
    if (who.user_id != before.id) store_->permissions().require(who, "users.update");
    user after = before;
    std::vector<std::string> changed;
    const auto apply = [&](const char* name, auto& member, const auto& value) {
      if (member == value) return;
      member = value;
      changed.emplace_back(name);
    };
    const auto apply_text = [&](const char* name, std::optional<std::string>& member,
                                const std::optional<std::string>& value, std::size_t max) {
      if (!value) return;
      check_text(*value, name, max, text_rule::optional, errors);
      apply(name, member, null_if_empty(value));
    };

    if (changes.email) {
      const auto email = normalize_email(*changes.email);
      check_email(email, errors);
      if (email != after.email) {
        apply("email", after.email, email);
        after.email_verified = false;
        after.email_verification_token.reset();
      }
    }
    if (changes.username) {
      const auto username = normalize_username(*changes.username);
      check_username(username, errors);
      apply("username", after.username, username);
    }
    apply_text("first_name", after.first_name, changes.first_name, max_person_name_length);
    apply_text("last_name", after.last_name, changes.last_name, max_person_name_length);
    apply_text("avatar", after.avatar, changes.avatar, max_avatar_length);
    apply_text("phone", after.phone, changes.phone, max_phone_length);
    apply_text("bio", after.bio, changes.bio, max_bio_length);
    if (changes.timezone) {
      check_timezone(*changes.timezone, errors);
      apply("timezone", after.timezone, *changes.timezone);
    }
    if (changes.language) {
      check_language(*changes.language, errors);
      apply("language", after.language, *changes.language);
    }
    if (changes.theme) {
      check_theme(*changes.theme, errors);
      apply("theme", after.theme, *changes.theme);
    }
    if (changes.email_notifications)
      apply("email_notifications", after.email_notifications, *changes.email_notifications);
    throw_if_any(errors, "update user");
    if (changed.empty()) return before;  // nothing to write, nothing to audit

    after.updated_at = store_->now();
    update_row(*store_, after);
    append_audit(*store_, who, "user.update", "user", after.id, nlohmann::json{{"fields", changed}});
    return after;
  });
}

template <class Conn>
user basic_users_repository<Conn>::set_role(const actor& who, std::string_view id, user_role role) {
  field_errors errors;
  internal::check_actor(who, errors);
  check_role(role, errors);
  throw_if_any(errors, "set user role");
  return store_->db().transaction([&] {
    store_->permissions().require(who, "users.update");
    user u = load_user(*store_, id);
    if (u.role == role) return u;
    if (role != user_role::admin) require_other_active_admin(*store_, u, "set user role");
    const auto from = u.role;
    u.role = role;
    u.updated_at = store_->now();
    update_row(*store_, u);
    append_audit(*store_, who, "user.set_role", "user", u.id,
                 nlohmann::json{{"from", role_name(from)}, {"to", role_name(role)}});
    return u;
  });
}

template <class Conn>
user basic_users_repository<Conn>::deactivate(const actor& who, std::string_view id) {
  return set_active(who, id, false);
}

template <class Conn>
user basic_users_repository<Conn>::reactivate(const actor& who, std::string_view id) {
  return set_active(who, id, true);
}

template <class Conn>
user basic_users_repository<Conn>::set_active(const actor& who, std::string_view id, bool active) {
  const std::string operation = active ? "reactivate user" : "deactivate user";
  field_errors errors;
  internal::check_actor(who, errors);
  throw_if_any(errors, operation);
  return store_->db().transaction([&] {
    store_->permissions().require(who, "users.delete");
    user u = load_user(*store_, id);
    if (u.is_active == active)
      throw invalid_state(operation + ": user '" + u.id + "' is already " + (active ? "active" : "inactive"));
    if (!active) require_other_active_admin(*store_, u, operation);
    u.is_active = active;
    u.updated_at = store_->now();
    update_row(*store_, u);
    append_audit(*store_, who, active ? "user.reactivate" : "user.deactivate", "user", u.id);
    return u;
  });
}

}  // namespace vellum::cms
