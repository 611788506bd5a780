// Collection schemas (CS-2): the JSON object that declares a collection's content fields, and
// the checks a collection definition passes before it is created, updated or synced: the name,
// the display name, and the schema itself. The format is described in docs/repositories.md
// ("Collection schemas"); content data is checked against it by validate_content_data.
//
//   auto errors = cms::validate_collection_definition("posts", "Posts", schema,
//                                                     [&](std::string_view n) { return known.contains(n); });
//   if (!errors.empty()) throw vellum::validation_error("collection 'posts' is invalid", errors);
#pragma once

#include <array>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "vellum/core/error.hpp"

namespace vellum::cms {

/// The kinds of field a collection schema declares (each property's `"type"`).
enum class field_type { string, number, integer, boolean, date, json, reference, select, multiselect, object, array };

/// The field type a schema's `"type"` names, or nullopt for an unknown name. Besides the
/// canonical names (`to_string`), `text`, `textarea`, `richtext` and `markdown` mean string and
/// `datetime` means date (SonicJS's spellings).
[[nodiscard]] std::optional<field_type> field_type_from_name(std::string_view name) noexcept;
[[nodiscard]] std::string_view to_string(field_type type) noexcept;

/// Top-level field names a schema may not declare (compared ignoring case): they name the
/// columns an item keeps beside its data, so a field of that name would shadow one in the API.
inline constexpr std::array<std::string_view, 16> reserved_field_names = {
    "id",           "slug",       "title",      "status",     "locale",     "collection_id",
    "author_id",    "revision",   "version",    "created_at", "updated_at", "published_at",
    "archived_at",  "deleted_at", "data",       "meta"};

/// Reference targets that are built-in tables rather than collections; collections may not
/// take these names, so `"collection": "users"` always means the users table.
inline constexpr std::array<std::string_view, 2> builtin_reference_targets = {"users", "media"};

inline constexpr std::size_t max_collection_name_length = 64;
inline constexpr std::size_t max_display_name_length = 200;
inline constexpr std::size_t max_field_name_length = 64;
inline constexpr int max_schema_depth = 16;  // nested object/array fields

/// Whether `name` exists as a collection (or will, within the same sync): decides whether a
/// `reference` field's `"collection"` is a known target.
using collection_lookup = std::function<bool(std::string_view name)>;

/// `{"type": "object", "properties": {}}`: a schema without fields, what a new collection or a
/// definition starts with.
[[nodiscard]] nlohmann::json empty_collection_schema();

/// `^[a-z][a-z0-9_]*$`, at most 64 characters, not a built-in reference target.
[[nodiscard]] bool is_valid_collection_name(std::string_view name) noexcept;

/// Every problem of `schema` as a collection schema, by path from `schema`
/// (`"schema.properties.tags.options"`, `"schema.required[1]"`); empty when the schema is valid.
/// A reference target is accepted when it is built in or `target_exists` says so.
[[nodiscard]] validation_error::field_errors validate_collection_schema(const nlohmann::json& schema,
                                                                        const collection_lookup& target_exists);

/// Checks a whole definition: `name`, `display_name` and `schema` (paths `"name"`,
/// `"display_name"`, `"schema"`, `"schema.properties.…"`). A reference to the collection itself
/// (`name`) is accepted besides what `target_exists` accepts.
[[nodiscard]] validation_error::field_errors validate_collection_definition(std::string_view name,
                                                                            std::string_view display_name,
                                                                            const nlohmann::json& schema,
                                                                            const collection_lookup& target_exists);

}  // namespace vellum::cms
