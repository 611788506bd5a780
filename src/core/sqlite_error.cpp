#include "vellum/core/sqlite_error.hpp"

#include <fmt/format.h>

#include <cctype>
#include <string>
#include <vector>

#include "vellum/core/error.hpp"

namespace vellum {

const char* to_string(constraint_kind kind) noexcept {
  switch (kind) {
    case constraint_kind::unique: return "unique";
    case constraint_kind::primary_key: return "primary_key";
    case constraint_kind::foreign_key: return "foreign_key";
    case constraint_kind::not_null: return "not_null";
    case constraint_kind::check: return "check";
    case constraint_kind::other: return "other";
  }
  return "other";
}

namespace {

constraint_kind kind_of(int extended_code) {
  switch (extended_code) {
    case SQLITE_CONSTRAINT_UNIQUE: return constraint_kind::unique;
    case SQLITE_CONSTRAINT_PRIMARYKEY: return constraint_kind::primary_key;
    case SQLITE_CONSTRAINT_FOREIGNKEY: return constraint_kind::foreign_key;
    case SQLITE_CONSTRAINT_NOTNULL: return constraint_kind::not_null;
    case SQLITE_CONSTRAINT_CHECK: return constraint_kind::check;
    default: return constraint_kind::other;
  }
}

// SQLite names the columns of UNIQUE, PRIMARY KEY and NOT NULL failures as
// "…constraint failed: table.col, table.col2". The kind is already known from the code; this
// only recovers the names.
void parse_qualified_columns(std::string_view message, std::string& table, std::vector<std::string>& columns) {
  const auto colon = message.find("failed: ");
  if (colon == std::string_view::npos) return;
  std::string_view rest = message.substr(colon + 8);
  while (!rest.empty()) {
    const auto comma = rest.find(", ");
    std::string_view item = rest.substr(0, comma);
    if (const auto dot = item.find('.'); dot != std::string_view::npos) {
      table = std::string(item.substr(0, dot));
      columns.emplace_back(item.substr(dot + 1));
    } else {
      columns.emplace_back(item);
    }
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 2);
  }
}

std::string_view skip_space(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  return s;
}

bool consume_keyword(std::string_view& s, std::string_view keyword) {
  s = skip_space(s);
  if (s.size() < keyword.size()) return false;
  for (std::size_t i = 0; i < keyword.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(s[i])) != keyword[i]) return false;
  if (s.size() > keyword.size() && (std::isalnum(static_cast<unsigned char>(s[keyword.size()])) || s[keyword.size()] == '_'))
    return false;
  s.remove_prefix(keyword.size());
  return true;
}

std::string read_identifier(std::string_view s) {
  s = skip_space(s);
  if (s.empty()) return {};
  if (s.front() == '"' || s.front() == '`' || s.front() == '[') {
    const char close = s.front() == '[' ? ']' : s.front();
    std::string out;
    for (std::size_t i = 1; i < s.size(); ++i) {
      if (s[i] == close) {
        if (close != ']' && i + 1 < s.size() && s[i + 1] == close) {
          out += close;
          ++i;
          continue;
        }
        return out;
      }
      out += s[i];
    }
    return out;
  }
  std::size_t n = 0;
  while (n < s.size() && (std::isalnum(static_cast<unsigned char>(s[n])) || s[n] == '_')) ++n;
  return std::string(s.substr(0, n));
}

// The table an INSERT/UPDATE/DELETE writes to, for FOREIGN KEY failures, where SQLite names
// nothing. Empty for other statements.
std::string written_table(std::string_view sql) {
  if (consume_keyword(sql, "INSERT") || consume_keyword(sql, "REPLACE")) {
    if (consume_keyword(sql, "OR")) {
      sql = skip_space(sql);
      while (!sql.empty() && std::isalpha(static_cast<unsigned char>(sql.front()))) sql.remove_prefix(1);
    }
    if (!consume_keyword(sql, "INTO")) return {};
    return read_identifier(sql);
  }
  if (consume_keyword(sql, "UPDATE")) {
    if (consume_keyword(sql, "OR")) {
      sql = skip_space(sql);
      while (!sql.empty() && std::isalpha(static_cast<unsigned char>(sql.front()))) sql.remove_prefix(1);
    }
    return read_identifier(sql);
  }
  if (consume_keyword(sql, "DELETE") && consume_keyword(sql, "FROM")) return read_identifier(sql);
  return {};
}

// SQLite does not say which foreign key failed; report the written table's foreign-key columns.
std::vector<std::string> foreign_key_columns(sqlite3* db, const std::string& table) {
  std::vector<std::string> columns;
  if (db == nullptr || table.empty()) return columns;
  sqlite3_stmt* stmt = nullptr;
  const std::string sql = "SELECT \"from\" FROM pragma_foreign_key_list(?1)";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return columns;
  sqlite3_bind_text(stmt, 1, table.c_str(), -1, SQLITE_TRANSIENT);
  while (sqlite3_step(stmt) == SQLITE_ROW)
    columns.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  sqlite3_finalize(stmt);
  return columns;
}

}  // namespace

void throw_sqlite_error(sqlite3* db, int rc, std::string_view action, std::string_view sql) {
  const int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
  const int code = (extended & 0xff) == (rc & 0xff) ? extended : rc;
  const std::string sqlite_message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const std::string doing = sql.empty() ? std::string(action) : fmt::format("{} `{}`", action, sql);

  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw busy(fmt::format("database is locked (busy timeout expired) while {}: {}", doing, sqlite_message), code);
    case SQLITE_CONSTRAINT: {
      // A RESTRICT action (and any immediate foreign-key check) fails with SQLITE_CONSTRAINT_TRIGGER
      // and SQLite's foreign-key message rather than SQLITE_CONSTRAINT_FOREIGNKEY.
      const constraint_kind kind =
          code == SQLITE_CONSTRAINT_TRIGGER && sqlite_message == "FOREIGN KEY constraint failed"
              ? constraint_kind::foreign_key
              : kind_of(code);
      std::string table;
      std::vector<std::string> columns;
      std::string constraint_name;
      if (kind == constraint_kind::unique || kind == constraint_kind::primary_key ||
          kind == constraint_kind::not_null) {
        parse_qualified_columns(sqlite_message, table, columns);
      } else if (kind == constraint_kind::check) {
        if (const auto p = sqlite_message.find("failed: "); p != std::string::npos)
          constraint_name = sqlite_message.substr(p + 8);
        table = written_table(sql);
      } else if (kind == constraint_kind::foreign_key) {
        table = written_table(sql);
        columns = foreign_key_columns(db, table);
      }
      throw constraint_error(fmt::format("{} constraint failed while {}: {}", to_string(kind), doing, sqlite_message),
                             code, kind, std::move(table), std::move(columns), std::move(constraint_name));
    }
    default:
      throw error(fmt::format("SQLite error while {}: {} ({})", doing, sqlite_message, sqlite3_errstr(code)), code);
  }
}

}  // namespace vellum
