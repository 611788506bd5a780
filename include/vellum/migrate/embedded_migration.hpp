// One migration compiled into a program by the CMake function `vellum_embed_migrations`, so a
// program needs no migration files at run time.
//
//   vellum_embed_migrations(app ${CMAKE_SOURCE_DIR}/migrations NAMESPACE app FUNCTION migrations)
//   std::span<const vellum::migrate::embedded_migration> app::migrations();   // declare, then use
#pragma once

#include <span>
#include <string_view>

namespace vellum::migrate {

struct embedded_migration {
  std::string_view id;        // "001"
  std::string_view name;      // "initial_schema"
  std::string_view filename;  // "001_initial_schema.sql"
  std::string_view sql;
  std::string_view down_sql;  // from "001_initial_schema.down.sql"; empty when absent
  std::string_view checksum;  // SHA-256 of the file's bytes, lowercase hex
};

}  // namespace vellum::migrate
