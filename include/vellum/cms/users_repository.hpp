// `users_repository`: accounts (the `users` table). Input is validated before anything is
// written; e-mail addresses and usernames are stored in lower case and are unique
// (conflict{"email"} / conflict{"username"}, decided by the UNIQUE indexes, so racing creates
// cannot both win). Every mutation runs in one transaction (GX-1), takes the acting `actor`
// (GX-4) and appends an audit event (GX-7). Users are deactivated, never deleted. The table has
// no `revision` column, so mutations take no expected revision (GX-3 does not apply).
//
//   auto erin = store.users().create(cms::actor::system("setup"),
//                                    {.email = "erin@example.com", .username = "erin", .role =
//                                    cms::user_role::editor});
//   store.users().set_role(cms::actor::user(admin_id), erin.id, cms::user_role::admin);
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "vellum/cms/actor.hpp"
#include "vellum/cms/schema/users.hpp"

namespace vellum {
class connection;
}

namespace vellum::cms {

template <class Conn>
class basic_store;

inline constexpr std::size_t min_username_length = 3;
inline constexpr std::size_t max_username_length = 50;
inline constexpr std::size_t max_email_length = 254;
inline constexpr std::size_t max_person_name_length = 100;  // first_name, last_name
inline constexpr std::size_t max_bio_length = 5000;

/// What create() needs. Text members are checked as docs/repositories.md ("Users") lists;
/// an empty optional text is stored as NULL.
struct new_user {
  std::string email{};     // normalised: surrounding whitespace trimmed, lower-cased
  std::string username{};  // 3–50 of [a-z0-9._-], starting and ending with a letter or digit; lower-cased
  user_role role = user_role::viewer;
  std::optional<std::string> first_name{};
  std::optional<std::string> last_name{};
  /// A hash made by the host application (argon2id, bcrypt, …); vellum never sees passwords.
  /// NULL for an invited user who has not set one yet.
  std::optional<std::string> password_hash{};
  std::optional<std::string> invited_by{};  // the id of an existing user
  std::optional<std::string> avatar{};      // a URL or media id
  std::optional<std::string> phone{};
  std::optional<std::string> bio{};
  std::string timezone = "UTC";  // an IANA name such as Europe/Paris
  std::string language = "en";   // a language tag such as en or pt-BR
};

/// What update_profile() changes. An absent member keeps its value; an empty string clears a
/// nullable one (first_name, last_name, avatar, phone, bio). Changing the e-mail address
/// clears `email_verified` and any pending verification token.
struct user_profile_changes {
  std::optional<std::string> email{};
  std::optional<std::string> username{};
  std::optional<std::string> first_name{};
  std::optional<std::string> last_name{};
  std::optional<std::string> avatar{};
  std::optional<std::string> phone{};
  std::optional<std::string> bio{};
  std::optional<std::string> timezone{};
  std::optional<std::string> language{};
  std::optional<std::string> theme{};
  std::optional<bool> email_notifications{};
};

template <class Conn>
class basic_users_repository {
 public:
  explicit basic_users_repository(basic_store<Conn>& s) noexcept : store_(&s) {}

  // --- reads ---------------------------------------------------------------------------------
  /// The user, or not_found.
  [[nodiscard]] user get(std::string_view id) const;
  [[nodiscard]] std::optional<user> find(std::string_view id) const;
  /// Looks the address up as stored: trimmed and lower-cased first.
  [[nodiscard]] std::optional<user> find_by_email(std::string_view email) const;
  /// Looks the username up lower-cased.
  [[nodiscard]] std::optional<user> find_by_username(std::string_view username) const;

  // --- mutations (each one transaction with an audit event) ------------------------------------
  /// Needs users.create (users.update for set_role and for another user's profile, users.delete
  /// for deactivate/reactivate): forbidden otherwise. validation_error (every bad field at once),
  /// conflict{"email"} or conflict{"username"}.
  user create(const actor& who, const new_user& input);
  /// Applies `changes`; a change that alters nothing writes nothing (no audit event either).
  user update_profile(const actor& who, std::string_view id, const user_profile_changes& changes);
  /// Changes the role; setting the current role writes nothing. invalid_state when it would
  /// leave no active admin.
  user set_role(const actor& who, std::string_view id, user_role role);
  /// invalid_state when already inactive, or when the user is the last active admin.
  user deactivate(const actor& who, std::string_view id);
  /// invalid_state when already active.
  user reactivate(const actor& who, std::string_view id);

 private:
  user set_active(const actor& who, std::string_view id, bool active);
  basic_store<Conn>* store_;
};

extern template class basic_users_repository<connection>;
using users_repository = basic_users_repository<connection>;

/// The stored form of an e-mail address (trimmed, ASCII lower case) and whether it is valid:
/// one `@`, a dot-atom local part of at most 64 characters, a domain of at least two labels
/// ([a-z0-9-], no leading or trailing `-`) whose last is not all digits; at most 254 in all.
[[nodiscard]] std::string normalize_email(std::string_view email);
[[nodiscard]] bool is_valid_email(std::string_view normalized_email) noexcept;

}  // namespace vellum::cms
