#include "vellum/migrate/schema_generate.hpp"

#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>  // link, unlink: create a file without replacing one

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <fstream>
#include <string>
#include <system_error>

#include "vellum/core/connection.hpp"
#include "vellum/core/error.hpp"
#include "vellum/migrate/migration_runner.hpp"
#include "vellum/migrate/migration_source.hpp"

namespace vellum::migrate {

namespace {

namespace fs = std::filesystem;

std::string file_name_part(std::string_view name) {
  std::string out;
  for (const char c : name) {
    if (c == ' ') out += '_';
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-') out += c;
    else if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    else
      throw validation_error(fmt::format("migration name '{}': use letters, digits, spaces, '_' and '-'", name),
                             {{"name", {"use letters, digits, spaces, '_' and '-'"}}});
  }
  if (out.find_first_not_of("_-") == std::string::npos)
    throw validation_error(fmt::format("migration name '{}' is empty", name), {{"name", {"empty"}}});
  return out;
}

// Writes a temporary file beside `target`, then links it in place: `target` appears complete or
// not at all, and an existing file is never replaced (link fails with EEXIST).
void write_new_file(const fs::path& target, const std::string& text) {
  const fs::path temporary = target.parent_path() / ("." + target.filename().string() + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw error(fmt::format("generate: cannot write {}", temporary.string()));
    }
  }
  const int linked = ::link(temporary.c_str(), target.c_str());
  const int link_errno = errno;
  ::unlink(temporary.c_str());
  if (linked != 0)
    throw error(fmt::format("generate: cannot create {}: {}", target.string(),
                            link_errno == EEXIST ? "it exists already" : std::generic_category().message(link_errno)));
}

// A private in-memory copy of `db` (schema and rows), through SQLite's backup API.
void copy_database(connection& from, connection& to) {
  sqlite3_backup* backup = sqlite3_backup_init(to.native_handle(), "main", from.native_handle(), "main");
  if (backup == nullptr) throw error(fmt::format("generate: cannot copy the database: {}", sqlite3_errmsg(to.native_handle())));
  const int stepped = sqlite3_backup_step(backup, -1);
  const int finished = sqlite3_backup_finish(backup);
  if (stepped != SQLITE_DONE || finished != SQLITE_OK)
    throw error(fmt::format("generate: cannot copy the database: {}", sqlite3_errstr(stepped != SQLITE_DONE ? stepped : finished)));
}

bool has_pending(connection& db, const std::vector<migration>& source) {
  migration_runner runner{db, source};
  const auto states = runner.status();
  return std::any_of(states.begin(), states.end(), [](const migration_status& s) { return s.state == migration_state::pending; });
}

}  // namespace

fs::path next_migration_path(const fs::path& folder, std::string_view name) {
  const std::string part = file_name_part(name);
  std::size_t width = 3;
  std::uint64_t next = 1;
  if (fs::exists(folder)) {
    for (const auto& m : load_folder(folder)) {
      width = std::max(width, m.id.size());
      next = std::max<std::uint64_t>(next, std::stoull(m.id) + 1);
    }
  }
  return folder / fmt::format("{:0{}}_{}.sql", next, width, part);
}

generated_migration generate_migration(connection& db, std::span<const table_definition> definitions,
                                       const fs::path& folder, std::string_view name, const diff_options& options) {
  const fs::path file = next_migration_path(folder, name);  // checks the name before any work
  const std::vector<migration> source = fs::exists(folder) ? load_folder(folder) : std::vector<migration>{};

  generated_migration out;
  if (has_pending(db, source)) {
    connection copy{":memory:"};
    copy_database(db, copy);
    try {
      migration_runner{copy, source}.up();
    } catch (const migration_error& e) {
      throw migration_error(fmt::format("generate: the pending migrations of {} do not apply to (a copy of) the "
                                        "database; was it changed by push or by hand? {}",
                                        folder.string(), e.what()),
                            e.migration(), e.statement(), e.sqlite_code());
    }
    out.plan = plan_migration(copy, definitions, options);
  } else {
    out.plan = plan_migration(db, definitions, options);
  }
  if (out.plan.empty()) return out;
  out.plan.require_allowed();
  fs::create_directories(folder);
  write_new_file(file, out.plan.sql(file.stem().string()));
  out.file = file;
  return out;
}

migration_plan push_schema(connection& db, std::span<const table_definition> definitions, const diff_options& options) {
  migration_plan plan = plan_migration(db, definitions, options);
  if (plan.empty()) return plan;
  plan.require_allowed();
  migration m{"0", "push", "push", plan.sql("push"), {}, {}};
  migration_runner{db, {}}.run_unrecorded(m);
  return plan;
}

}  // namespace vellum::migrate
