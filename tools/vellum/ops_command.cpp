#include "ops_command.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include <vellum/cms/data_transfer.hpp>
#include <vellum/cms/store.hpp>
#include <vellum/core/error.hpp>
#include <vellum/database.hpp>
#include <vellum/migrate/migration_runner.hpp>
#include <vellum/migrate/migration_source.hpp>
#include <vellum/migrate/schema_check.hpp>
#include <vellum/ops/backup.hpp>
#include <vellum/ops/integrity_check.hpp>
#include <vellum/ops/sql_dump.hpp>

#if defined(VELLUM_HAS_BUNDLED_MIGRATIONS)
#include <vellum/cms/bundled_migrations.hpp>
#endif

#include "database_file.hpp"
#include "progress_bar.hpp"
#include "schema_commands.hpp"

namespace vellum::tools {

namespace {

namespace fs = std::filesystem;

// "sql" or "json": as given, else from the input's first character ('{' is JSON).
std::string detect_format(const std::string& given, std::istream& in) {
  if (!given.empty()) return given;
  in >> std::ws;
  return in.peek() == '{' ? "json" : "sql";
}

}  // namespace

ops_command::ops_command(CLI::App& app, command_action& action) {
  auto* backup = add_command(app, "backup", "Copy a live database to a new file (SQLite's online backup)", action,
                             [this] { return this->backup(); });
  backup->add_option("--db", db_, "The database to copy")->required()->envname("VELLUM_DB");
  backup->add_option("--out", out_, "The file to write")->required();
  backup->add_flag("--force", force_, "Replace --out when it exists");
  backup->add_option("--pages-per-step", pages_per_step_, "Pages copied per step (writers may run between steps)")
      ->check(CLI::PositiveNumber);

  auto* exp = add_command(app, "export", "Write the database as SQL (all of it) or JSON (the CMS tables)", action,
                          [this] { return export_data(); });
  exp->add_option("--db", db_, "The database to export")->required()->envname("VELLUM_DB");
  exp->add_option("--format", format_, "sql or json")->required()->check(CLI::IsMember({"sql", "json"}));
  exp->add_option("--out", out_, "The file to write (default: standard output)");

  auto* imp = add_command(app, "import", "Read an SQL dump or a JSON export into a database, all or nothing", action,
                          [this] { return import_data(); });
  imp->add_option("--db", db_, "The database to import into (SQL: created when missing; JSON: CMS schema up to date)")->required()->envname("VELLUM_DB");
  imp->add_option("input", input_, "The file written by `vellum export` ('-' for standard input)")->required();
  imp->add_option("--format", format_, "sql or json (default: from the input)")->check(CLI::IsMember({"sql", "json"}));
  imp->add_option("--on-conflict", on_conflict_, "JSON: what to do with a row whose key exists (skip or update)")
      ->check(CLI::IsMember({"skip", "update"}));

  auto* doc = add_command(app, "doctor", "Check a database: integrity, foreign keys, migrations, WAL size", action,
                          [this] { return doctor(); });
  doc->add_option("--db", db_, "The database to check")->required()->envname("VELLUM_DB");
}

int ops_command::backup() {
  if (fs::exists(out_) && !force_) throw usage_error(fmt::format("{} exists already (--force replaces it)", out_));
  auto db = open_database(db_, database_file::must_exist);
  progress_bar bar("backup");
  const auto result = ops::backup(*db, out_, {.pages_per_step = pages_per_step_, .overwrite = force_,
                                              .progress = std::ref(bar)});
  fmt::print("backed up {} pages to {}\n", result.pages, out_);
  return 0;
}

int ops_command::export_data() {
  auto db = open_database(db_, database_file::must_exist);
  std::ofstream file;
  if (!out_.empty()) {
    file.open(out_, std::ios::binary | std::ios::trunc);
    if (!file) throw usage_error(fmt::format("cannot write {}", out_));
  }
  std::ostream& out = out_.empty() ? std::cout : file;
  progress_bar bar("export");
  if (format_ == "sql") {
    const auto s = ops::export_sql(*db, out, {.progress = std::ref(bar)});
    if (!out_.empty()) fmt::print(stderr, "exported {} tables, {} rows to {}\n", s.tables, s.rows, out_);
  } else {
    const auto s = cms::export_json(*db, out, {.progress = std::ref(bar)});
    if (!out_.empty()) fmt::print(stderr, "exported {} tables, {} rows to {}\n", s.tables, s.rows, out_);
  }
  return 0;
}

int ops_command::import_data() {
  std::ifstream file;
  if (input_ != "-") {
    file.open(input_, std::ios::binary);
    if (!file) throw usage_error(fmt::format("cannot read {}", input_));
  }
  std::istream& in = input_ == "-" ? std::cin : file;
  const auto format = detect_format(format_, in);
  progress_bar bar("import");
  if (format == "sql") {
    auto db = open_database(db_, database_file::create);
    const auto s = ops::import_sql(*db, in, {.progress = std::ref(bar)});
    fmt::print("imported {} tables, {} rows, {} statements\n", s.tables, s.rows, s.statements);
    return 0;
  }
  cms_database cms_db(db_);  // like every CMS command, never migrates: `vellum migrate up` first
  const auto report = cms::import_json(
      cms_db.store().db(), in, {.on_conflict = on_conflict_ == "update" ? ops::on_conflict::update : ops::on_conflict::skip,
               .progress = std::ref(bar)});
  fmt::print("{:<24} {:>10} {:>10} {:>10}\n", "TABLE", "INSERTED", "UPDATED", "SKIPPED");
  std::uint64_t inserted = 0, updated = 0, skipped = 0;
  for (const auto& t : report.tables) {
    fmt::print("{:<24} {:>10} {:>10} {:>10}\n", t.table, t.inserted, t.updated, t.skipped);
    inserted += t.inserted;
    updated += t.updated;
    skipped += t.skipped;
  }
  fmt::print("{} inserted, {} updated, {} skipped (export of {})\n", inserted, updated, skipped, report.exported_at);
  return 0;
}

int ops_command::doctor() {
  auto db = open_database(db_, database_file::must_exist);
  int problems = 0;
  const auto integrity = ops::check_integrity(*db);
  fmt::print("integrity_check    {}\n", integrity.ok() ? "ok" : fmt::format("{} problem(s)", integrity.problems.size()));
  for (const auto& p : integrity.problems) fmt::print("  {}\n", p);
  problems += integrity.ok() ? 0 : 1;

  const auto violations = ops::check_foreign_keys(*db);
  fmt::print("foreign_key_check  {}\n", violations.empty() ? "ok" : fmt::format("{} violation(s)", violations.size()));
  for (std::size_t i = 0; i < violations.size() && i < 20; ++i)
    fmt::print("  {} rowid {} refers to a missing row of {}\n", violations[i].table, violations[i].rowid,
               violations[i].parent);
  problems += violations.empty() ? 0 : 1;

#if defined(VELLUM_HAS_BUNDLED_MIGRATIONS)
  migrate::migration_runner runner{*db, migrate::load_embedded(cms::detail::bundled_migrations())};
  std::size_t counts[4] = {0, 0, 0, 0};
  for (const auto& s : runner.status()) ++counts[static_cast<int>(s.state)];
  const bool current = counts[1] == 0 && counts[2] == 0 && counts[3] == 0;
  fmt::print("migrations         {} ({} applied, {} pending, {} changed, {} unknown)\n",
             current ? "up to date" : "attention", counts[0], counts[1], counts[2], counts[3]);
  problems += current ? 0 : 1;
  // Drift: a CMS database (one CMS migration applied at least) against the CMS definitions,
  // as `vellum check` compares them; changes made outside migrations show here.
  if (counts[0] > 0) {
    const auto differences = migrate::check_schema(*db, cms_table_definitions());
    fmt::print("schema drift       {}\n", differences.empty() ? "none (matches the CMS definitions)"
                                                            : fmt::format("{} difference(s)", differences.size()));
    for (const auto& d : differences) fmt::print("  {}\n", d.describe());
    problems += differences.empty() ? 0 : 1;
  } else {
    fmt::print("schema drift       not checked (no CMS migration applied: not a CMS database)\n");
  }
#else
  fmt::print("migrations         not checked (built without the CMS migrations)\n");
  fmt::print("schema drift       not checked (built without the CMS migrations)\n");
#endif

  std::error_code ec;
  const auto wal = fs::file_size(db_ + "-wal", ec);
  const auto journal = db->query_value<std::string>("PRAGMA journal_mode").value_or("?");
  fmt::print("journal            {}{}\n", journal, ec ? "" : fmt::format(", WAL file {:.1f} MB", static_cast<double>(wal) / 1048576.0));
  fmt::print("{}\n", problems == 0 ? "healthy" : fmt::format("{} check(s) need attention", problems));
  return problems == 0 ? 0 : 1;
}

}  // namespace vellum::tools
