// Operations on a CMS database (docs/operations.md): a backup, an SQL dump, a JSON export
// imported into a second database, and a health check. Writes its files to the current folder.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include <vellum/cms/data_transfer.hpp>
#include <vellum/cms/store.hpp>
#include <vellum/ops/backup.hpp>
#include <vellum/ops/integrity_check.hpp>
#include <vellum/ops/sql_dump.hpp>

int main() {
  namespace fs = std::filesystem;
  for (const char* f : {"ops-example.db", "ops-example-backup.db", "ops-example-copy.db"})
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(std::string(f) + suffix);

  vellum::database db{"ops-example.db"};
  vellum::cms::store store{db};  // creates the CMS schema

  const auto copy = vellum::ops::backup(db, "ops-example-backup.db", {.pages_per_step = 16});
  fmt::print("backup: {} pages in {} steps\n", copy.pages, copy.steps);

  std::ofstream sql{"ops-example.sql"};
  const auto dump = vellum::ops::export_sql(db, sql);
  fmt::print("sql dump: {} tables, {} rows\n", dump.tables, dump.rows);

  {
    std::ofstream json{"ops-example.json"};
    vellum::cms::export_json(db, json);
  }
  vellum::database other{"ops-example-copy.db"};
  vellum::cms::store other_store{other};
  std::ifstream in{"ops-example.json"};
  const auto report = vellum::cms::import_json(other, in);
  for (const auto& t : report.tables)
    if (t.rows() > 0) fmt::print("import {}: {} inserted, {} skipped\n", t.table, t.inserted, t.skipped);

  const bool sound = vellum::ops::check_integrity(other, vellum::ops::integrity_level::quick).ok() &&
                     vellum::ops::check_foreign_keys(other).empty();
  fmt::print("copy is {}\n", sound ? "sound" : "damaged");
  return sound ? 0 : 1;
}
