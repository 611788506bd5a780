// The `media` table: metadata of uploaded files (the bytes live wherever the host stores them,
// under `r2_key`). Soft delete via `deleted_at`.
//
//   auto images = db.select<media>().where(col<&media::folder> == "uploads" && v::is_null(col<&media::deleted_at>)).all();
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "vellum/cms/schema/users.hpp"
#include "vellum/core/time.hpp"
#include "vellum/schema/table.hpp"

namespace vellum::cms {

struct media {
  std::string id{};
  std::string filename{};
  std::string original_name{};
  std::string mime_type{};
  std::int64_t size = 0;  // bytes
  std::optional<std::int64_t> width{};
  std::optional<std::int64_t> height{};
  std::string folder = "uploads";
  std::string r2_key{};  // storage key; two rows never share a blob
  std::string public_url{};
  std::optional<std::string> thumbnail_url{};
  std::optional<std::string> alt{};
  std::optional<std::string> caption{};
  nlohmann::json tags = nlohmann::json::array();
  std::string uploaded_by{};
  unix_millis uploaded_at{};
  unix_millis updated_at{};
  std::optional<unix_millis> published_at{};
  std::optional<unix_millis> scheduled_at{};
  std::optional<unix_millis> archived_at{};
  std::optional<unix_millis> deleted_at{};
};

constexpr auto vellum_table(tag<media>) {
  return table<media>(
             "media",
             column(&media::id, "id").primary_key(),
             column(&media::filename, "filename"),
             column(&media::original_name, "original_name"),
             column(&media::mime_type, "mime_type"),
             column(&media::size, "size").check("size >= 0"),
             column(&media::width, "width").check("width > 0"),
             column(&media::height, "height").check("height > 0"),
             column(&media::folder, "folder").default_value("uploads"),
             column(&media::r2_key, "r2_key").unique(),
             column(&media::public_url, "public_url"),
             column(&media::thumbnail_url, "thumbnail_url"),
             column(&media::alt, "alt"),
             column(&media::caption, "caption"),
             // A JSON literal default: default_value() takes no json, so the SQL text is given.
             column(&media::tags, "tags")
                 .default_sql("'[]'")
                 .check(per_dialect{.sqlite = "json_valid(tags) AND json_type(tags) = 'array'",
                                    .postgres = "jsonb_typeof(tags) = 'array'"}),
             column(&media::uploaded_by, "uploaded_by").references<&user::id>().on_delete(fk_action::restrict),
             column(&media::uploaded_at, "uploaded_at").default_now(),
             column(&media::updated_at, "updated_at").default_now(),
             column(&media::published_at, "published_at"),
             column(&media::scheduled_at, "scheduled_at"),
             column(&media::archived_at, "archived_at"),
             column(&media::deleted_at, "deleted_at"))
      .strict()
      .index("idx_media_folder", &media::folder)
      .index("idx_media_type", &media::mime_type)
      .index("idx_media_uploaded_by", &media::uploaded_by)
      .index("idx_media_uploaded_at", desc(&media::uploaded_at), desc(&media::id))
      .index("idx_media_deleted", &media::deleted_at)
      .relation<one<"uploader", &media::uploaded_by, &user::id>>();
}

}  // namespace vellum::cms
