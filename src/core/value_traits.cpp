#include "vellum/core/value_traits.hpp"

#include <fmt/format.h>

#include "vellum/core/error.hpp"
#include "vellum/core/sqlite_error.hpp"

namespace vellum::detail {

const char* storage_class_name(int sqlite_type) noexcept {
  switch (sqlite_type) {
    case SQLITE_INTEGER: return "INTEGER";
    case SQLITE_FLOAT: return "REAL";
    case SQLITE_TEXT: return "TEXT";
    case SQLITE_BLOB: return "BLOB";
    default: return "NULL";
  }
}

void throw_bind_error(sqlite3_stmt* stmt, int index, int rc) {
  const char* name = sqlite3_bind_parameter_name(stmt, index);
  const std::string what = name != nullptr ? fmt::format("binding parameter {} ({})", index, name)
                                           : fmt::format("binding parameter {}", index);
  if (rc == SQLITE_RANGE && (index < 1 || index > sqlite3_bind_parameter_count(stmt)))
    throw error(fmt::format("{} of `{}`: the statement has {} parameter(s)", what, sqlite3_sql(stmt),
                            sqlite3_bind_parameter_count(stmt)),
                rc);
  if (rc == SQLITE_RANGE)
    throw error(fmt::format("{} of `{}`: value out of range for SQLite", what, sqlite3_sql(stmt)), rc);
  if (rc == SQLITE_MISMATCH)
    throw error(fmt::format("{} of `{}`: enum value has no declared name", what, sqlite3_sql(stmt)), rc);
  throw_sqlite_error(sqlite3_db_handle(stmt), rc, what + " of", sqlite3_sql(stmt));
}

void throw_no_value(sqlite3_stmt* stmt, int column, sqlite3_value* value) {
  if (sqlite3_value_type(value) == SQLITE_NULL)
    throw_mapping_error(stmt, column, "is NULL but the C++ type is not std::optional");
  throw error(fmt::format("reading column {} of `{}`: out of memory", column, sqlite3_sql(stmt)), SQLITE_NOMEM);
}

void throw_mapping_error(sqlite3_stmt* stmt, int column, std::string_view problem) {
  const char* table = sqlite3_column_table_name(stmt, column);
  const char* origin = sqlite3_column_origin_name(stmt, column);
  const char* name = origin != nullptr ? origin : sqlite3_column_name(stmt, column);
  const std::string table_name = table != nullptr ? table : "";
  const std::string column_name = name != nullptr ? name : "";
  const std::string where = table_name.empty() ? column_name : table_name + "." + column_name;
  throw mapping_error(fmt::format("reading column {} of `{}`: value {}", where, sqlite3_sql(stmt), problem),
                      table_name, column_name);
}

}  // namespace vellum::detail
