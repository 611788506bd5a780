// `ops::export_sql` / `ops::import_sql`: the whole database as SQL text that recreates it, in
// the spirit of `sqlite3 .dump` (schema, then each table's rows as INSERTs, then indexes,
// triggers and views), streamed both ways so a database larger than memory works.
//
//   std::ofstream out{"cms.sql"};
//   vellum::ops::export_sql(db, out);
//   vellum::connection copy{"copy.db"};
//   std::ifstream in{"cms.sql"};
//   vellum::ops::import_sql(copy, in);
//
// The dump is the values written out as SQL literals: it is a file format, not a query, and
// is executed only by import_sql (or sqlite3). Reals are written in their shortest exact form,
// blobs as X'…', text with NUL bytes as CAST(X'…' AS TEXT), so export → import → export is
// byte-identical.
#pragma once

#include <cstdint>
#include <iosfwd>

#include "vellum/core/connection.hpp"
#include "vellum/ops/progress.hpp"

namespace vellum::ops {

struct sql_export_options {
  progress_callback progress{};  // unit "rows"; counting rows first costs one extra scan
};

struct sql_import_options {
  progress_callback progress{};  // unit "rows"; total unknown
};

struct sql_dump_summary {
  std::uint64_t tables = 0;
  std::uint64_t rows = 0;
  std::uint64_t statements = 0;
};

/// Writes the dump of `db`'s main database to `out`, read in one transaction (a consistent
/// snapshot). invalid_state when `db` has an open transaction.
sql_dump_summary export_sql(connection& db, std::ostream& out, const sql_export_options& options = {});

/// Runs a dump read from `in` in one transaction with foreign keys checked at the end: any
/// failing statement (named by its line) rolls everything back. The dump's own BEGIN/COMMIT and
/// `PRAGMA foreign_keys` are skipped; other transaction statements are refused. Meant for an
/// empty database: a table that exists already fails its CREATE TABLE.
sql_dump_summary import_sql(connection& db, std::istream& in, const sql_import_options& options = {});

}  // namespace vellum::ops
