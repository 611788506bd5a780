// The members of basic_api_token_repository<Conn>, a template over the connection: instantiated for SQLite in
// src/cms/api_token_repository.cpp and for PostgreSQL in src/cms/pg_api_token_repository.cpp.
#pragma once

#include "vellum/cms/api_token_repository.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "content_writes_impl.hpp"
#include "repository_checks.hpp"
#include "vellum/cms/audit_log.hpp"
#include "vellum/cms/permission_service.hpp"
#include "vellum/cms/schema/permissions.hpp"
#include "vellum/cms/store.hpp"
#include "vellum/core/random.hpp"
#include "vellum/core/sha256.hpp"

namespace vellum::cms {

template <class Conn>
basic_api_token_repository<Conn> basic_store<Conn>::api_tokens() { return basic_api_token_repository<Conn>(*this); }

namespace {

using field_errors = validation_error::field_errors;

/// Managing another user's tokens is editing that user's credentials: the seed's "Edit users
/// and their roles" permission. docs/repositories.md, "API tokens".
constexpr std::string_view manage_tokens_permission = "users.update";

bool is_lower_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

/// Whether `text` has the shape create() gives tokens; anything else cannot be one.
bool is_token_shaped(std::string_view text) {
  return text.size() == api_token_marker.size() + 2 * api_token_secret_bytes && text.starts_with(api_token_marker) &&
         is_lower_hex(text.substr(api_token_marker.size()));
}

template <class Conn>
api_token load_token(basic_store<Conn>& s, std::string_view id) {
  auto row = s.db().template select<api_token>().where(col<&api_token::id> == id).one();
  if (!row) throw not_found("API token '" + std::string(id) + "' not found");
  return std::move(*row);
}

/// A system job, or a user acting on its own tokens, may; anyone else needs users.update.
/// A token acting for its owner is "anyone else": it must not mint or revoke its siblings.
template <class Conn>
void require_token_manager(basic_store<Conn>& s, const actor& who, const std::string& owner_id) {
  if (who.type == actor::kind::user && who.user_id == owner_id) return;
  s.permissions().require(who, manage_tokens_permission);
}

std::string describe(const api_token& t) { return "API token '" + t.id + "' (" + t.prefix + "…)"; }

}  // namespace

// ---------------------------------------------------------------------------------------------
// Reads

template <class Conn>
api_token basic_api_token_repository<Conn>::get(std::string_view id) const { return load_token(*store_, id); }

template <class Conn>
std::vector<api_token> basic_api_token_repository<Conn>::list_for_user(std::string_view user_id) const {
  return store_->db()
      .template select<api_token>()
      .where(col<&api_token::user_id> == user_id)
      .order_by(desc(col<&api_token::created_at>), desc(col<&api_token::id>))
      .all();
}

template <class Conn>
verified_api_token basic_api_token_repository<Conn>::verify(std::string_view plaintext) {
  auto& db = store_->db();
  // Only the hash is looked up: a stolen hash is not token-shaped, and hashing it again
  // gives another value, so the table's contents never authenticate anyone.
  std::optional<api_token> found;
  if (is_token_shaped(plaintext))
    found = db.template select<api_token>().where(col<&api_token::token_hash> == sha256_hex(plaintext)).one();
  if (!found) throw invalid_token("verify API token: no such token", token_rejection::unknown);
  api_token t = std::move(*found);

  const auto now = store_->now();
  if (t.revoked_at) throw invalid_token("verify API token: " + describe(t) + " was revoked", token_rejection::revoked);
  if (t.expires_at && *t.expires_at <= now)
    throw invalid_token("verify API token: " + describe(t) + " has expired", token_rejection::expired);
  auto owner = db.template select<user>().where(col<&user::id> == t.user_id).one();
  if (!owner || !owner->is_active)
    throw invalid_token("verify API token: the owner of " + describe(t) + " is deactivated",
                        token_rejection::owner_inactive);

  // One guarded UPDATE: at most one write per token per resolution, however many requests.
  const unix_millis stale = now - api_token_last_used_resolution;
  const auto written = db.template update<api_token>()
                           .set(col<&api_token::last_used_at> = std::optional(now))
                           .where(col<&api_token::id> == t.id &&
                                  (is_null(col<&api_token::last_used_at>) || col<&api_token::last_used_at> <= stale))
                           .run();
  if (written > 0) t.last_used_at = now;
  return {std::move(t), std::move(*owner)};
}

// ---------------------------------------------------------------------------------------------
// Mutations

template <class Conn>
created_api_token basic_api_token_repository<Conn>::create(const actor& who, const new_api_token& input) {
  auto& s = *store_;
  field_errors errors;
  internal::check_actor(who, errors);
  internal::throw_if_any(errors, "create API token");

  return s.db().transaction([&] {
    require_token_manager(s, who, input.user_id);
    const auto owner = s.db().template select<user>().where(col<&user::id> == input.user_id).one();
    if (!owner) throw not_found("create API token: user '" + input.user_id + "' not found");
    if (!owner->is_active) errors["user_id"].push_back("the user is deactivated");

    internal::check_text(input.name, "name", max_api_token_name_length, internal::text_rule::required, errors);

    // Scopes: known permission names the owner holds now. A scope the owner loses later stays
    // stored but grants nothing (TK-2); one it never held would only mislead.
    if (input.scopes.empty()) errors["scopes"].push_back("must name at least one permission");
    const auto known = s.db().select(col<&permission::name>).template from<permission>().all();
    const auto held = s.permissions().granted(actor::user(owner->id));
    for (std::size_t i = 0; i < input.scopes.size(); ++i) {
      const auto& scope = input.scopes[i];
      const auto path = "scopes[" + std::to_string(i) + "]";
      if (std::find(known.begin(), known.end(), scope) == known.end()) errors[path].push_back("is not a permission");
      else if (owner->is_active && !held.contains(scope))
        errors[path].push_back("the user does not hold this permission");
    }

    const auto now = s.now();
    if (input.expires_at && *input.expires_at <= now) errors["expires_at"].push_back("must be in the future");
    internal::throw_if_any(errors, "create API token");

    created_api_token made;
    made.plaintext = std::string(api_token_marker) + random_hex(api_token_secret_bytes);
    api_token& t = made.token;
    t.id = s.new_id();
    t.name = input.name;
    t.token_hash = sha256_hex(made.plaintext);
    t.prefix = made.plaintext.substr(0, api_token_prefix_length);
    t.user_id = owner->id;
    const std::set<std::string> scopes(input.scopes.begin(), input.scopes.end());  // sorted, once each
    t.scopes = nlohmann::json(scopes);
    t.expires_at = input.expires_at;
    t.created_at = now;
    s.db().insert(t);
    // Ids, scopes and times only: neither the token nor its hash or prefix.
    append_audit(s, who, "api_token.create", "api_token", t.id,
                 nlohmann::json{{"user_id", t.user_id},
                                {"scopes", t.scopes},
                                {"expires_at", t.expires_at ? nlohmann::json(t.expires_at->time_since_epoch().count())
                                                            : nlohmann::json(nullptr)}});
    return made;
  });
}

template <class Conn>
api_token basic_api_token_repository<Conn>::revoke(const actor& who, std::string_view id) {
  auto& s = *store_;
  field_errors errors;
  internal::check_actor(who, errors);
  internal::throw_if_any(errors, "revoke API token");
  return s.db().transaction([&] {
    api_token t = load_token(s, id);
    // A token may always revoke itself (a client logging out); that only takes access away.
    if (!(who.type == actor::kind::api_token && who.id == t.id)) require_token_manager(s, who, t.user_id);
    if (t.revoked_at) throw invalid_state("revoke API token: " + describe(t) + " is already revoked");
    t.revoked_at = s.now();
    s.db()
        .template update<api_token>()
        .set(col<& api_token::revoked_at> = t.revoked_at)
        .where(col<&api_token::id> == t.id)
        .run();
    append_audit(s, who, "api_token.revoke", "api_token", t.id, nlohmann::json{{"user_id", t.user_id}});
    return t;
  });
}

}  // namespace vellum::cms
