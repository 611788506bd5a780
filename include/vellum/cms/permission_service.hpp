// `permission_service`: what an actor may do. Permissions are `resource.action` names granted to
// roles (`role_permissions`); a user holds its role's grants while active. A `<name>_own` grant
// (content.update_own) gives `<name>` on items the actor's user authored. API tokens hold their
// scopes ∩ their owner's current permissions (TK-2); system jobs are trusted host code and hold
// every permission. docs/repositories.md, "Permissions", has the details.
//
//   auto perms = store.permissions();
//   if (perms.can(who, "content.update", &item)) …;
//   perms.require(who, "content.publish");  // throws vellum::forbidden
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "vellum/cms/actor.hpp"
#include "vellum/cms/schema/content.hpp"
#include "vellum/cms/schema/users.hpp"

namespace vellum {
class connection;
}

namespace vellum::cms {

template <class Conn>
class basic_store;

template <class Conn>
class basic_permission_service {
 public:
  explicit basic_permission_service(basic_store<Conn>& s) noexcept : store_(&s) {}

  /// The permission names `who` holds, ownership aside: a user's role grants (none when the user
  /// is unknown or deactivated); a token's scopes ∩ its owner's grants (none when the token is
  /// unknown, revoked or expired at the store's now(), or the actor names another owner); every
  /// permission for a system job.
  [[nodiscard]] std::set<std::string> granted(const actor& who) const;
  /// The grants of a role, from role_permissions.
  [[nodiscard]] std::set<std::string> role_grants(user_role role) const;

  /// Whether `who` may do `permission`, on `item` when given: it holds `permission`, or holds
  /// `<permission>_own` and `item` was authored by the actor's user. Asked for a `*_own` name
  /// itself with an item, only the item's author holds it. Unknown names are never held.
  [[nodiscard]] bool can(const actor& who, std::string_view permission, const content* item = nullptr) const;
  /// can(), or vellum::forbidden naming the permission.
  void require(const actor& who, std::string_view permission, const content* item = nullptr) const;

 private:
  basic_store<Conn>* store_;
};

extern template class basic_permission_service<connection>;
using permission_service = basic_permission_service<connection>;

}  // namespace vellum::cms
