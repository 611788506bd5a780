// Opening the database file a command works on (`--db FILE`, or the VELLUM_DB variable), with
// the command line's policy: a missing option, a missing file (unless the command creates it)
// or a file SQLite cannot open is bad input (usage_error, exit code 2), not a failure.
//
//   auto db = open_database(db_path_, database_file::must_exist);
//   auto cms = open_cms_database(db_path_);   // + the schema must be up to date
#pragma once

#include <memory>
#include <string>

#include <vellum/cms/store.hpp>
#include <vellum/database.hpp>

namespace vellum::tools {

enum class database_file { must_exist, create };

[[nodiscard]] std::unique_ptr<database> open_database(const std::string& path, database_file mode);

/// A CMS database opened for the collections and schedule commands. These never migrate: a
/// schema change is `vellum migrate up`'s job, done on purpose and seen in its output, so a
/// database with pending (or edited) CMS migrations is a usage_error saying what to run.
class cms_database {
 public:
  explicit cms_database(const std::string& path);
  [[nodiscard]] cms::store& store() noexcept { return store_; }

 private:
  std::unique_ptr<database> db_;
  cms::store store_;
};

}  // namespace vellum::tools
