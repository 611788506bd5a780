// `content` (items of a collection; `data` is the head version's data) and `content_versions`
// (immutable snapshots, VR-3). An item's relation to its versions goes both ways, so the two
// rows are declared together. Slugs are unique per (collection, locale) among non-deleted items
// through the partial unique index ux_content_slug (CR-3, CR-14).
//
//   auto page = db.select<content>().order_by(v::desc(col<&content::updated_at>)).limit(20)
//                   .with_related<"author", "versions">();
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "vellum/cms/schema/collections.hpp"
#include "vellum/cms/schema/media.hpp"
#include "vellum/cms/schema/users.hpp"
#include "vellum/cms/schema/workflow.hpp"
#include "vellum/core/enum_names.hpp"
#include "vellum/core/time.hpp"
#include "vellum/schema/table.hpp"

namespace vellum::cms {

/// published and changed are exactly the statuses with a published version (CR-7).
enum class content_status { draft, published, changed, archived, scheduled };
constexpr auto vellum_enum_names(tag<content_status>) {
  return enum_names<content_status>({{content_status::draft, "draft"},
                                     {content_status::published, "published"},
                                     {content_status::changed, "changed"},
                                     {content_status::archived, "archived"},
                                     {content_status::scheduled, "scheduled"}});
}

enum class review_status { none, pending, approved, rejected };
constexpr auto vellum_enum_names(tag<review_status>) {
  return enum_names<review_status>({{review_status::none, "none"},
                                    {review_status::pending, "pending"},
                                    {review_status::approved, "approved"},
                                    {review_status::rejected, "rejected"}});
}

enum class content_type { standard, template_, component };
constexpr auto vellum_enum_names(tag<content_type>) {
  return enum_names<content_type>({{content_type::standard, "standard"},
                                   {content_type::template_, "template"},
                                   {content_type::component, "component"}});
}

/// How a version came to be (VR-3).
enum class version_kind { create, update, patch, restore, import, duplicate };
constexpr auto vellum_enum_names(tag<version_kind>) {
  return enum_names<version_kind>({{version_kind::create, "create"},
                                   {version_kind::update, "update"},
                                   {version_kind::patch, "patch"},
                                   {version_kind::restore, "restore"},
                                   {version_kind::import, "import"},
                                   {version_kind::duplicate, "duplicate"}});
}

struct content {
  std::string id{};
  std::string collection_id{};
  std::string slug{};
  std::string title{};
  nlohmann::json data = nlohmann::json::object();
  content_status status = content_status::draft;
  std::optional<unix_millis> published_at{};
  std::string author_id{};
  unix_millis created_at{};
  unix_millis updated_at{};
  // the seed's scheduling, review, SEO and workflow columns
  std::optional<unix_millis> scheduled_publish_at{};
  std::optional<unix_millis> scheduled_unpublish_at{};
  cms::review_status review_status = cms::review_status::none;  // qualified: the member shares the type's name
  std::optional<std::string> reviewer_id{};
  std::optional<unix_millis> reviewed_at{};
  std::optional<std::string> review_notes{};
  std::optional<std::string> meta_title{};
  std::optional<std::string> meta_description{};
  std::optional<std::string> featured_image_id{};
  cms::content_type content_type = cms::content_type::standard;
  std::optional<std::string> workflow_state_id{};
  std::optional<unix_millis> embargo_until{};
  std::optional<unix_millis> expires_at{};
  bool version_locked = false;
  bool is_auto_saved = false;
  // DOMAIN.md's additions
  std::string locale = "en";
  std::optional<std::string> translation_group{};
  std::int64_t revision = 1;      // GX-3
  std::int64_t head_version = 1;  // VR-1 counter
  std::optional<std::int64_t> published_version{};
  std::optional<unix_millis> first_published_at{};
  std::optional<unix_millis> publish_from{};  // CR-11 window [publish_from, publish_until)
  std::optional<unix_millis> publish_until{};
  std::optional<unix_millis> archived_at{};  // CR-13
  std::optional<unix_millis> deleted_at{};   // CR-14
};

struct content_version {
  std::string id{};
  std::string content_id{};
  std::int64_t version = 1;
  nlohmann::json data = nlohmann::json::object();
  std::string author_id{};
  unix_millis created_at{};
  std::string title{};
  std::string slug{};
  nlohmann::json meta = nlohmann::json::object();
  version_kind kind = version_kind::create;
  std::optional<std::int64_t> source_version{};  // the restored version (VR-7)
  std::int64_t schema_version = 1;
  std::optional<std::string> label{};  // VR-13
  bool pinned = false;               // VR-11, VR-13
};

constexpr auto vellum_table(tag<content>) {
  return table<content>(
             "content",
             column(&content::id, "id").primary_key(),
             column(&content::collection_id, "collection_id")
                 .references<&collection::id>()
                 .on_delete(fk_action::restrict),
             column(&content::slug, "slug"),
             column(&content::title, "title"),
             column(&content::data, "data")
                 .check(per_dialect{.sqlite = "json_valid(data) AND json_type(data) = 'object'",
                                    .postgres = "jsonb_typeof(data) = 'object'"}),
             column(&content::status, "status").default_value(content_status::draft),
             column(&content::published_at, "published_at"),
             column(&content::author_id, "author_id").references<&user::id>().on_delete(fk_action::restrict),
             column(&content::created_at, "created_at").default_now(),
             column(&content::updated_at, "updated_at").default_now(),
             column(&content::scheduled_publish_at, "scheduled_publish_at"),
             column(&content::scheduled_unpublish_at, "scheduled_unpublish_at"),
             column(&content::review_status, "review_status").default_value(review_status::none),
             column(&content::reviewer_id, "reviewer_id").references<&user::id>().on_delete(fk_action::set_null),
             column(&content::reviewed_at, "reviewed_at"),
             column(&content::review_notes, "review_notes"),
             column(&content::meta_title, "meta_title"),
             column(&content::meta_description, "meta_description"),
             column(&content::featured_image_id, "featured_image_id")
                 .references<&media::id>()
                 .on_delete(fk_action::set_null),
             column(&content::content_type, "content_type").default_value(content_type::standard),
             column(&content::workflow_state_id, "workflow_state_id")
                 .references<&workflow_state::id>()
                 .on_delete(fk_action::restrict),
             column(&content::embargo_until, "embargo_until"),
             column(&content::expires_at, "expires_at"),
             column(&content::version_locked, "version_locked")
                 .default_value(false)
                 .check(per_dialect{.sqlite = "version_locked IN (0, 1)"}),
             column(&content::is_auto_saved, "is_auto_saved")
                 .default_value(false)
                 .check(per_dialect{.sqlite = "is_auto_saved IN (0, 1)"}),
             column(&content::locale, "locale").default_value("en"),
             column(&content::translation_group, "translation_group"),
             column(&content::revision, "revision").default_value(1).check("revision >= 1"),
             column(&content::head_version, "head_version").default_value(1).check("head_version >= 1"),
             column(&content::published_version, "published_version")
                 .check("published_version >= 1 AND published_version <= head_version"),
             column(&content::first_published_at, "first_published_at"),
             column(&content::publish_from, "publish_from"),
             column(&content::publish_until, "publish_until"),
             column(&content::archived_at, "archived_at"),
             column(&content::deleted_at, "deleted_at"))
      .strict()
      .check("(status IN ('published', 'changed')) = (published_version IS NOT NULL)")
      .check("published_version IS NULL OR (published_at IS NOT NULL AND first_published_at IS NOT NULL)")
      .check("(status = 'archived') = (archived_at IS NOT NULL)")
      .check("publish_from IS NULL OR publish_until IS NULL OR publish_from < publish_until")
      .unique_index("ux_content_slug", &content::collection_id, &content::locale, &content::slug)
      .partial("deleted_at IS NULL")
      .index("idx_content_collection_updated", &content::collection_id, desc(&content::updated_at),
             desc(&content::id))
      .index("idx_content_updated", desc(&content::updated_at), desc(&content::id))
      .index("idx_content_status", &content::status)
      .index("idx_content_author", &content::author_id)
      .index("idx_content_published", &content::published_at)
      .index("idx_content_workflow_state", &content::workflow_state_id)
      .index("idx_content_featured_image", &content::featured_image_id)
      .index("idx_content_translation_group", &content::translation_group)
      .relation<one<"collection", &content::collection_id, &collection::id>>()
      .relation<one<"author", &content::author_id, &user::id>>()
      .relation<one<"reviewer", &content::reviewer_id, &user::id>>()
      .relation<one<"featured_image", &content::featured_image_id, &media::id>>()
      .relation<one<"workflow_state", &content::workflow_state_id, &workflow_state::id>>()
      .relation<many<"versions", &content::id, &content_version::content_id>>();
}

constexpr auto vellum_table(tag<content_version>) {
  return table<content_version>(
             "content_versions",
             column(&content_version::id, "id").primary_key(),
             column(&content_version::content_id, "content_id")
                 .references<&content::id>()
                 .on_delete(fk_action::cascade),
             column(&content_version::version, "version").check("version >= 1"),
             column(&content_version::data, "data")
                 .check(per_dialect{.sqlite = "json_valid(data) AND json_type(data) = 'object'",
                                    .postgres = "jsonb_typeof(data) = 'object'"}),
             column(&content_version::author_id, "author_id").references<&user::id>().on_delete(fk_action::restrict),
             column(&content_version::created_at, "created_at").default_now(),
             column(&content_version::title, "title"),
             column(&content_version::slug, "slug"),
             // A JSON literal default: default_value() takes no json, so the SQL text is given.
             column(&content_version::meta, "meta")
                 .default_sql("'{}'")
                 .check(per_dialect{.sqlite = "json_valid(meta) AND json_type(meta) = 'object'",
                                    .postgres = "jsonb_typeof(meta) = 'object'"}),
             column(&content_version::kind, "kind"),
             column(&content_version::source_version, "source_version")
                 .check("source_version >= 1 AND source_version < version"),
             column(&content_version::schema_version, "schema_version").check("schema_version >= 1"),
             column(&content_version::label, "label"),
             column(&content_version::pinned, "pinned")
                 .default_value(false)
                 .check(per_dialect{.sqlite = "pinned IN (0, 1)"}))
      .strict()
      .unique(&content_version::content_id, &content_version::version)
      .index("idx_content_versions_author", &content_version::author_id)
      .relation<one<"content", &content_version::content_id, &content::id>>()
      .relation<one<"author", &content_version::author_id, &user::id>>();
}

}  // namespace vellum::cms
