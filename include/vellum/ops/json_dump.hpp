// `ops::export_json` / `ops::import_json`: chosen tables as a versioned JSON document, streamed
// both ways. The CMS wrapper (`cms/data_transfer.hpp`) passes the CMS tables in dependency order.
//
//   vellum::ops::export_json(db, out, {.tables = {"users", "collections"}});
//   auto report = vellum::ops::import_json(db, in, {.on_conflict = vellum::ops::on_conflict::update});
//
// Format (docs/operations.md): {"format":"vellum.json-export","format_version":1,
// "exported_at":"…Z","tables":[{"name":…,"columns":[…],"rows":[[…],…]},…]}, one row per line.
// Values: null, integers, reals (always with a '.' or exponent), strings (TEXT stored verbatim,
// JSON columns too), and {"$blob":"hex"}, {"$text_hex":"hex"} (text that is not UTF-8),
// {"$real":"inf"|"-inf"}. Rows are ordered by primary key.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "vellum/core/connection.hpp"
#include "vellum/core/time.hpp"
#include "vellum/ops/import_error.hpp"
#include "vellum/ops/progress.hpp"

namespace vellum::ops {

inline constexpr std::string_view json_export_format = "vellum.json-export";
inline constexpr int json_export_format_version = 1;

struct json_export_options {
  std::vector<std::string> tables{};          // in this order; each must exist
  std::optional<unix_millis> exported_at{};   // default: the system clock
  progress_callback progress{};               // unit "rows"
};

/// What an import does with a row whose primary key exists already.
enum class on_conflict {
  skip,    // keep the existing row
  update,  // overwrite it with the imported values (an identical row counts as skipped)
};

struct json_import_options {
  ops::on_conflict on_conflict = ops::on_conflict::skip;  // qualified: the member shares the type's name
  std::vector<std::string> tables{};  // tables the input may hold; empty: any existing table
  progress_callback progress{};       // unit "rows"; total unknown
};

struct table_import_counts {
  std::string table;
  std::uint64_t inserted = 0;
  std::uint64_t updated = 0;
  std::uint64_t skipped = 0;
  [[nodiscard]] std::uint64_t rows() const noexcept { return inserted + updated + skipped; }
};

struct json_import_report {
  std::vector<table_import_counts> tables;  // in input order
  std::string exported_at;                  // from the input's header
};

struct json_export_summary {
  std::uint64_t tables = 0;
  std::uint64_t rows = 0;
};

/// Writes `options.tables` of `db` to `out`, read in one transaction (a consistent snapshot).
json_export_summary export_json(connection& db, std::ostream& out, const json_export_options& options);

/// Reads a document written by export_json and writes its rows in one transaction, foreign
/// keys checked at the end. Every row is checked (known table and columns, one value per
/// column, value shapes, then the table's own constraints); the first bad row throws
/// import_error naming its table, key and reason, and nothing is written. A malformed document
/// or an unknown format version is a validation_error.
json_import_report import_json(connection& db, std::istream& in, const json_import_options& options = {});

}  // namespace vellum::ops
