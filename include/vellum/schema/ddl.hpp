// DDL from table definitions, as compile-time text: CREATE TABLE and CREATE INDEX statements.
//
//   constexpr std::string_view sql = v::create_table_sql<user>();
//   db.execute(v::create_indexes_sql<user>());
#pragma once

#include <string_view>
#include <tuple>

#include "vellum/schema/sql_text.hpp"
#include "vellum/schema/table.hpp"

namespace vellum {

namespace detail {

constexpr std::string_view sql_type_name(sql_type type) {
  switch (type) {
    case sql_type::integer: return "INTEGER";
    case sql_type::real: return "REAL";
    case sql_type::blob: return "BLOB";
    case sql_type::text: break;
  }
  return "TEXT";
}

template <class Table>
constexpr std::size_t primary_key_column_count(const Table& table) {
  std::size_t n = 0;
  std::apply([&](const auto&... c) { ((n += c.is_primary_key ? 1 : 0), ...); }, table.columns);
  return n;
}

template <class Column>
constexpr void write_column_ddl(sql_writer& w, const Column& c, bool inline_primary_key) {
  using value = typename detail::unwrap_optional<typename Column::value_type>::type;
  w.identifier(c.name);
  w.raw(' ');
  w.raw(sql_type_name(Column::type));
  if (inline_primary_key && c.is_primary_key) {
    w.raw(" PRIMARY KEY");
    if (c.is_autoincrement) w.raw(" AUTOINCREMENT");
  }
  const bool rowid_alias = inline_primary_key && c.is_primary_key && Column::type == sql_type::integer;
  if (!Column::nullable && !rowid_alias) w.raw(" NOT NULL");
  if (c.is_unique) w.raw(" UNIQUE");
  if (c.default_mode == default_kind::literal || c.default_mode == default_kind::sql) {
    w.raw(" DEFAULT ");
    w.raw(c.default_text.view());
  }
  if constexpr (named_enum<value>) {
    w.raw(" CHECK (");
    w.identifier(c.name);
    w.raw(" IN (");
    bool first = true;
    for (const auto& entry : enum_names_of<value>) {
      if (!first) w.raw(", ");
      first = false;
      w.string_literal(entry.name);
    }
    w.raw("))");
  }
  if (!c.check_sql.empty()) {
    w.raw(" CHECK (");
    w.raw(c.check_sql);
    w.raw(')');
  }
  if (c.has_references) {
    w.raw(" REFERENCES ");
    w.identifier(c.references_table());
    w.raw('(');
    w.identifier(c.references_column());
    w.raw(')');
    if (c.delete_action != fk_action::no_action) {
      w.raw(" ON DELETE ");
      w.raw(to_sql(c.delete_action));
    }
    if (c.update_action != fk_action::no_action) {
      w.raw(" ON UPDATE ");
      w.raw(to_sql(c.update_action));
    }
  }
  if (!c.generated_sql.empty()) {
    w.raw(" GENERATED ALWAYS AS (");
    w.raw(c.generated_sql);
    w.raw(c.generated_stored ? ") STORED" : ") VIRTUAL");
  }
}

inline constexpr void write_key_list(sql_writer& w, const key_columns& key) {
  w.raw('(');
  for (std::size_t i = 0; i < key.size(); ++i) {
    if (i > 0) w.raw(", ");
    w.identifier(key[i]);
  }
  w.raw(')');
}

template <class Row, bool IfNotExists>
struct create_table_renderer {
  static constexpr void render(sql_writer& w) {
    constexpr auto& t = table_of<Row>;
    const std::size_t pk_count = primary_key_column_count(t);
    const bool inline_pk = pk_count == 1 && t.primary_key_columns.empty();
    w.raw(IfNotExists ? "CREATE TABLE IF NOT EXISTS " : "CREATE TABLE ");
    w.identifier(t.name);
    w.raw(" (\n");
    bool first = true;
    std::apply(
        [&](const auto&... c) {
          (
              [&] {
                if (!first) w.raw(",\n");
                first = false;
                w.raw("  ");
                write_column_ddl(w, c, inline_pk);
              }(),
              ...);
        },
        t.columns);
    if (!inline_pk && (pk_count > 0 || !t.primary_key_columns.empty())) {
      w.raw(",\n  PRIMARY KEY ");
      key_columns key = t.primary_key_columns;
      if (key.empty())
        std::apply([&](const auto&... c) { ((c.is_primary_key ? key.push(c.name) : void()), ...); }, t.columns);
      write_key_list(w, key);
    }
    for (const auto& key : t.unique_keys) {
      w.raw(",\n  UNIQUE ");
      write_key_list(w, key);
    }
    for (const auto& check : t.checks) {
      w.raw(",\n  CHECK (");
      w.raw(check);
      w.raw(')');
    }
    w.raw("\n)");
    if (t.is_strict) w.raw(" STRICT");
  }
};

template <class Row, bool IfNotExists>
struct create_indexes_renderer {
  static constexpr void render(sql_writer& w) {
    constexpr auto& t = table_of<Row>;
    bool first = true;
    for (const auto& index : t.indexes) {
      if (!first) w.raw(";\n");
      first = false;
      w.raw(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
      if (IfNotExists) w.raw("IF NOT EXISTS ");
      w.identifier(index.name);
      w.raw(" ON ");
      w.identifier(t.name);
      w.raw(" (");
      for (std::size_t i = 0; i < index.columns.size(); ++i) {
        if (i > 0) w.raw(", ");
        w.identifier(index.columns[i].name);
        if (index.columns[i].descending) w.raw(" DESC");
      }
      w.raw(')');
      if (!index.where_sql.empty()) {
        w.raw(" WHERE ");
        w.raw(index.where_sql);
      }
    }
  }
};

}  // namespace detail

/// CREATE TABLE for Row's definition, a compile-time constant.
template <mapped_row Row, bool IfNotExists = false>
[[nodiscard]] constexpr std::string_view create_table_sql() {
  return static_text<detail::create_table_renderer<Row, IfNotExists>>::view;
}

/// The CREATE INDEX statements of Row's definition, separated by ";\n" (empty when none).
template <mapped_row Row, bool IfNotExists = false>
[[nodiscard]] constexpr std::string_view create_indexes_sql() {
  return static_text<detail::create_indexes_renderer<Row, IfNotExists>>::view;
}

}  // namespace vellum
