// `quote_identifier`: an SQL identifier in double quotes, inner quotes doubled, for names read
// from the schema itself (sqlite_schema, PRAGMA table_info), never from user input.
//
//   sql += "SELECT * FROM " + vellum::quote_identifier(table);
#pragma once

#include <string>
#include <string_view>

namespace vellum {

[[nodiscard]] inline std::string quote_identifier(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  out += '"';
  for (const char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  out += '"';
  return out;
}

}  // namespace vellum
