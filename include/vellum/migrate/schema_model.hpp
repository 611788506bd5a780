// `schema_model`: a database schema as plain values — tables with their columns, indexes,
// foreign keys, CHECK constraints and triggers — as SQLite reports them. Both sides of a schema
// diff are a model: the live database (`introspect`) and the table definitions (`model_of`).
//
//   vellum::migrate::schema_model live = vellum::migrate::introspect(db);
//   if (const auto* t = live.find("users")) for (const auto& c : t->columns) …
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vellum::migrate {

struct column_model {
  std::string name;
  std::string type;                        // the declared type, as written ("INTEGER", "VARCHAR(20)")
  bool not_null = false;
  std::optional<std::string> default_sql;  // the DEFAULT expression as written; nullopt: none
  int primary_key_position = 0;            // 1-based position in the primary key; 0: not in it
  int hidden = 0;                          // 0 normal, 2 generated VIRTUAL, 3 generated STORED
  bool operator==(const column_model&) const = default;
};

struct index_model {
  std::string name;
  std::string origin;                // "c": CREATE INDEX, "u": UNIQUE constraint, "pk": PRIMARY KEY
  bool unique = false;
  std::vector<std::string> columns;  // "name" or "name DESC"; "<expression>" for an expression
  std::string where;                 // the partial index's condition (normalize_sql), "" for none
  std::string sql;                   // the CREATE INDEX statement as stored ("" for automatic ones)
};

struct foreign_key_model {
  std::vector<std::string> from;  // the referencing columns, in key order
  std::string table;              // the referenced table
  std::vector<std::string> to;    // the referenced columns ("" when the key names none: its primary key)
  std::string on_update;          // "NO ACTION", "CASCADE", …
  std::string on_delete;
  auto operator<=>(const foreign_key_model&) const = default;
};

struct table_model {
  std::string name;
  bool strict = false;
  bool without_rowid = false;
  std::vector<column_model> columns;            // in table order
  std::vector<index_model> indexes;             // by name, automatic ones included
  std::vector<foreign_key_model> foreign_keys;  // sorted
  std::vector<std::string> checks;              // CHECK expressions (normalize_sql), sorted
  std::string sql;                              // the CREATE TABLE statement as stored
  std::vector<std::string> triggers;            // CREATE TRIGGER statements on this table, as stored

  [[nodiscard]] const column_model* find_column(std::string_view column) const;
  [[nodiscard]] const index_model* find_index(std::string_view index) const;
};

struct view_model {
  std::string name;
  std::string sql;  // the CREATE VIEW statement as stored
};

struct schema_model {
  std::vector<table_model> tables;  // by name; SQLite's own sqlite_* tables left out
  std::vector<view_model> views;    // by name (a table rebuild drops and recreates those naming it)
  [[nodiscard]] const table_model* find(std::string_view table) const;
};

/// SQL text reduced to a form in which two spellings of one expression compare equal: comments
/// dropped, identifier quotes ("x", `x`, [x]) removed, letters outside string literals lower
/// case, and whitespace kept only as one space between two words ("a >= 1" and "A>=1" both
/// become "a>=1"). String literals are kept as written. For comparing, never for running.
[[nodiscard]] std::string normalize_sql(std::string_view sql);

/// SQLite's type affinity of a declared column type (section 3.1 of sqlite.org/datatype3.html):
/// "INTEGER", "TEXT", "BLOB", "REAL" or "NUMERIC". "VARCHAR(20)" and "TEXT" are both "TEXT".
[[nodiscard]] std::string_view type_affinity(std::string_view declared_type);

}  // namespace vellum::migrate
