// Where migrations come from: a folder of `NNN_name.sql` files (with optional
// `NNN_name.down.sql` siblings; drizzle-kit folders with `meta/_journal.json` included), or a
// bundle compiled into the program by the CMake function `vellum_embed_migrations`.
//
//   auto from_disk = vellum::migrate::load_folder("migrations");
//   auto built_in  = vellum::migrate::load_embedded(app::migrations());
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/migrate/embedded_migration.hpp"
#include "vellum/migrate/migration.hpp"

namespace vellum::migrate {

/// The id and name of a migration file name: "003_add_tags.sql" → {"003", "add_tags"}. Empty
/// for names of another shape and for `.down.sql` files.
struct migration_file_name {
  std::string id;
  std::string name;
};
[[nodiscard]] std::optional<migration_file_name> parse_migration_file_name(std::string_view filename);

/// Reads every `NNN_name.sql` of `dir` (not its subfolders) and its `.down.sql` sibling, ordered
/// by id. When `dir/meta/_journal.json` exists (a drizzle-kit folder) it must list exactly those
/// files, in the same order. Throws vellum::validation_error for a missing folder, a `.sql` file
/// of another name, a `.down.sql` without its migration, duplicate ids or a journal that
/// disagrees; checksums are the SHA-256 of each file's bytes.
[[nodiscard]] std::vector<migration> load_folder(const std::filesystem::path& dir);

/// Copies a compiled-in bundle into migrations, ordered by id (validated like a folder).
[[nodiscard]] std::vector<migration> load_embedded(std::span<const embedded_migration> bundle);

}  // namespace vellum::migrate
