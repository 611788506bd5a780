#include "vellum/ops/sql_dump.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>

#include "internal/export_writer.hpp"
#include "internal/table_catalog.hpp"
#include "vellum/core/error.hpp"
#include "vellum/core/quoted_identifier.hpp"
#include "vellum/core/sqlite_error.hpp"
#include "vellum/ops/integrity_check.hpp"

namespace vellum::ops {

namespace {

// A real in its shortest form that reads back as the same double, and as a REAL: "2" would
// come back as INTEGER, so a '.0' is added where fmt writes neither '.' nor an exponent.
void append_real(std::string& out, double value) {
  if (std::isinf(value)) {
    out += value > 0 ? "1e999" : "-1e999";  // SQLite reads an overflowing literal as ±Inf
    return;
  }
  const auto start = out.size();
  fmt::format_to(std::back_inserter(out), "{}", value);
  if (out.find_first_of(".eE", start) == std::string::npos) out += ".0";
}

void append_sql_value(std::string& out, sqlite3_stmt* st, int column) {
  switch (sqlite3_column_type(st, column)) {
    case SQLITE_NULL: out += "NULL"; return;
    case SQLITE_INTEGER: fmt::format_to(std::back_inserter(out), "{}", sqlite3_column_int64(st, column)); return;
    case SQLITE_FLOAT: append_real(out, sqlite3_column_double(st, column)); return;
    case SQLITE_BLOB: {
      const void* bytes = sqlite3_column_blob(st, column);
      out += "X'";
      internal::append_hex(out, bytes, static_cast<std::size_t>(sqlite3_column_bytes(st, column)));
      out += '\'';
      return;
    }
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, column));
      const std::string_view value(text, static_cast<std::size_t>(sqlite3_column_bytes(st, column)));
      if (value.find('\0') != std::string_view::npos) {  // an SQL literal cannot hold NUL
        out += "CAST(X'";
        internal::append_hex(out, value.data(), value.size());
        out += "' AS TEXT)";
        return;
      }
      out += '\'';
      for (const char c : value) {
        out += c;
        if (c == '\'') out += '\'';
      }
      out += '\'';
      return;
    }
  }
}

// SQLite stores a CREATE statement without its ';'; a trailing `-- comment` would swallow one
// written on the same line.
std::string as_statement(const std::string& sql) {
  std::string text = sql + ";";
  if (!sqlite3_complete(text.c_str())) text = sql + "\n;";
  return text + "\n";
}

// `sql` from its first token on, past blanks and comments; empty when nothing else is there.
std::string_view statement_body(std::string_view sql) {
  std::size_t i = 0;
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i]))) {
      ++i;
    } else if (sql.substr(i, 2) == "--") {
      i = sql.find('\n', i);
      if (i == std::string_view::npos) return {};
    } else if (sql.substr(i, 2) == "/*") {
      i = sql.find("*/", i + 2);
      if (i == std::string_view::npos) return {};
      i += 2;
    } else {
      return sql.substr(i);
    }
  }
  return {};
}

// Whether `body` starts with the words of `phrase` (upper case, single spaces), in any case and
// spacing.
bool starts_with_words(std::string_view body, std::string_view phrase) {
  std::size_t i = 0;
  for (std::size_t k = 0; k < phrase.size(); ++k) {
    if (phrase[k] == ' ') {
      if (i >= body.size() || !std::isspace(static_cast<unsigned char>(body[i]))) return false;
      while (i < body.size() && std::isspace(static_cast<unsigned char>(body[i]))) ++i;
      continue;
    }
    if (i >= body.size() || std::toupper(static_cast<unsigned char>(body[i])) != phrase[k]) return false;
    ++i;
  }
  return i == body.size() || !(std::isalnum(static_cast<unsigned char>(body[i])) || body[i] == '_');
}

enum class statement_role { insert, other, skip, refuse };

// The dump's BEGIN/COMMIT and its `PRAGMA foreign_keys` are the importer's job.
statement_role role_of(std::string_view sql) {
  const auto body = statement_body(sql);
  if (starts_with_words(body, "INSERT")) return statement_role::insert;
  if (starts_with_words(body, "BEGIN") || starts_with_words(body, "COMMIT") || starts_with_words(body, "END") ||
      starts_with_words(body, "PRAGMA FOREIGN_KEYS"))
    return statement_role::skip;
  if (starts_with_words(body, "ROLLBACK") || starts_with_words(body, "SAVEPOINT") ||
      starts_with_words(body, "RELEASE"))
    return statement_role::refuse;
  return statement_role::other;
}

class script_runner {
 public:
  script_runner(connection& db, sql_dump_summary& summary, internal::progress_reporter& reporter)
      : db_(db), summary_(summary), reporter_(reporter) {}

  // Runs every complete statement of `script`, which started at line `first_line`.
  void run(const std::string& script, std::size_t first_line) {
    const char* tail = script.c_str();
    while (*tail != '\0') {
      const char* start = tail;
      sqlite3_stmt* raw = nullptr;
      const int rc = sqlite3_prepare_v2(db_.native_handle(), start, -1, &raw, &tail);
      const std::string_view text(start, static_cast<std::size_t>(tail - start));
      const std::size_t line = first_line + static_cast<std::size_t>(std::count(script.c_str(), start, '\n'));
      if (rc != SQLITE_OK) throw_sqlite_error(db_.native_handle(), rc, action(line), text);
      if (raw == nullptr) continue;  // blanks or comments only
      std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> st(raw, &sqlite3_finalize);
      const auto role = role_of(text);
      if (role == statement_role::skip) continue;
      if (role == statement_role::refuse)
        throw validation_error(
            fmt::format("import_sql: line {}: a dump may not control transactions: {}", line, statement_body(text)));
      int step = SQLITE_ROW;
      while (step == SQLITE_ROW) step = sqlite3_step(raw);
      if (step != SQLITE_DONE) throw_sqlite_error(db_.native_handle(), step, action(line), text);
      ++summary_.statements;
      if (role == statement_role::insert) {
        const auto changed = static_cast<std::uint64_t>(sqlite3_changes(db_.native_handle()));
        summary_.rows += changed;
        reporter_.add(changed);
      }
    }
  }

 private:
  static std::string action(std::size_t line) { return fmt::format("importing SQL (statement at line {})", line); }

  connection& db_;
  sql_dump_summary& summary_;
  internal::progress_reporter& reporter_;
};

}  // namespace

sql_dump_summary export_sql(connection& db, std::ostream& out, const sql_export_options& options) {
  return internal::in_read_snapshot(db, "export_sql", [&] {
        internal::export_writer writer(out, "export_sql");
        sql_dump_summary summary;
        const auto tables = internal::user_tables(db);
        internal::progress_reporter reporter(options.progress, "rows");
        if (options.progress) reporter.set_total(internal::count_rows(db, tables));
        writer.write("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n");
        std::string line;
        const auto dump_rows = [&](const internal::table_info& t) {
          // A virtual table's rowids (an FTS index's document ids) are dumped with its rows.
          const std::string selected = t.virtual_rowid ? "rowid, " + t.column_list() : t.column_list();
          std::string prefix = "INSERT INTO " + quote_identifier(t.name);
          if (t.has_generated || t.virtual_rowid) prefix += "(" + selected + ")";
          prefix += " VALUES(";
          auto st = db.prepare("SELECT " + selected + " FROM " + quote_identifier(t.name) + t.order_by());
          const int columns = st.column_count();
          while (st.step()) {
            line = prefix;
            for (int i = 0; i < columns; ++i) {
              if (i) line += ',';
              append_sql_value(line, st.native_handle(), i);
            }
            line += ");\n";
            writer.write(line);
            ++summary.rows;
            reporter.add();
          }
        };
        for (const auto& t : tables) {
          writer.write(as_statement(t.sql));
          ++summary.tables;
          dump_rows(t);
        }
        // AUTOINCREMENT counters: the table exists once an AUTOINCREMENT table was created above.
        if (db.query_value<int>("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence'")) {
          writer.write("DELETE FROM sqlite_sequence;\n");
          dump_rows(internal::describe_table(db, "sqlite_sequence"));
        }
        // Indexes, triggers and views after the rows: triggers must not fire on the dump's INSERTs.
        auto st = db.prepare(
            "SELECT s.sql FROM sqlite_schema AS s LEFT JOIN pragma_table_list AS l "
            "ON l.schema = 'main' AND l.name = s.tbl_name "
            "WHERE s.type IN ('index', 'trigger', 'view') AND s.sql IS NOT NULL "
            "AND coalesce(l.type, '') <> 'shadow' ORDER BY s.rowid");
        while (st.step()) writer.write(as_statement(st.get<std::string>(0)));
        writer.write("COMMIT;\n");
        writer.finish();
        reporter.finish();
        return summary;
      });
}

sql_dump_summary import_sql(connection& db, std::istream& in, const sql_import_options& options) {
  internal::require_no_transaction(db, "import_sql");
  sql_dump_summary summary;
  internal::progress_reporter reporter(options.progress, "rows");
  script_runner runner(db, summary, reporter);
  // Like sqlite3's shell: foreign keys off while the dump runs (a table may refer to one created
  // later), checked once before COMMIT instead.
  internal::foreign_keys_off fk_off(db);
  const auto count_tables = [&db] {
    // A virtual table counts once (its shadow tables are its storage); views are not tables.
    return db
        .query_value<std::uint64_t>(
            "SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual')")
        .value_or(0);
  };
  const auto tables_before = count_tables();
  db.transaction([&] {
    std::string buffer;
    std::string line;
    std::size_t line_number = 0;
    std::size_t first_line = 1;
    while (std::getline(in, line)) {
      ++line_number;
      if (buffer.empty()) first_line = line_number;
      buffer += line;
      buffer += '\n';
      // sqlite3_complete() rescans the buffer, so ask only when a ';' could have ended it.
      if (line.find(';') != std::string::npos && sqlite3_complete(buffer.c_str())) {
        runner.run(buffer, first_line);
        buffer.clear();
      }
    }
    if (in.bad()) throw error("import_sql: reading the dump failed");
    if (!statement_body(buffer).empty())
      throw validation_error(
          fmt::format("import_sql: the statement at line {} is incomplete (missing ';'?)", first_line));
    summary.tables = count_tables() - tables_before;
    const auto violations = check_foreign_keys(db);
    if (!violations.empty()) {
      const auto& v = violations.front();
      throw constraint_error(fmt::format("import_sql: {} row(s) break a foreign key; first: {} rowid {} refers "
                                         "to a missing row of {}",
                                         violations.size(), v.table, v.rowid, v.parent),
                             SQLITE_CONSTRAINT_FOREIGNKEY, constraint_kind::foreign_key, v.table, {});
    }
  });
  reporter.finish();
  return summary;
}

}  // namespace vellum::ops
