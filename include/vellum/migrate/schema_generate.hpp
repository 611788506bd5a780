// Schema changes from table definitions, the drizzle-kit way: `generate_migration` writes the
// next `NNN_name.sql` of a migrations folder from the diff between a database and the
// definitions; `push_schema` applies that diff to a development database directly.
//
//   auto out = vellum::migrate::generate_migration<user, post>(db, "migrations", "add_tags");
//   if (!out.file) std::puts("no changes");
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string_view>

#include "vellum/migrate/schema_diff.hpp"
#include "vellum/migrate/table_definitions.hpp"

namespace vellum {
class connection;
}

namespace vellum::migrate {

struct generated_migration {
  migration_plan plan;
  std::optional<std::filesystem::path> file;  // the file written; nullopt when nothing changed
};

/// The path of the next migration of `folder`: its highest id plus one, in the width the folder
/// uses (three digits by default), and `name` made a file name part ("Add tags" → "add_tags").
/// Throws validation_error for a name without letters or digits, or with other characters.
[[nodiscard]] std::filesystem::path next_migration_path(const std::filesystem::path& folder, std::string_view name);

/// Plans the changes from `db` to `definitions` and writes them as the next migration of
/// `folder` (created when missing). Migrations of the folder that `db` has not applied yet count
/// as applied: the diff starts from a private in-memory copy of `db` with them run, so
/// generating twice writes one file. Writes nothing when there are no changes; refuses
/// (destructive_change_error) steps that lose data unless `options.allow_destructive`. The file
/// appears whole or not at all, and never replaces an existing one.
generated_migration generate_migration(connection& db, std::span<const table_definition> definitions,
                                       const std::filesystem::path& folder, std::string_view name,
                                       const diff_options& options = {});
template <mapped_row... Rows>
generated_migration generate_migration(connection& db, const std::filesystem::path& folder, std::string_view name,
                                       const diff_options& options = {}) {
  return generate_migration(db, table_definitions<Rows...>(), folder, name, options);
}

/// Applies the plan from `db` to `definitions` directly, in one transaction (foreign keys off
/// around it when a table is rebuilt), recording nothing in the tracking table. For development
/// databases: production ones change through migration files. Returns the plan it ran (empty
/// when nothing changed); refuses data loss unless `options.allow_destructive`.
migration_plan push_schema(connection& db, std::span<const table_definition> definitions,
                           const diff_options& options = {});

}  // namespace vellum::migrate
