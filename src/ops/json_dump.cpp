#include "vellum/ops/json_dump.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <istream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "../core/internal/utf8.hpp"
#include "internal/export_writer.hpp"
#include "internal/table_catalog.hpp"
#include "vellum/core/error.hpp"
#include "vellum/core/quoted_identifier.hpp"
#include "vellum/core/sqlite_error.hpp"
#include "vellum/ops/integrity_check.hpp"

namespace vellum::ops {

namespace {

// ---- export ---------------------------------------------------------------------------------

std::string iso_utc(unix_millis at) {
  const auto ms = at.time_since_epoch().count();
  const auto seconds = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, ((ms % 1000) + 1000) % 1000);
}

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20)
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
        else
          out += ch;
    }
  }
  out += '"';
}

void append_tagged_hex(std::string& out, std::string_view tag, const void* bytes, std::size_t size) {
  out += "{\"";
  out += tag;
  out += "\":\"";
  internal::append_hex(out, bytes, size);
  out += "\"}";
}

void append_json_value(std::string& out, sqlite3_stmt* st, int column) {
  switch (sqlite3_column_type(st, column)) {
    case SQLITE_NULL: out += "null"; return;
    case SQLITE_INTEGER: fmt::format_to(std::back_inserter(out), "{}", sqlite3_column_int64(st, column)); return;
    case SQLITE_FLOAT: {
      const double value = sqlite3_column_double(st, column);
      if (std::isinf(value)) {
        out += value > 0 ? R"({"$real":"inf"})" : R"({"$real":"-inf"})";
        return;
      }
      const auto start = out.size();
      fmt::format_to(std::back_inserter(out), "{}", value);
      if (out.find_first_of(".eE", start) == std::string::npos) out += ".0";  // stays a real on import
      return;
    }
    case SQLITE_BLOB:
      append_tagged_hex(out, "$blob", sqlite3_column_blob(st, column),
                        static_cast<std::size_t>(sqlite3_column_bytes(st, column)));
      return;
    default: {
      const std::string_view text(reinterpret_cast<const char*>(sqlite3_column_text(st, column)),
                                  static_cast<std::size_t>(sqlite3_column_bytes(st, column)));
      if (vellum::internal::valid_utf8(text))
        append_json_string(out, text);
      else
        append_tagged_hex(out, "$text_hex", text.data(), text.size());
      return;
    }
  }
}

// ---- import ---------------------------------------------------------------------------------

struct import_value {
  enum class kind { null, integer, real, text, blob } type = kind::null;
  std::int64_t integer = 0;
  double real = 0;
  std::string text{};  // text or blob bytes
};

using statement_ptr = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

statement_ptr prepare_raw(connection& db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v2(db.native_handle(), sql.c_str(), -1, &raw, nullptr);
  if (rc != SQLITE_OK) throw_sqlite_error(db.native_handle(), rc, "preparing the import", sql);
  return {raw, &sqlite3_finalize};
}

// Writes the rows of one table of the input.
class table_writer {
 public:
  table_writer(connection& db, const std::string& name, const std::vector<std::string>& columns,
               const json_import_options& options)
      : db_(db), counts_{.table = name} {
    if (!options.tables.empty() && std::find(options.tables.begin(), options.tables.end(), name) == options.tables.end())
      throw import_error(name, "", "the table is not one this import accepts");
    internal::table_info info;
    try {
      info = internal::describe_table(db, name);
    } catch (const not_found&) {
      throw import_error(name, "", "the database has no such table");
    }
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const auto& c = columns[i];
      if (std::find_if(info.columns.begin(), info.columns.end(), [&](const auto& col) { return col.name == c; }) ==
          info.columns.end())
        throw import_error(name, "", "the table has no (stored) column " + c);
      if (std::find(columns.begin(), columns.begin() + static_cast<std::ptrdiff_t>(i), c) !=
          columns.begin() + static_cast<std::ptrdiff_t>(i))
        throw import_error(name, "", "column " + c + " is listed twice");
    }
    for (const auto& k : info.primary_key()) {
      const auto at = std::find(columns.begin(), columns.end(), k);
      if (at == columns.end()) throw import_error(name, "", "the primary-key column " + k + " is missing");
      key_.emplace_back(k, static_cast<int>(at - columns.begin()));
    }
    column_count_ = columns.size();

    std::string insert = "INSERT INTO " + quote_identifier(name) + " (";
    std::string values;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      insert += (i ? ", " : "") + quote_identifier(columns[i]);
      values += fmt::format("{}?{}", i ? ", " : "", i + 1);
    }
    insert += ") VALUES (" + values + ")";
    if (!key_.empty()) {
      insert += " ON CONFLICT (";
      for (std::size_t i = 0; i < key_.size(); ++i) insert += (i ? ", " : "") + quote_identifier(key_[i].first);
      insert += ") DO NOTHING";
    }
    insert_ = prepare_raw(db, insert);

    // update: only a row that differs is written, so an identical row leaves append-only
    // tables (whose triggers refuse any UPDATE) alone and counts as skipped.
    if (options.on_conflict == on_conflict::update && !key_.empty() && columns.size() > key_.size()) {
      std::string set;
      std::string same;
      std::string where;
      for (std::size_t i = 0; i < columns.size(); ++i) {
        const auto q = quote_identifier(columns[i]);
        const bool in_key = std::any_of(key_.begin(), key_.end(), [&](const auto& k) { return k.first == columns[i]; });
        if (in_key) {
          where += fmt::format("{}{} = ?{}", where.empty() ? "" : " AND ", q, i + 1);
        } else {
          set += fmt::format("{}{} = ?{}", set.empty() ? "" : ", ", q, i + 1);
          same += fmt::format("{}{} IS ?{}", same.empty() ? "" : " AND ", q, i + 1);
        }
      }
      update_ = prepare_raw(db, "UPDATE " + quote_identifier(name) + " SET " + set + " WHERE " + where + " AND NOT (" +
                                    same + ")");
    }
  }

  void write(const std::vector<import_value>& row) {
    if (row.size() != column_count_)
      throw import_error(counts_.table, key_text(row),
                         fmt::format("the row has {} values for {} columns", row.size(), column_count_));
    if (run(insert_.get(), row) > 0) {
      ++counts_.inserted;
    } else if (update_ && run(update_.get(), row) > 0) {
      ++counts_.updated;
    } else {
      ++counts_.skipped;
    }
  }

  [[nodiscard]] const table_import_counts& counts() const noexcept { return counts_; }

  /// `column=value` pairs of the row's primary key (JSON-quoted values).
  [[nodiscard]] std::string key_text(const std::vector<import_value>& row) const {
    std::string out;
    for (const auto& [name, position] : key_) {
      if (!out.empty()) out += ", ";
      out += name + "=";
      if (static_cast<std::size_t>(position) >= row.size()) {
        out += "?";
        continue;
      }
      const auto& v = row[static_cast<std::size_t>(position)];
      switch (v.type) {
        case import_value::kind::null: out += "null"; break;
        case import_value::kind::integer: out += std::to_string(v.integer); break;
        case import_value::kind::real: out += fmt::format("{}", v.real); break;
        case import_value::kind::text: append_json_string(out, v.text); break;
        case import_value::kind::blob: out += "X'"; internal::append_hex(out, v.text.data(), v.text.size()); out += "'"; break;
      }
    }
    return out;
  }

 private:
  int run(sqlite3_stmt* st, const std::vector<import_value>& row) {
    sqlite3_reset(st);
    for (std::size_t i = 0; i < row.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      const auto& v = row[i];
      switch (v.type) {
        case import_value::kind::null: sqlite3_bind_null(st, index); break;
        case import_value::kind::integer: sqlite3_bind_int64(st, index, v.integer); break;
        case import_value::kind::real: sqlite3_bind_double(st, index, v.real); break;
        case import_value::kind::text:
          sqlite3_bind_text64(st, index, v.text.data(), v.text.size(), SQLITE_STATIC, SQLITE_UTF8);
          break;
        case import_value::kind::blob:
          sqlite3_bind_blob64(st, index, v.text.data(), v.text.size(), SQLITE_STATIC);
          break;
      }
    }
    const int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
      std::string reason = sqlite3_errmsg(db_.native_handle());
      sqlite3_reset(st);
      if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED) throw busy("import_json: " + reason, rc);
      throw import_error(counts_.table, key_text(row), reason);
    }
    const int changed = sqlite3_changes(db_.native_handle());
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return changed;
  }

  connection& db_;
  table_import_counts counts_;
  std::vector<std::pair<std::string, int>> key_;  // primary-key column, its position in the row
  std::size_t column_count_ = 0;
  statement_ptr insert_{nullptr, &sqlite3_finalize};
  statement_ptr update_{nullptr, &sqlite3_finalize};
};

[[noreturn]] void malformed(const std::string& what) {
  throw validation_error("import_json: not a vellum JSON export: " + what);
}

// Follows the document's structure event by event (nlohmann's SAX interface), holding one row
// at a time: memory stays bounded whatever the input's size.
class import_reader : public nlohmann::json_sax<nlohmann::json> {
 public:
  import_reader(connection& db, const json_import_options& options, json_import_report& report,
                internal::progress_reporter& progress)
      : db_(db), options_(options), report_(report), progress_(progress) {}

  bool null() override { return scalar(import_value{}); }
  bool boolean(bool) override { return row_error("booleans are not stored values (use 0 or 1)"); }
  bool number_integer(number_integer_t value) override {
    return scalar(import_value{.type = import_value::kind::integer, .integer = value});
  }
  bool number_unsigned(number_unsigned_t value) override {
    if (value > static_cast<number_unsigned_t>(std::numeric_limits<std::int64_t>::max()))
      return row_error(fmt::format("{} does not fit a 64-bit integer", value));
    return scalar(import_value{.type = import_value::kind::integer, .integer = static_cast<std::int64_t>(value)});
  }
  bool number_float(number_float_t value, const string_t&) override {
    return scalar(import_value{.type = import_value::kind::real, .real = value});
  }
  bool string(string_t& value) override {
    switch (state_) {
      case state::top:
        if (key_ == "format") {
          if (value != json_export_format) malformed("format is \"" + value + "\"");
          saw_format_ = true;
        } else if (key_ == "exported_at") {
          report_.exported_at = value;
        } else {
          malformed("unexpected member \"" + key_ + "\"");
        }
        return true;
      case state::table:
        if (key_ != "name") malformed("unexpected member \"" + key_ + "\" in a table");
        table_name_ = value;
        return true;
      case state::columns: columns_.push_back(value); return true;
      case state::tagged: tag_value_ = std::move(value); return true;
      default: return scalar(import_value{.type = import_value::kind::text, .text = std::move(value)});
    }
  }
  bool binary(binary_t&) override { malformed("binary values"); }

  bool start_object(std::size_t) override {
    switch (state_) {
      case state::start: state_ = state::top; return true;
      case state::tables: state_ = state::table; table_name_.clear(); columns_.clear(); saw_columns_ = false; return true;
      case state::row: state_ = state::tagged; tag_.clear(); tag_value_.reset(); return true;
      default: malformed("an object where it does not belong");
    }
  }
  bool key(string_t& value) override {
    if (state_ == state::tagged) {
      if (!tag_.empty()) return row_error("a tagged value has one member");
      tag_ = value;
    } else {
      key_ = value;
    }
    return true;
  }
  bool end_object() override {
    switch (state_) {
      case state::top: state_ = state::done; return true;
      case state::table: state_ = state::tables; return true;
      case state::tagged: state_ = state::row; return scalar(tagged_value());
      default: malformed("unbalanced object");
    }
  }
  bool start_array(std::size_t) override {
    switch (state_) {
      case state::top:
        if (key_ != "tables") malformed("unexpected array \"" + key_ + "\"");
        if (!saw_format_ || !saw_version_) malformed("format and format_version must come before tables");
        state_ = state::tables;
        return true;
      case state::table:
        if (key_ == "columns") {
          state_ = state::columns;
          saw_columns_ = true;
          return true;
        }
        if (key_ != "rows") malformed("unexpected array \"" + key_ + "\" in a table");
        if (table_name_.empty() || !saw_columns_) malformed("a table's name and columns must come before its rows");
        writer_.emplace(db_, table_name_, columns_, options_);
        state_ = state::rows;
        return true;
      case state::rows: state_ = state::row; row_.clear(); return true;
      case state::row: return row_error("a value may not be an array");
      default: malformed("an array where it does not belong");
    }
  }
  bool end_array() override {
    switch (state_) {
      case state::tables: state_ = state::top; return true;
      case state::columns: state_ = state::table; return true;
      case state::rows:
        report_.tables.push_back(writer_->counts());
        writer_.reset();
        state_ = state::table;
        return true;
      case state::row:
        writer_->write(row_);
        progress_.add();
        state_ = state::rows;
        return true;
      default: malformed("unbalanced array");
    }
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    malformed(fmt::format("invalid JSON at byte {}: {}", position, e.what()));
  }

  [[nodiscard]] bool finished() const noexcept { return state_ == state::done; }

 private:
  enum class state { start, top, tables, table, columns, rows, row, tagged, done };

  bool scalar(import_value value) {
    if (state_ == state::row) {
      row_.push_back(std::move(value));
      return true;
    }
    if (state_ == state::top && key_ == "format_version") {
      if (value.type != import_value::kind::integer || value.integer != json_export_format_version)
        throw validation_error(fmt::format("import_json: format_version {} is not supported (this build reads {})",
                                           value.type == import_value::kind::integer ? std::to_string(value.integer) : "?",
                                           json_export_format_version));
      saw_version_ = true;
      return true;
    }
    malformed(state_ == state::columns ? "column names must be strings" : "a value where it does not belong");
  }

  import_value tagged_value() {
    if (!tag_value_) return bad_tag();
    import_value v;
    if (tag_ == "$blob" || tag_ == "$text_hex") {
      v.type = tag_ == "$blob" ? import_value::kind::blob : import_value::kind::text;
      if (!internal::decode_hex(*tag_value_, v.text)) row_error(tag_ + " must hold hex digits");
    } else if (tag_ == "$real" && (*tag_value_ == "inf" || *tag_value_ == "-inf")) {
      v.type = import_value::kind::real;
      v.real = *tag_value_ == "inf" ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    } else {
      return bad_tag();
    }
    return v;
  }
  [[noreturn]] import_value bad_tag() { row_error("an object value must be {\"$blob\"|\"$text_hex\"|\"$real\": \"…\"}"); }

  [[noreturn]] bool row_error(const std::string& reason) {
    if (!writer_) malformed(reason);
    throw import_error(table_name_, writer_->key_text(row_), reason);
  }

  connection& db_;
  const json_import_options& options_;
  json_import_report& report_;
  internal::progress_reporter& progress_;
  state state_ = state::start;
  std::string key_;
  bool saw_format_ = false;
  bool saw_version_ = false;
  std::string table_name_;
  std::vector<std::string> columns_;
  bool saw_columns_ = false;
  std::optional<table_writer> writer_;
  std::vector<import_value> row_;
  std::string tag_;
  std::optional<std::string> tag_value_;
};

// The key of the row SQLite's foreign_key_check named, written like table_writer::key_text.
std::string key_of_rowid(connection& db, const std::string& table, std::int64_t rowid) {
  const auto info = internal::describe_table(db, table);
  const auto key = info.primary_key();
  const auto by_rowid = fmt::format("rowid={}", rowid);
  if (key.empty() || info.without_rowid) return by_rowid;
  std::string select;
  for (std::size_t i = 0; i < key.size(); ++i) select += (i ? ", " : "") + quote_identifier(key[i]);
  auto st = db.prepare("SELECT " + select + " FROM " + quote_identifier(table) + " WHERE rowid = ?");
  st.bind(1, rowid);
  if (!st.step()) return by_rowid;
  std::string out;
  for (std::size_t i = 0; i < key.size(); ++i) {
    out += (i ? ", " : "") + key[i] + "=";
    append_json_value(out, st.native_handle(), static_cast<int>(i));
  }
  return out;
}

}  // namespace

json_export_summary export_json(connection& db, std::ostream& out, const json_export_options& options) {
  return internal::in_read_snapshot(db, "export_json", [&] {
        internal::export_writer writer(out, "export_json");
        std::vector<internal::table_info> tables;
        for (const auto& name : options.tables) tables.push_back(internal::describe_table(db, name));
        internal::progress_reporter reporter(options.progress, "rows");
        if (options.progress) reporter.set_total(internal::count_rows(db, tables));
        json_export_summary summary;
        std::string line = fmt::format(R"({{"format":"{}","format_version":{},"exported_at":"{}","tables":[)",
                                       json_export_format, json_export_format_version,
                                       iso_utc(options.exported_at.value_or(now_millis())));
        line += '\n';
        writer.write(line);
        for (std::size_t t = 0; t < tables.size(); ++t) {
          const auto& table = tables[t];
          line = R"({"name":)";
          append_json_string(line, table.name);
          line += R"(,"columns":[)";
          for (std::size_t i = 0; i < table.columns.size(); ++i) {
            if (i) line += ',';
            append_json_string(line, table.columns[i].name);
          }
          line += "],\"rows\":[\n";
          writer.write(line);
          auto st = db.prepare("SELECT " + table.column_list() + " FROM " + quote_identifier(table.name) +
                               table.order_by());
          const int columns = st.column_count();
          bool first = true;
          while (st.step()) {
            line.clear();
            if (!first) line += ",\n";
            first = false;
            line += '[';
            for (int i = 0; i < columns; ++i) {
              if (i) line += ',';
              append_json_value(line, st.native_handle(), i);
            }
            line += ']';
            writer.write(line);
            ++summary.rows;
            reporter.add();
          }
          writer.write(std::string(first ? "" : "\n") + (t + 1 < tables.size() ? "]},\n" : "]}\n"));
          ++summary.tables;
        }
        writer.write("]}\n");
        writer.finish();
        reporter.finish();
        return summary;
      });
}

json_import_report import_json(connection& db, std::istream& in, const json_import_options& options) {
  internal::require_no_transaction(db, "import_json");
  json_import_report report;
  internal::progress_reporter progress(options.progress, "rows");
  const bool foreign_keys = db.query_value<bool>("PRAGMA foreign_keys").value_or(false);
  db.transaction([&] {
    // Checked once at the end: rows may refer to rows later in the input (collections and
    // workflows refer to each other; comments to their parents).
    db.execute("PRAGMA defer_foreign_keys = ON");
    import_reader reader(db, options, report, progress);
    nlohmann::json::sax_parse(in, &reader);
    if (!reader.finished()) malformed("the document ends early");
    int pending = 0;
    int highwater = 0;
    sqlite3_db_status(db.native_handle(), SQLITE_DBSTATUS_DEFERRED_FKS, &pending, &highwater, 0);
    if (pending != 0 || !foreign_keys) {
      const auto violations = check_foreign_keys(db);
      if (!violations.empty()) {
        const auto& v = violations.front();
        throw import_error(v.table, key_of_rowid(db, v.table, v.rowid),
                           "refers to a row of " + v.parent + " that is neither in the database nor in the input");
      }
    }
  });
  progress.finish();
  return report;
}

}  // namespace vellum::ops
