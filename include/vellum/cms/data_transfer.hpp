// `cms::export_json` / `cms::import_json`: the CMS tables as a versioned JSON document (format in
// ops/json_dump.hpp and docs/operations.md), in dependency order: users, permissions,
// workflows, collections, content, versions, … Import is one transaction, checks every row,
// skips (or, with on_conflict::update, updates) rows whose primary key exists, and reports
// counts per table; a bad row throws ops::import_error and changes nothing.
//
//   std::ofstream out{"cms.json"};
//   vellum::cms::export_json(db, out);
//   auto report = vellum::cms::import_json(other_db, in);   // other_db has the CMS schema
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "vellum/core/connection.hpp"
#include "vellum/ops/json_dump.hpp"

namespace vellum::cms {

/// The CMS tables in export order: a table comes after the tables it refers to, except where
/// two refer to each other (collections ↔ workflows), which import_json's deferred foreign-key
/// check allows. The `migrations` tracking table is not data and is left out.
[[nodiscard]] const std::vector<std::string>& transfer_tables();

/// Exports transfer_tables() (`options.tables` is ignored).
ops::json_export_summary export_json(connection& db, std::ostream& out, ops::json_export_options options = {});

/// Imports a CMS export into `db`, which must hold the CMS schema (open a cms::store first).
/// Only transfer_tables() are accepted.
ops::json_import_report import_json(connection& db, std::istream& in, ops::json_import_options options = {});

}  // namespace vellum::cms
