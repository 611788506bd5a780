// `actor`: who performs a mutation (GX-4): a user, an API token acting for its owner, or a
// system job. Every repository mutation takes one and records it in the audit log.
//
//   store.content().create(cms::actor::user(editor_id), input);
//   store.content().publish(cms::actor::system("scheduler"), id);
#pragma once

#include <string>

namespace vellum::cms {

struct actor {
  enum class kind { user, api_token, system };

  kind type = kind::system;
  std::string id;       // user id, token id, or job name
  std::string user_id;  // the user the actor acts for (the token's owner); empty for system jobs

  static actor user(std::string user_id) { return {kind::user, user_id, user_id}; }
  static actor token(std::string token_id, std::string owner_user_id) {
    return {kind::api_token, std::move(token_id), std::move(owner_user_id)};
  }
  static actor system(std::string job) { return {kind::system, std::move(job), {}}; }

  /// "user:<id>", "token:<id>" or "system:<job>", as stored in audit and history rows.
  [[nodiscard]] std::string label() const {
    switch (type) {
      case kind::user: return "user:" + id;
      case kind::api_token: return "token:" + id;
      case kind::system: break;
    }
    return "system:" + id;
  }
};

}  // namespace vellum::cms
