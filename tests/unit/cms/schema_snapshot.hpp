// `schema_snapshot`: what SQLite reports about a database's tables, as plain comparable values
// (PRAGMA table_list / table_xinfo / index_list / index_xinfo / foreign_key_list, plus the CHECK
// constraints and partial-index conditions read from sqlite_schema), and `schema_differences`,
// which lists readably where two snapshots disagree. Test support until the migrate layer has
// its own introspection and diff.
//
//   auto diffs = schema_differences(snapshot_of(migrated), snapshot_of(rendered), "migrations", "definitions");
#pragma once

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <vellum/core/connection.hpp>

namespace vellum::testing {

struct column_shape {
  std::string name;
  std::string type;
  bool not_null = false;
  std::optional<std::string> default_value;  // dflt_value as SQLite reports it
  int primary_key_position = 0;              // 0: not part of the primary key
  int hidden = 0;                            // 2/3: generated column
  bool operator==(const column_shape&) const = default;
};

struct index_shape {
  std::string name;
  std::string origin;                // c: CREATE INDEX, u: UNIQUE constraint, pk: PRIMARY KEY
  bool unique = false;
  std::vector<std::string> columns;  // "name" or "name DESC"
  bool partial = false;
  std::string where;                 // the partial index's condition, normalised
  bool operator==(const index_shape&) const = default;
};

struct foreign_key_shape {
  std::string from;
  std::string table;
  std::string to;
  std::string on_update;
  std::string on_delete;
  auto operator<=>(const foreign_key_shape&) const = default;
};

struct table_shape {
  std::string name;
  bool strict = false;
  bool without_rowid = false;
  std::vector<column_shape> columns;            // in table order
  std::vector<index_shape> indexes;             // by name
  std::vector<foreign_key_shape> foreign_keys;  // sorted
  std::vector<std::string> checks;              // normalised CHECK expressions, sorted
};

struct schema_snapshot {
  std::vector<table_shape> tables;  // by name; SQLite's own sqlite_* tables left out
};

namespace detail {

/// SQL text with comments dropped, identifier quotes removed, whitespace runs made one space and
/// no space just inside parentheses; string literals are kept as they are.
inline std::string normalize_sql(std::string_view sql) {
  std::string out;
  bool pending_space = false;
  const auto emit = [&](char c) {
    if (pending_space && !out.empty() && out.back() != '(' && c != ')') out += ' ';
    pending_space = false;
    out += c;
  };
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') ++i;
      pending_space = true;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const auto end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 1;
      pending_space = true;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      pending_space = true;
    } else if (c == '\'' || c == '"') {
      // A literal is kept whole; a quoted identifier loses its quotes. Doubled quotes are escapes.
      std::size_t end = i + 1;
      while ((end = sql.find(c, end)) != std::string_view::npos && end + 1 < sql.size() && sql[end + 1] == c) end += 2;
      if (end == std::string_view::npos) end = sql.size();
      const std::string_view inside = sql.substr(i + 1, end - i - 1);
      if (c == '\'') {
        emit(c);
        out.append(inside);
        out += c;
      } else {
        for (std::size_t k = 0; k < inside.size(); ++k) {
          emit(inside[k]);
          if (inside[k] == '"') ++k;
        }
      }
      i = end;
    } else {
      emit(c);
    }
  }
  return out;
}

/// The position of the ')' closing the '(' at `open` in normalised SQL (npos when unbalanced).
inline std::size_t closing_paren(std::string_view sql, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < sql.size(); ++i) {
    if (sql[i] == '\'') {
      i = sql.find('\'', i + 1);  // doubled quotes inside a literal re-enter here harmlessly
      if (i == std::string_view::npos) return i;
    } else if (sql[i] == '(') {
      ++depth;
    } else if (sql[i] == ')' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

inline bool keyword_at(std::string_view sql, std::size_t at, std::string_view keyword) {
  const auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
  if (at + keyword.size() > sql.size() || (at > 0 && word_char(sql[at - 1]))) return false;
  if (at + keyword.size() < sql.size() && word_char(sql[at + keyword.size()])) return false;
  for (std::size_t i = 0; i < keyword.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(sql[at + i])) != keyword[i]) return false;
  return true;
}

/// Every CHECK (…) expression of a normalised CREATE TABLE statement, column and table level.
inline std::vector<std::string> check_expressions(std::string_view sql) {
  std::vector<std::string> checks;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] == '\'') {
      i = sql.find('\'', i + 1);
      if (i == std::string_view::npos) break;
    } else if (keyword_at(sql, i, "CHECK")) {
      std::size_t open = i + 5;
      if (open < sql.size() && sql[open] == ' ') ++open;
      const std::size_t close = open < sql.size() && sql[open] == '(' ? closing_paren(sql, open) : std::string_view::npos;
      if (close == std::string_view::npos) break;
      checks.emplace_back(sql.substr(open + 1, close - open - 1));
      i = close;
    }
  }
  std::sort(checks.begin(), checks.end());
  return checks;
}

/// The WHERE condition of a normalised CREATE INDEX statement, or "" for a full index.
inline std::string index_condition(std::string_view sql) {
  const std::size_t open = sql.find('(');
  const std::size_t close = open == std::string_view::npos ? open : closing_paren(sql, open);
  if (close == std::string_view::npos) return {};
  std::string_view rest = sql.substr(close + 1);
  if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  return keyword_at(rest, 0, "WHERE") ? std::string(rest.substr(6)) : std::string();
}

inline std::string schema_sql(connection& db, std::string_view type, const std::string& name) {
  auto st = db.prepare("SELECT sql FROM sqlite_schema WHERE type = ?1 AND name = ?2");
  st.bind_all(std::string(type), name);
  return st.step() && !st.is_null(0) ? normalize_sql(st.get<std::string>(0)) : std::string();
}

inline index_shape read_index(connection& db, std::string name, std::string origin, bool unique, bool partial) {
  index_shape index{std::move(name), std::move(origin), unique, {}, partial, {}};
  auto st = db.prepare("SELECT name, \"desc\" FROM pragma_index_xinfo(?1) WHERE key = 1 ORDER BY seqno");
  st.bind_all(index.name);
  while (st.step()) {
    const auto column = st.get<std::optional<std::string>>(0).value_or("<expression>");
    index.columns.push_back(st.get<bool>(1) ? column + " DESC" : column);
  }
  if (partial) index.where = index_condition(schema_sql(db, "index", index.name));
  return index;
}

inline table_shape read_table(connection& db, std::string name, bool strict, bool without_rowid) {
  table_shape table{std::move(name), strict, without_rowid, {}, {}, {}, {}};

  auto columns = db.prepare("SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?1) ORDER BY cid");
  columns.bind_all(table.name);
  while (columns.step())
    table.columns.push_back({columns.get<std::string>(0), columns.get<std::string>(1), columns.get<bool>(2),
                             columns.get<std::optional<std::string>>(3), columns.get<int>(4), columns.get<int>(5)});

  auto indexes = db.prepare("SELECT name, origin, \"unique\", partial FROM pragma_index_list(?1) ORDER BY name");
  indexes.bind_all(table.name);
  std::vector<std::tuple<std::string, std::string, bool, bool>> listed;  // read fully before nesting queries
  while (indexes.step())
    listed.emplace_back(indexes.get<std::string>(0), indexes.get<std::string>(1), indexes.get<bool>(2), indexes.get<bool>(3));
  for (auto& [index, origin, unique, partial] : listed)
    table.indexes.push_back(read_index(db, std::move(index), std::move(origin), unique, partial));

  auto keys = db.prepare("SELECT \"from\", \"table\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?1)");
  keys.bind_all(table.name);
  while (keys.step())
    table.foreign_keys.push_back({keys.get<std::string>(0), keys.get<std::string>(1),
                                  keys.get<std::optional<std::string>>(2).value_or("<primary key>"),
                                  keys.get<std::string>(3), keys.get<std::string>(4)});
  std::sort(table.foreign_keys.begin(), table.foreign_keys.end());

  table.checks = check_expressions(schema_sql(db, "table", table.name));
  return table;
}

}  // namespace detail

/// The tables of the `main` schema of `db`, as SQLite reports them.
inline schema_snapshot snapshot_of(connection& db) {
  std::vector<std::tuple<std::string, bool, bool>> names;
  auto st = db.prepare(
      "SELECT name, strict, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
      "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
  while (st.step()) names.emplace_back(st.get<std::string>(0), st.get<bool>(1), st.get<bool>(2));
  schema_snapshot snapshot;
  for (auto& [name, strict, without_rowid] : names)
    snapshot.tables.push_back(detail::read_table(db, std::move(name), strict, without_rowid));
  return snapshot;
}

namespace detail {

inline std::string describe(const column_shape& c) {
  std::string s = c.name + " " + c.type + (c.not_null ? " NOT NULL" : "");
  if (c.default_value) s += " DEFAULT " + *c.default_value;
  if (c.primary_key_position > 0) s += " PRIMARY KEY #" + std::to_string(c.primary_key_position);
  if (c.hidden != 0) s += " hidden=" + std::to_string(c.hidden);
  return s;
}

inline std::string describe(const index_shape& i) {
  std::string s = i.name + (i.unique ? " UNIQUE (" : " (");
  for (std::size_t k = 0; k < i.columns.size(); ++k) s += (k > 0 ? ", " : "") + i.columns[k];
  s += ")";
  if (i.partial) s += " WHERE " + i.where;
  return s + " [origin " + i.origin + "]";
}

inline std::string describe(const foreign_key_shape& k) {
  return k.from + " -> " + k.table + "(" + k.to + ") ON UPDATE " + k.on_update + " ON DELETE " + k.on_delete;
}

inline std::string describe(const std::string& check) { return "CHECK (" + check + ")"; }

/// Reports the items of `a` missing from `b` and the reverse; both are sorted.
template <class T>
void set_differences(std::vector<std::string>& out, const std::string& where, const std::vector<T>& a,
                     const std::vector<T>& b, std::string_view a_name, std::string_view b_name) {
  std::vector<T> only;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only));
  for (const auto& item : only) out.push_back(where + describe(item) + " only in " + std::string(a_name));
  only.clear();
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(only));
  for (const auto& item : only) out.push_back(where + describe(item) + " only in " + std::string(b_name));
}

inline void table_differences(std::vector<std::string>& out, const table_shape& a, const table_shape& b,
                              std::string_view a_name, std::string_view b_name) {
  const std::string where = "table " + a.name + ": ";
  const std::string an(a_name);
  const std::string bn(b_name);
  if (a.strict != b.strict) out.push_back(where + "STRICT in " + (a.strict ? an : bn) + " only");
  if (a.without_rowid != b.without_rowid) out.push_back(where + "WITHOUT ROWID in " + (a.without_rowid ? an : bn) + " only");

  for (std::size_t i = 0; i < std::max(a.columns.size(), b.columns.size()); ++i) {
    const std::string at = where + "column " + std::to_string(i) + " ";
    if (i >= b.columns.size()) out.push_back(at + describe(a.columns[i]) + " only in " + an);
    else if (i >= a.columns.size()) out.push_back(at + describe(b.columns[i]) + " only in " + bn);
    else if (a.columns[i] != b.columns[i])
      out.push_back(at + "differs: " + an + " has " + describe(a.columns[i]) + "; " + bn + " has " + describe(b.columns[i]));
  }

  for (const auto& index : a.indexes) {
    const auto other = std::find_if(b.indexes.begin(), b.indexes.end(), [&](const auto& i) { return i.name == index.name; });
    if (other == b.indexes.end()) out.push_back(where + "index " + describe(index) + " only in " + an);
    else if (*other != index)
      out.push_back(where + "index differs: " + an + " has " + describe(index) + "; " + bn + " has " + describe(*other));
  }
  for (const auto& index : b.indexes)
    if (std::none_of(a.indexes.begin(), a.indexes.end(), [&](const auto& i) { return i.name == index.name; }))
      out.push_back(where + "index " + describe(index) + " only in " + bn);

  set_differences(out, where + "foreign key ", a.foreign_keys, b.foreign_keys, a_name, b_name);
  set_differences(out, where, a.checks, b.checks, a_name, b_name);
}

}  // namespace detail

/// Every way `a` and `b` differ, one readable line each; empty when they are equal.
inline std::vector<std::string> schema_differences(const schema_snapshot& a, const schema_snapshot& b,
                                                   std::string_view a_name, std::string_view b_name) {
  std::vector<std::string> out;
  for (const auto& table : a.tables) {
    const auto other = std::find_if(b.tables.begin(), b.tables.end(), [&](const auto& t) { return t.name == table.name; });
    if (other == b.tables.end()) out.push_back("table " + table.name + " only in " + std::string(a_name));
    else detail::table_differences(out, table, *other, a_name, b_name);
  }
  for (const auto& table : b.tables)
    if (std::none_of(a.tables.begin(), a.tables.end(), [&](const auto& t) { return t.name == table.name; }))
      out.push_back("table " + table.name + " only in " + std::string(b_name));
  return out;
}

}  // namespace vellum::testing
