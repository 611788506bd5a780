#include "vellum/testing/database_dump.hpp"

#include <fmt/format.h>

#include "vellum/core/quoted_identifier.hpp"

#include <string_view>
#include <vector>

namespace vellum::testing {

namespace {

void append_value(std::string& out, sqlite3_stmt* st, int column) {
  switch (sqlite3_column_type(st, column)) {
    case SQLITE_NULL: out += "NULL"; return;
    case SQLITE_INTEGER: out += std::to_string(sqlite3_column_int64(st, column)); return;
    case SQLITE_FLOAT: out += fmt::format("{:.17g}", sqlite3_column_double(st, column)); return;
    case SQLITE_BLOB: {
      const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(st, column));
      out += "x'";
      for (int i = 0, n = sqlite3_column_bytes(st, column); i < n; ++i) out += fmt::format("{:02x}", bytes[i]);
      out += '\'';
      return;
    }
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, column));
      out += '\'';
      out.append(text, static_cast<std::size_t>(sqlite3_column_bytes(st, column)));
      out += '\'';
      return;
    }
  }
}

}  // namespace

std::string dump(connection& db) {
  std::vector<std::string> tables;
  {
    // A virtual table's shadow tables are left out: its own rows stand for them, while their
    // bytes depend on how the index was built (one bulk load or many small writes).
    auto st = db.prepare(
        "SELECT s.name FROM sqlite_schema AS s JOIN pragma_table_list AS l ON l.schema = 'main' AND l.name = s.name "
        "WHERE s.type = 'table' AND l.type <> 'shadow' AND s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY s.name");
    while (st.step()) tables.push_back(st.get<std::string>(0));
  }
  std::string out;
  for (const auto& table : tables) {
    // The column count is known only once the SELECT is prepared: order by every column.
    std::string sql = "SELECT * FROM " + quote_identifier(table);
    int columns = 0;
    {
      auto probe = db.prepare(sql + " LIMIT 0");
      columns = probe.column_count();
    }
    for (int i = 1; i <= columns; ++i) sql += (i == 1 ? " ORDER BY " : ", ") + std::to_string(i);
    auto st = db.prepare(sql);
    while (st.step()) {
      out += table;
      for (int i = 0; i < columns; ++i) {
        out += '|';
        append_value(out, st.native_handle(), i);
      }
      out += '\n';
    }
  }
  return out;
}

}  // namespace vellum::testing
