// `collections` (a named JSON schema for content) and `workflows` (an editorial workflow
// definition). They reference each other: a collection is bound to a workflow
// (collections.workflow_id, NULL = the default one) and a workflow may be owned by a collection
// (workflows.collection_id), so both rows are declared here, before either table.
//
//   auto posts = db.select<collection>().where(col<&collection::name> == "posts").one();
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "vellum/core/time.hpp"
#include "vellum/schema/table.hpp"

namespace vellum::cms {

struct collection {
  std::string id{};
  std::string name{};  // ^[a-z][a-z0-9_]*$ (CS-2)
  std::string display_name{};
  std::optional<std::string> description{};
  nlohmann::json schema{};  // a JSON object with `properties`
  bool is_active = true;
  bool managed = false;  // owned by collection sync (CS-6)
  unix_millis created_at{};
  unix_millis updated_at{};
  std::int64_t schema_version = 1;         // rises when the schema hash changes (CS-4)
  std::optional<std::string> schema_hash{};  // SHA-256 of the canonical schema (CS-3)
  std::int64_t max_versions = 100;         // version retention, 0 = unlimited (VR-10)
  std::optional<std::string> workflow_id{};  // NULL = the default workflow (WR-3)
};

struct workflow {
  std::string id{};
  std::string name{};
  std::optional<std::string> description{};
  std::optional<std::string> collection_id{};  // the owning collection, NULL = shared
  bool is_active = true;
  bool auto_publish = false;
  bool require_approval = true;
  std::int64_t approval_levels = 1;
  unix_millis created_at{};
  unix_millis updated_at{};
};

constexpr auto vellum_table(tag<collection>) {
  return table<collection>(
             "collections",
             column(&collection::id, "id").primary_key(),
             column(&collection::name, "name")
                 .unique()
                 .check(per_dialect{.sqlite = "name GLOB '[a-z]*' AND name NOT GLOB '*[^a-z0-9_]*'",
                                    .postgres = "name ~ '^[a-z][a-z0-9_]*$'"}),
             column(&collection::display_name, "display_name"),
             column(&collection::description, "description"),
             column(&collection::schema, "schema")
                 .check(per_dialect{.sqlite = "json_valid(schema) AND json_type(schema) = 'object'",
                                    .postgres = "jsonb_typeof(schema) = 'object'"}),
             column(&collection::is_active, "is_active")
                 .default_value(true)
                 .check(per_dialect{.sqlite = "is_active IN (0, 1)"}),
             column(&collection::managed, "managed")
                 .default_value(false)
                 .check(per_dialect{.sqlite = "managed IN (0, 1)"}),
             column(&collection::created_at, "created_at").default_now(),
             column(&collection::updated_at, "updated_at").default_now(),
             column(&collection::schema_version, "schema_version").default_value(1).check("schema_version >= 1"),
             column(&collection::schema_hash, "schema_hash"),
             column(&collection::max_versions, "max_versions").default_value(100).check("max_versions >= 0"),
             column(&collection::workflow_id, "workflow_id").references<&workflow::id>().on_delete(fk_action::set_null))
      .strict()
      .index("idx_collections_active", &collection::is_active)
      .relation<one<"workflow", &collection::workflow_id, &workflow::id>>();
}

constexpr auto vellum_table(tag<workflow>) {
  return table<workflow>(
             "workflows",
             column(&workflow::id, "id").primary_key(),
             column(&workflow::name, "name"),
             column(&workflow::description, "description"),
             column(&workflow::collection_id, "collection_id")
                 .references<&collection::id>()
                 .on_delete(fk_action::cascade),
             column(&workflow::is_active, "is_active")
                 .default_value(true)
                 .check(per_dialect{.sqlite = "is_active IN (0, 1)"}),
             column(&workflow::auto_publish, "auto_publish")
                 .default_value(false)
                 .check(per_dialect{.sqlite = "auto_publish IN (0, 1)"}),
             column(&workflow::require_approval, "require_approval")
                 .default_value(true)
                 .check(per_dialect{.sqlite = "require_approval IN (0, 1)"}),
             column(&workflow::approval_levels, "approval_levels").default_value(1).check("approval_levels >= 1"),
             column(&workflow::created_at, "created_at").default_now(),
             column(&workflow::updated_at, "updated_at").default_now())
      .strict()
      .index("idx_workflows_collection", &workflow::collection_id)
      .relation<one<"collection", &workflow::collection_id, &collection::id>>();
}

}  // namespace vellum::cms
