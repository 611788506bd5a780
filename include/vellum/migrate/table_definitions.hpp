// `table_definition`: the compile-time DDL of one `table<>` definition (its CREATE TABLE and
// CREATE INDEX text, from schema/ddl.hpp), in a form the non-template diff code can take; and
// `model_of`, the schema_model those statements build.
//
//   const auto defs = vellum::migrate::table_definitions<user, post>();
//   vellum::migrate::schema_model wanted = vellum::migrate::model_of(defs);
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "vellum/core/type_list.hpp"
#include "vellum/migrate/schema_model.hpp"
#include "vellum/schema/ddl.hpp"

namespace vellum::migrate {

struct table_definition {
  std::string_view name;
  std::string_view create_table_sql;    // CREATE TABLE …
  std::string_view create_indexes_sql;  // CREATE INDEX …; separated by ";\n", "" when none
};

/// The definitions of Rows…, in the order given (all text is static: nothing is rendered at
/// run time).
template <mapped_row... Rows>
[[nodiscard]] std::vector<table_definition> table_definitions() {
  return {table_definition{table_of<Rows>.name, create_table_sql<Rows>(), create_indexes_sql<Rows>()}...};
}
/// The same for a type_list of rows (such as vellum::cms::all_tables).
template <mapped_row... Rows>
[[nodiscard]] std::vector<table_definition> table_definitions(type_list<Rows...>) {
  return table_definitions<Rows...>();
}

/// The schema the definitions declare: their statements run in a private in-memory database,
/// read back with introspect(). SQLite itself thus reads both sides of a comparison, so the
/// definitions need no second, hand-written SQL parser. Throws vellum::validation_error naming
/// the table when a definition's DDL is not valid SQL (a bad check() or default_sql()).
[[nodiscard]] schema_model model_of(std::span<const table_definition> definitions);

}  // namespace vellum::migrate
