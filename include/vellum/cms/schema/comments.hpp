// The `comments` table: comments on content items, threaded through `parent_id`. A comment has a
// user or, when anonymous, at least an author name.
//
//   auto thread = db.select<comment>().where(col<&comment::content_id> == id && v::is_null(col<&comment::parent_id>))
//                     .with_related<"replies">();
#pragma once

#include <optional>
#include <string>

#include "vellum/cms/schema/content.hpp"
#include "vellum/cms/schema/users.hpp"
#include "vellum/core/enum_names.hpp"
#include "vellum/core/time.hpp"
#include "vellum/schema/table.hpp"

namespace vellum::cms {

enum class comment_status { pending, approved, spam, deleted };
constexpr auto vellum_enum_names(tag<comment_status>) {
  return enum_names<comment_status>({{comment_status::pending, "pending"},
                                     {comment_status::approved, "approved"},
                                     {comment_status::spam, "spam"},
                                     {comment_status::deleted, "deleted"}});
}

struct comment {
  std::string id{};
  std::string content_id{};
  std::optional<std::string> user_id{};
  std::optional<std::string> parent_id{};
  std::optional<std::string> author_name{};
  std::optional<std::string> author_email{};
  std::string content{};  // the comment's text
  comment_status status = comment_status::pending;
  unix_millis created_at{};
  unix_millis updated_at{};
};

constexpr auto vellum_table(tag<comment>) {
  return table<comment>(
             "comments",
             column(&comment::id, "id").primary_key(),
             column(&comment::content_id, "content_id").references<&content::id>().on_delete(fk_action::cascade),
             column(&comment::user_id, "user_id").references<&user::id>().on_delete(fk_action::set_null),
             column(&comment::parent_id, "parent_id").references<&comment::id>().on_delete(fk_action::cascade),
             column(&comment::author_name, "author_name"),
             column(&comment::author_email, "author_email"),
             column(&comment::content, "content"),
             column(&comment::status, "status").default_value(comment_status::pending),
             column(&comment::created_at, "created_at").default_now(),
             column(&comment::updated_at, "updated_at").default_now())
      .strict()
      .check("user_id IS NOT NULL OR author_name IS NOT NULL")
      .check("parent_id IS NULL OR parent_id <> id")
      .index("idx_comments_content", &comment::content_id, &comment::created_at, &comment::id)
      .index("idx_comments_status", &comment::status, &comment::created_at)
      .index("idx_comments_parent", &comment::parent_id)
      .index("idx_comments_user", &comment::user_id)
      .relation<one<"content", &comment::content_id, &content::id>>()
      .relation<one<"user", &comment::user_id, &user::id>>()
      .relation<one<"parent", &comment::parent_id, &comment::id>>()
      .relation<many<"replies", &comment::id, &comment::parent_id>>();
}

}  // namespace vellum::cms
