// The members of basic_permission_service<Conn>, a template over the connection: instantiated for SQLite in
// src/cms/permission_service.cpp and for PostgreSQL in src/cms/pg_permission_service.cpp.
#pragma once

#include "vellum/cms/permission_service.hpp"

#include "vellum/cms/schema/api_tokens.hpp"
#include "vellum/cms/schema/permissions.hpp"
#include "vellum/cms/store.hpp"
#include "vellum/core/error.hpp"

namespace vellum::cms {

template <class Conn>
basic_permission_service<Conn> basic_store<Conn>::permissions() { return basic_permission_service<Conn>(*this); }

namespace {

constexpr std::string_view own_suffix = "_own";

template <class Conn>
std::set<std::string> grants_of_user(basic_database<Conn>& db, const std::string& user_id) {
  const auto row =
      db.select(col<&user::role>, col<&user::is_active>).template from<user>().where(col<&user::id> == user_id).one();
  if (!row || !std::get<1>(*row)) return {};
  const auto names = db.select(col<&permission::name>)
                         .template from<role_permission>()
                         .template join<permission>(col<&permission::id> == col<&role_permission::permission_id>)
                         .where(col<&role_permission::role> == std::get<0>(*row))
                         .all();
  return {names.begin(), names.end()};
}

}  // namespace

template <class Conn>
std::set<std::string> basic_permission_service<Conn>::role_grants(user_role role) const {
  const auto names = store_->db()
                         .select(col<&permission::name>)
                         .template from<role_permission>()
                         .template join<permission>(col<&permission::id> == col<&role_permission::permission_id>)
                         .where(col<&role_permission::role> == role)
                         .all();
  return {names.begin(), names.end()};
}

template <class Conn>
std::set<std::string> basic_permission_service<Conn>::granted(const actor& who) const {
  auto& s = *store_;
  auto& db = s.db();
  switch (who.type) {
    case actor::kind::user:
      return grants_of_user(db, who.id);
    case actor::kind::api_token: {
      // TK-2: the token's scopes ∩ its owner's current grants. The api_tokens repository owns
      // creating and verifying tokens; this reads the row an actor::token names.
      const auto token = db.template select<api_token>().where(col<&api_token::id> == who.id).one();
      // An actor naming another owner than the token's is not that token: it holds nothing.
      if (!token || token->user_id != who.user_id || token->revoked_at ||
          (token->expires_at && *token->expires_at <= s.now()))
        return {};
      const auto owner = grants_of_user(db, token->user_id);
      std::set<std::string> out;
      if (token->scopes.is_array())
        for (const nlohmann::json& scope : token->scopes)
          if (scope.is_string() && owner.contains(scope.get<std::string>())) out.insert(scope.get<std::string>());
      return out;
    }
    case actor::kind::system:
      break;
  }
  const auto names = db.select(col<&permission::name>).template from<permission>().all();
  return {names.begin(), names.end()};
}

template <class Conn>
bool basic_permission_service<Conn>::can(const actor& who, std::string_view permission, const content* item) const {
  const auto held = granted(who);
  const bool owns = item && !who.user_id.empty() && item->author_id == who.user_id;
  // Asked for `<name>_own` itself: on an item, only its author's grant counts.
  if (permission.ends_with(own_suffix)) return held.contains(std::string(permission)) && (!item || owns);
  if (held.contains(std::string(permission))) return true;
  // `<name>_own`: the grant covers items the actor's user authored.
  return owns && held.contains(std::string(permission) + std::string(own_suffix));
}

template <class Conn>
void basic_permission_service<Conn>::require(const actor& who, std::string_view permission, const content* item) const {
  if (can(who, permission, item)) return;
  throw forbidden(who.label() + " lacks the permission " + std::string(permission) +
                      (item ? " on content item '" + item->id + "'" : std::string()),
                  std::string(permission));
}

}  // namespace vellum::cms
