// `api_token_repository`: API tokens (TK-1, TK-2). create() returns the plaintext token once and
// stores only its SHA-256, a short display prefix, the scopes and the expiry; verify() finds a
// presented token by its hash and refuses unknown, expired and revoked tokens (and tokens of a
// deactivated owner) with vellum::invalid_token and a distinct reason(). A token acts as
// `actor::token(id, owner)`, holding its scopes ∩ its owner's current permissions.
//
//   auto made = store.api_tokens().create(cms::actor::user(uid), {.user_id = uid, .name = "CI",
//                                         .scopes = {"content.read"}, .expires_at = store.now() + days(90)});
//   send_once_to_the_user(made.plaintext);                     // never stored, never shown again
//   auto who = store.api_tokens().verify(presented).as_actor();   // throws vellum::invalid_token
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/cms/actor.hpp"
#include "vellum/cms/schema/api_tokens.hpp"
#include "vellum/cms/schema/users.hpp"
#include "vellum/core/time.hpp"

namespace vellum {
class connection;
}

namespace vellum::cms {

template <class Conn>
class basic_store;

/// Every token starts with this, so secret scanners and people recognise one.
inline constexpr std::string_view api_token_marker = "vlm_";
/// Characters of the token kept in `api_tokens.prefix` for display: the marker and 8 hex digits.
inline constexpr std::size_t api_token_prefix_length = 12;
/// Random bytes behind the marker (hex-encoded: 64 characters, 256 bits).
inline constexpr std::size_t api_token_secret_bytes = 32;
inline constexpr std::size_t max_api_token_name_length = 100;
/// verify() writes last_used_at only when the stored value is older than this, so a busy API
/// does not turn every authenticated read into a write.
inline constexpr std::chrono::milliseconds api_token_last_used_resolution = std::chrono::minutes(1);

/// What create() needs.
struct new_api_token {
  std::string user_id{};             // the owner; must exist and be active
  std::string name{};                // a label for people ("CI deploy"); 1–100 characters
  std::vector<std::string> scopes{};  // permission names; at least one, each known and held by the owner
  std::optional<unix_millis> expires_at{};  // must be after now(); none = never expires
};

/// create()'s result: the stored row and the token itself, which exists nowhere else.
struct created_api_token {
  api_token token;
  std::string plaintext;
};

/// verify()'s result: the token's row (last_used_at as written by this call) and its owner.
struct verified_api_token {
  api_token token;
  user owner;
  /// The actor to pass to repositories and permission checks.
  [[nodiscard]] actor as_actor() const { return actor::token(token.id, owner.id); }
};

template <class Conn>
class basic_api_token_repository {
 public:
  explicit basic_api_token_repository(basic_store<Conn>& s) noexcept : store_(&s) {}

  // --- reads ---------------------------------------------------------------------------------
  /// The token's row, or not_found.
  [[nodiscard]] api_token get(std::string_view id) const;
  /// A user's tokens, revoked and expired ones included, newest first.
  [[nodiscard]] std::vector<api_token> list_for_user(std::string_view user_id) const;

  /// Looks `plaintext` up by its SHA-256. invalid_token with reason unknown (no such token, or
  /// not shaped like one), revoked, expired (expires_at ≤ now) or owner_inactive. Sets
  /// last_used_at to now unless it is already within api_token_last_used_resolution; that
  /// bookkeeping write is not audited.
  verified_api_token verify(std::string_view plaintext);

  // --- mutations (each one transaction with an audit event) ------------------------------------
  /// A new token for `input.user_id`. `who` may create tokens for its own user; for another
  /// user it needs users.update; a token actor needs users.update even for its owner (a token
  /// must not mint a wider or longer-lived one). validation_error (every bad field at once),
  /// forbidden.
  created_api_token create(const actor& who, const new_api_token& input);
  /// Sets revoked_at. The same permission rule as create(), except that a token may revoke
  /// itself; not_found, invalid_state when already revoked, forbidden.
  api_token revoke(const actor& who, std::string_view id);

 private:
  basic_store<Conn>* store_;
};

extern template class basic_api_token_repository<connection>;
using api_token_repository = basic_api_token_repository<connection>;

}  // namespace vellum::cms
