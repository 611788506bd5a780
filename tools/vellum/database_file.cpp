#include "database_file.hpp"

#include <fmt/format.h>

#include <filesystem>

#include <vellum/cms/bundled_migrations.hpp>
#include <vellum/core/error.hpp>
#include <vellum/migrate/migration_runner.hpp>
#include <vellum/migrate/migration_source.hpp>

#include "command.hpp"

namespace vellum::tools {

namespace {

namespace mg = vellum::migrate;

// Opens the file and refuses a schema the bundled CMS migrations have not brought up to date.
std::unique_ptr<database> open_current_cms(const std::string& path) {
  auto db = open_database(path, database_file::must_exist);
  mg::migration_runner runner(*db, mg::load_embedded(cms::detail::bundled_migrations()));
  std::size_t pending = 0;
  for (const auto& s : runner.status()) {
    if (s.state == mg::migration_state::changed)
      throw usage_error(fmt::format("database '{}': the applied migration {} has changed ({}); see `vellum migrate "
                                    "status --db {}`",
                                    path, s.filename, s.detail, path));
    if (s.state == mg::migration_state::pending) ++pending;
  }
  if (pending > 0)
    throw usage_error(fmt::format("database '{}' is not up to date ({} pending CMS migration{}): run `vellum migrate "
                                  "up --db {}` first",
                                  path, pending, pending == 1 ? "" : "s", path));
  return db;
}

}  // namespace

std::unique_ptr<database> open_database(const std::string& path, database_file mode) {
  if (path.empty()) throw usage_error("--db FILE is required (or set VELLUM_DB)");
  if (mode == database_file::must_exist && !std::filesystem::exists(path))
    throw usage_error(fmt::format("database '{}' does not exist (`vellum migrate up` creates it)", path));
  connection_options options;
  options.create = mode == database_file::create;
  try {
    auto db = std::make_unique<database>(path, options);
    (void)db->query_value<std::int64_t>("SELECT count(*) FROM sqlite_master");  // not a database: fails here
    return db;
  } catch (const vellum::error& e) {
    throw usage_error(fmt::format("database '{}' cannot be opened: {}", path, e.what()));
  }
}

cms_database::cms_database(const std::string& path)
    : db_(open_current_cms(path)), store_(*db_, cms::store_options{.migrate = false}) {}

}  // namespace vellum::tools
