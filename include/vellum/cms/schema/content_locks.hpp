// The `content_locks` table: one advisory edit lock per item; an expired lock may be taken over.
//
//   auto lock = db.select<content_lock>().where(col<&content_lock::content_id> == id).one();
#pragma once

#include <string>

#include "vellum/cms/schema/content.hpp"
#include "vellum/cms/schema/users.hpp"
#include "vellum/core/time.hpp"
#include "vellum/schema/table.hpp"

namespace vellum::cms {

struct content_lock {
  std::string content_id{};
  std::string user_id{};
  unix_millis acquired_at{};
  unix_millis expires_at{};
};

constexpr auto vellum_table(tag<content_lock>) {
  return table<content_lock>(
             "content_locks",
             column(&content_lock::content_id, "content_id")
                 .primary_key()
                 .references<&content::id>()
                 .on_delete(fk_action::cascade),
             column(&content_lock::user_id, "user_id").references<&user::id>().on_delete(fk_action::cascade),
             column(&content_lock::acquired_at, "acquired_at"),
             column(&content_lock::expires_at, "expires_at"))
      .strict()
      .check("expires_at > acquired_at")
      .index("idx_content_locks_user", &content_lock::user_id)
      .relation<one<"user", &content_lock::user_id, &user::id>>();
}

}  // namespace vellum::cms
