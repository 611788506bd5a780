// The `api_tokens` table (TK-1): only the SHA-256 of a token is stored (64 lower-case hex
// digits, so a plaintext token cannot be written by mistake); `prefix` is for display.
//
//   auto t = db.select<api_token>().where(col<&api_token::token_hash> == vellum::sha256_hex(presented)).one();
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "vellum/cms/schema/users.hpp"
#include "vellum/core/time.hpp"
#include "vellum/schema/table.hpp"

namespace vellum::cms {

struct api_token {
  std::string id{};
  std::string name{};
  std::string token_hash{};
  std::string prefix{};
  std::string user_id{};
  nlohmann::json scopes = nlohmann::json::array();  // permission names, e.g. ["content.read"]
  std::optional<unix_millis> expires_at{};
  std::optional<unix_millis> revoked_at{};
  std::optional<unix_millis> last_used_at{};
  unix_millis created_at{};
};

constexpr auto vellum_table(tag<api_token>) {
  return table<api_token>(
             "api_tokens",
             column(&api_token::id, "id").primary_key(),
             column(&api_token::name, "name"),
             column(&api_token::token_hash, "token_hash")
                 .unique()
                 .check(per_dialect{.sqlite = "length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'",
                                    .postgres = "token_hash ~ '^[0-9a-f]{64}$'"}),
             column(&api_token::prefix, "prefix"),
             column(&api_token::user_id, "user_id").references<&user::id>().on_delete(fk_action::cascade),
             // A JSON literal default: default_value() takes no json, so the SQL text is given.
             column(&api_token::scopes, "scopes")
                 .default_sql("'[]'")
                 .check(per_dialect{.sqlite = "json_valid(scopes) AND json_type(scopes) = 'array'",
                                    .postgres = "jsonb_typeof(scopes) = 'array'"}),
             column(&api_token::expires_at, "expires_at"),
             column(&api_token::revoked_at, "revoked_at"),
             column(&api_token::last_used_at, "last_used_at"),
             column(&api_token::created_at, "created_at").default_now())
      .strict()
      .index("idx_api_tokens_user", &api_token::user_id)
      .relation<one<"user", &api_token::user_id, &user::id>>();
}

}  // namespace vellum::cms
