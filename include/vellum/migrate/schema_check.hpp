// `check_schema`: does a live database match the table definitions? Returns each difference
// (a missing or extra table, column or index; a column whose type, NOT NULL, default or key
// changed; a changed foreign key, CHECK or UNIQUE constraint), empty when all agree. A service
// can run it at start-up and refuse to serve a database that does not match its code.
//
//   auto differences = vellum::migrate::check_schema<user, post>(db);
//   for (const auto& d : differences) std::cerr << d.describe() << '\n';
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/migrate/schema_model.hpp"
#include "vellum/migrate/table_definitions.hpp"

namespace vellum {
class connection;
}

namespace vellum::migrate {

enum class difference_kind {
  missing_table,   // in the definitions, not in the database
  extra_table,     // in the database, not in the definitions
  missing_column,
  extra_column,
  changed_column,  // type (affinity), NOT NULL, default, primary key or generated differ
  missing_index,
  extra_index,
  changed_index,   // unique, columns or partial WHERE differ
  changed_table,   // STRICT, WITHOUT ROWID, a foreign key, CHECK or UNIQUE constraint differs
};

struct schema_difference {
  difference_kind kind;
  std::string table;
  std::string name;    // the column or index; for changed_table the constraint's columns, or ""
  std::string detail;  // what differs, e.g. "NOT NULL in the definitions only"

  /// One line naming the table, column or index: "table posts, column slug: missing in the database".
  [[nodiscard]] std::string describe() const;
  bool operator==(const schema_difference&) const = default;
};

/// The table that the migration runner keeps its records in; never reported as extra.
inline constexpr std::string_view tracking_table_name = "migrations";

/// Every difference between `database` (what is) and `definitions` (what should be), tables in
/// name order. Types compare by affinity; defaults, CHECK and WHERE text compare normalised
/// (normalize_sql); column order is not compared. See docs/schema-changes.md.
[[nodiscard]] std::vector<schema_difference> compare_schemas(const schema_model& database,
                                                            const schema_model& definitions);

/// compare_schemas(introspect(db), model_of(definitions)).
[[nodiscard]] std::vector<schema_difference> check_schema(connection& db,
                                                         std::span<const table_definition> definitions);
template <mapped_row... Rows>
[[nodiscard]] std::vector<schema_difference> check_schema(connection& db) {
  return check_schema(db, table_definitions<Rows...>());
}

}  // namespace vellum::migrate
