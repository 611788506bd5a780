#include "migrate_command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

#include <vellum/core/error.hpp>
#include <vellum/migrate.hpp>

#include "database_file.hpp"

#if defined(VELLUM_HAS_BUNDLED_MIGRATIONS)
#include <vellum/cms/bundled_migrations.hpp>
#endif

namespace vellum::tools {

namespace {

namespace fs = std::filesystem;
namespace mg = vellum::migrate;

std::string utc_text(unix_millis t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{std::chrono::floor<std::chrono::seconds>(t - day)};
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count());
}

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// One line per migration: on a terminal "applying X … ok" as it runs; otherwise "applied X".
class progress_printer {
 public:
  progress_printer() : terminal_(isatty(fileno(stdout)) != 0) {}
  ~progress_printer() {
    if (open_) std::fputs("failed\n", stdout);  // the error follows on stderr
    std::fflush(stdout);
  }
  progress_printer(const progress_printer&) = delete;
  progress_printer& operator=(const progress_printer&) = delete;

  void operator()(const mg::migration& m, mg::migration_event event) {
    switch (event) {
      case mg::migration_event::applying:
      case mg::migration_event::reverting:
        if (terminal_) {
          fmt::print("{} {} ... ", event == mg::migration_event::applying ? "applying" : "reverting", m.filename);
          std::fflush(stdout);
          open_ = true;
        }
        break;
      case mg::migration_event::applied:
      case mg::migration_event::reverted:
        if (terminal_) {
          std::fputs("ok\n", stdout);
        } else {
          fmt::print("{} {}\n", event == mg::migration_event::applied ? "applied" : "reverted", m.filename);
        }
        std::fflush(stdout);
        open_ = false;
        break;
    }
  }

 private:
  bool terminal_;
  bool open_ = false;
};

mg::runner_options reporting_to(progress_printer& progress, bool allow_changed) {
  mg::runner_options options;
  options.allow_changed = allow_changed;
  options.on_event = std::ref(progress);
  return options;
}

std::vector<mg::migration> load_source(const std::string& dir) {
  if (!dir.empty()) return mg::load_folder(dir);
#if defined(VELLUM_HAS_BUNDLED_MIGRATIONS)
  auto bundled = mg::load_embedded(vellum::cms::detail::bundled_migrations());
  if (!bundled.empty()) return bundled;
#endif
  throw usage_error("this vellum was built without the CMS migrations: pass --dir DIR");
}

const mg::migration& require_in_source(const std::vector<mg::migration>& source, const std::string& id) {
  if (mg::is_migration_id(id)) {
    for (const auto& m : source)
      if (mg::compare_migration_ids(m.id, id) == 0) return m;
  }
  throw usage_error(fmt::format("no migration with id '{}' in the source", id));
}

// "Add tags" → "add_tags"; letters, digits, '_' and '-' only.
void write_new_file(const fs::path& file, const std::string& text) {
  if (fs::exists(file)) throw usage_error(fmt::format("{} exists already", file.string()));
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out) throw usage_error(fmt::format("cannot write {}", file.string()));
}

}  // namespace

migrate_command::migrate_command(CLI::App& app, command_action& action) {
  CLI::App* group = app.add_subcommand("migrate", "Apply, inspect and revert schema migrations");
  group->require_subcommand(1);
  group->add_option("--db", db_, "SQLite database file")->envname("VELLUM_DB");
  group->add_option("--dir", dir_, "folder of NNN_name.sql files (default: the bundled CMS migrations)");

  const auto leaf = [&](const char* name, const char* help, int (migrate_command::*fn)()) {
    return add_command(*group, name, help, action, [this, fn] { return (this->*fn)(); });
  };
  leaf("status", "List applied, pending, changed and unknown migrations", &migrate_command::status);
  CLI::App* up = leaf("up", "Apply pending migrations in order, each in its own transaction", &migrate_command::up);
  up->add_option("--to", to_, "stop after this migration id");
  up->add_flag("--allow-changed", allow_changed_, "run even though an applied migration's file changed");
  CLI::App* down = leaf("down", "Revert migrations with their .down.sql, newest first", &migrate_command::down);
  down->add_option("--to", to_, "revert every migration after this id (0: all); default: the newest only");
  down->add_flag("--allow-changed", allow_changed_, "revert even though an applied migration's file changed");
  leaf("baseline", "Record migrations up to ID as applied without running them", &migrate_command::baseline)
      ->add_option("id", id_, "the last migration the database already has")
      ->required();
  leaf("mark-applied", "Record one migration as applied without running it (accepts an edited file)",
       &migrate_command::mark_applied)
      ->add_option("id", id_, "migration id")
      ->required();
  CLI::App* create = leaf("new", "Create the next NNN_name.sql in --dir", &migrate_command::create);
  create->add_option("name", name_, "what the migration does, e.g. add_tags")->required();
  create->add_flag("--down", with_down_, "also create NNN_name.down.sql");
}

int migrate_command::status() {
  auto source = load_source(dir_);
  const auto db = open_database(db_, database_file::must_exist);
  mg::migration_runner runner(*db, std::move(source));
  const auto rows = runner.status();
  std::size_t counts[4] = {0, 0, 0, 0};
  std::size_t id_width = 2;
  for (const auto& s : rows) id_width = std::max(id_width, s.id.size());
  fmt::print("{:<{}}  {:<7}  {:<19}  {}\n", "ID", id_width, "STATE", "APPLIED AT (UTC)", "MIGRATION");
  for (const auto& s : rows) {
    ++counts[static_cast<int>(s.state)];
    fmt::print("{:<{}}  {:<7}  {:<19}  {}\n", s.id, id_width, mg::to_string(s.state),
               s.applied_at ? utc_text(*s.applied_at) : std::string(), s.filename);
    if (s.state == mg::migration_state::changed || s.state == mg::migration_state::unknown)
      fmt::print("{:<{}}  ^ {}\n", "", id_width, s.detail);
  }
  fmt::print("{} applied, {} pending, {} changed, {} unknown\n", counts[0], counts[1], counts[2], counts[3]);
  return 0;
}

int migrate_command::up() {
  auto source = load_source(dir_);
  if (!to_.empty()) require_in_source(source, to_);
  const auto db = open_database(db_, database_file::create);
  progress_printer progress;
  mg::migration_runner runner(*db, std::move(source), reporting_to(progress, allow_changed_));
  const auto applied = to_.empty() ? runner.up() : runner.up_to(to_);
  if (applied.empty()) fmt::print("nothing to apply: the database is up to date\n");
  else fmt::print("applied {}\n", plural(applied.size(), "migration"));
  return 0;
}

int migrate_command::down() {
  auto source = load_source(dir_);
  if (!to_.empty() && !mg::is_migration_id(to_))
    throw usage_error(fmt::format("down --to: '{}' is not a migration id", to_));
  const auto db = open_database(db_, database_file::must_exist);
  progress_printer progress;
  mg::migration_runner runner(*db, std::move(source), reporting_to(progress, allow_changed_));
  const auto reverted = to_.empty() ? runner.down_last() : runner.down(to_);
  if (reverted.empty()) fmt::print("nothing to revert\n");
  else fmt::print("reverted {}\n", plural(reverted.size(), "migration"));
  return 0;
}

int migrate_command::baseline() {
  auto source = load_source(dir_);
  require_in_source(source, id_);
  const auto db = open_database(db_, database_file::create);
  mg::migration_runner runner(*db, std::move(source));
  const auto marked = runner.baseline(id_);
  fmt::print("recorded {} as applied without running them{}\n", plural(marked.size(), "migration"),
             marked.empty() ? std::string() : fmt::format(" ({})", fmt::join(marked, ", ")));
  return 0;
}

int migrate_command::mark_applied() {
  auto source = load_source(dir_);
  const mg::migration m = require_in_source(source, id_);
  const auto db = open_database(db_, database_file::create);
  mg::migration_runner runner(*db, std::move(source));
  std::optional<mg::migration_state> before;
  for (const auto& s : runner.status())
    if (mg::compare_migration_ids(s.id, m.id) == 0) before = s.state;
  const bool wrote = runner.mark_applied(m.id);
  if (!wrote) fmt::print("{} is already recorded as applied: nothing to do\n", m.filename);
  else if (before == mg::migration_state::changed) fmt::print("accepted the current {} as applied\n", m.filename);
  else fmt::print("recorded {} as applied without running it\n", m.filename);
  return 0;
}

int migrate_command::create() {
  if (dir_.empty()) throw usage_error("migrate new: --dir DIR is required (the folder to create the file in)");
  const fs::path dir(dir_);
  if (fs::exists(dir / "meta" / "_journal.json"))
    throw usage_error(fmt::format("{} is a drizzle-kit folder: create its migrations with drizzle-kit", dir_));
  (void)mg::load_folder(dir);  // the folder must exist and be well-formed
  const fs::path file = mg::next_migration_path(dir, name_);
  const std::string stem = file.stem().string();
  write_new_file(file, fmt::format("-- {}.sql\n"
                                   "-- Runs in one transaction together with its tracking row. A table rebuild that\n"
                                   "-- needs foreign keys off starts with the line  -- vellum: no-transaction\n\n",
                                   stem));
  fmt::print("created {}\n", file.string());
  if (with_down_) {
    const fs::path down = dir / (stem + ".down.sql");
    write_new_file(down, fmt::format("-- {}.down.sql: reverts {}.sql\n\n", stem, stem));
    fmt::print("created {}\n", down.string());
  }
  return 0;
}

}  // namespace vellum::tools
