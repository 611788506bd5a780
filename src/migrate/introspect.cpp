#include "vellum/migrate/introspect.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "internal/sql_scan.hpp"
#include "vellum/core/connection.hpp"

namespace vellum::migrate {

namespace {

std::string stored_sql(connection& db, std::string_view type, const std::string& name) {
  auto st = db.prepare("SELECT sql FROM sqlite_schema WHERE type = ?1 AND name = ?2");
  st.bind_all(std::string(type), name);
  return st.step() && !st.is_null(0) ? st.get<std::string>(0) : std::string();
}

index_model read_index(connection& db, std::string name, std::string origin, bool unique, bool partial) {
  index_model index{std::move(name), std::move(origin), unique, {}, {}, {}};
  auto st = db.prepare("SELECT name, \"desc\" FROM pragma_index_xinfo(?1) WHERE key = 1 ORDER BY seqno");
  st.bind_all(index.name);
  while (st.step()) {
    const auto column = st.get<std::optional<std::string>>(0).value_or("<expression>");
    index.columns.push_back(st.get<bool>(1) ? column + " DESC" : column);
  }
  index.sql = stored_sql(db, "index", index.name);
  if (partial) index.where = detail::index_condition(index.sql);
  return index;
}

std::vector<foreign_key_model> read_foreign_keys(connection& db, const std::string& table) {
  std::map<std::int64_t, foreign_key_model> keys;  // by SQLite's key id
  auto st = db.prepare(
      "SELECT id, \"from\", \"table\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?1) ORDER BY id, seq");
  st.bind_all(table);
  while (st.step()) {
    foreign_key_model& key = keys[st.get<std::int64_t>(0)];
    key.from.push_back(st.get<std::string>(1));
    key.table = st.get<std::string>(2);
    key.to.push_back(st.get<std::optional<std::string>>(3).value_or(""));
    key.on_update = st.get<std::string>(4);
    key.on_delete = st.get<std::string>(5);
  }
  std::vector<foreign_key_model> out;
  for (auto& [id, key] : keys) out.push_back(std::move(key));
  std::sort(out.begin(), out.end());
  return out;
}

table_model read_table(connection& db, std::string name, bool strict, bool without_rowid) {
  table_model table;
  table.name = std::move(name);
  table.strict = strict;
  table.without_rowid = without_rowid;

  auto columns = db.prepare(
      "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?1) ORDER BY cid");
  columns.bind_all(table.name);
  while (columns.step())
    table.columns.push_back({columns.get<std::string>(0), columns.get<std::string>(1), columns.get<bool>(2),
                             columns.get<std::optional<std::string>>(3), columns.get<int>(4), columns.get<int>(5)});

  // Listed fully before reading each index: one statement at a time keeps the cache simple.
  std::vector<std::tuple<std::string, std::string, bool, bool>> listed;
  auto indexes = db.prepare("SELECT name, origin, \"unique\", partial FROM pragma_index_list(?1) ORDER BY name");
  indexes.bind_all(table.name);
  while (indexes.step())
    listed.emplace_back(indexes.get<std::string>(0), indexes.get<std::string>(1), indexes.get<bool>(2),
                        indexes.get<bool>(3));
  for (auto& [index, origin, unique, partial] : listed)
    table.indexes.push_back(read_index(db, std::move(index), std::move(origin), unique, partial));

  table.foreign_keys = read_foreign_keys(db, table.name);
  table.sql = stored_sql(db, "table", table.name);
  table.checks = detail::check_expressions(table.sql);

  auto triggers = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?1 ORDER BY name");
  triggers.bind_all(table.name);
  while (triggers.step()) table.triggers.push_back(triggers.get<std::string>(0));
  return table;
}

}  // namespace

schema_model introspect(connection& db) {
  std::vector<std::tuple<std::string, bool, bool>> names;
  auto st = db.prepare(
      "SELECT name, strict, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
      "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
  while (st.step()) names.emplace_back(st.get<std::string>(0), st.get<bool>(1), st.get<bool>(2));
  schema_model model;
  for (auto& [name, strict, without_rowid] : names)
    model.tables.push_back(read_table(db, std::move(name), strict, without_rowid));
  auto views = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'view' ORDER BY name");
  while (views.step()) model.views.push_back({views.get<std::string>(0), views.get<std::string>(1)});
  return model;
}

}  // namespace vellum::migrate
