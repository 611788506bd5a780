// The `autosaves` table (VR-14): unsaved edits, not versions. One row per (item, user) or, for an
// item not created yet, per (draft_key, user); exactly one of content_id and draft_key is set.
//
//   auto mine = db.select<autosave>().where(col<&autosave::content_id> == id && col<&autosave::user_id> == me).one();
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "vellum/cms/schema/content.hpp"
#include "vellum/cms/schema/users.hpp"
#include "vellum/core/time.hpp"
#include "vellum/schema/table.hpp"

namespace vellum::cms {

struct autosave {
  std::string id{};
  std::optional<std::string> content_id{};
  std::optional<std::string> draft_key{};
  std::string user_id{};
  nlohmann::json data = nlohmann::json::object();
  std::optional<std::string> title{};
  unix_millis updated_at{};
};

constexpr auto vellum_table(tag<autosave>) {
  return table<autosave>(
             "autosaves",
             column(&autosave::id, "id").primary_key(),
             column(&autosave::content_id, "content_id").references<&content::id>().on_delete(fk_action::cascade),
             column(&autosave::draft_key, "draft_key"),
             column(&autosave::user_id, "user_id").references<&user::id>().on_delete(fk_action::cascade),
             column(&autosave::data, "data")
                 .check(per_dialect{.sqlite = "json_valid(data) AND json_type(data) = 'object'",
                                    .postgres = "jsonb_typeof(data) = 'object'"}),
             column(&autosave::title, "title"),
             column(&autosave::updated_at, "updated_at").default_now())
      .strict()
      .check("(content_id IS NULL) <> (draft_key IS NULL)")
      .unique_index("ux_autosaves_content_user", &autosave::content_id, &autosave::user_id)
      .partial("content_id IS NOT NULL")
      .unique_index("ux_autosaves_draft_user", &autosave::draft_key, &autosave::user_id)
      .partial("draft_key IS NOT NULL")
      .index("idx_autosaves_user", &autosave::user_id)
      .relation<one<"content", &autosave::content_id, &content::id>>();
}

}  // namespace vellum::cms
