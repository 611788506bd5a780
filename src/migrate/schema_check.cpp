#include "vellum/migrate/schema_check.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iterator>

#include "internal/table_compare.hpp"
#include "vellum/migrate/introspect.hpp"

namespace vellum::migrate {

namespace detail {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string describe_default(const std::optional<std::string>& d) { return d ? "DEFAULT " + *d : "no default"; }

std::string describe_index(const index_model& i) {
  std::string s = fmt::format("{}({})", i.unique ? "UNIQUE " : "", fmt::join(i.columns, ", "));
  if (!i.where.empty()) s += " WHERE " + i.where;
  return s;
}

bool same_index(const index_model& a, const index_model& b) {
  if (a.unique != b.unique || a.where != b.where || a.columns.size() != b.columns.size()) return false;
  for (std::size_t i = 0; i < a.columns.size(); ++i)
    if (lower(a.columns[i]) != lower(b.columns[i])) return false;
  return true;
}

std::vector<foreign_key_model> lowered(std::vector<foreign_key_model> keys) {
  for (auto& k : keys) {
    for (auto& c : k.from) c = lower(c);
    for (auto& c : k.to) c = lower(c);
    k.table = lower(k.table);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

// Reports the items of `a` missing from `b` and the reverse; both sorted.
template <class T, class Describe, class Name>
void set_differences(std::vector<schema_difference>& out, const std::string& table, const std::vector<T>& database,
                     const std::vector<T>& definitions, Describe describe_item, Name name_of) {
  std::vector<T> only;
  std::set_difference(database.begin(), database.end(), definitions.begin(), definitions.end(),
                      std::back_inserter(only));
  for (const auto& item : only)
    out.push_back({difference_kind::changed_table, table, name_of(item), describe_item(item) + " in the database only"});
  only.clear();
  std::set_difference(definitions.begin(), definitions.end(), database.begin(), database.end(),
                      std::back_inserter(only));
  for (const auto& item : only)
    out.push_back(
        {difference_kind::changed_table, table, name_of(item), describe_item(item) + " in the definitions only"});
}

}  // namespace

std::string describe(const foreign_key_model& key) {
  std::string s = fmt::format("foreign key ({}) -> {}", fmt::join(key.from, ", "), key.table);
  if (std::any_of(key.to.begin(), key.to.end(), [](const std::string& c) { return !c.empty(); }))
    s += fmt::format("({})", fmt::join(key.to, ", "));
  if (key.on_update != "NO ACTION") s += " ON UPDATE " + key.on_update;
  if (key.on_delete != "NO ACTION") s += " ON DELETE " + key.on_delete;
  return s;
}

std::vector<std::string> column_changes(const column_model& database, const column_model& definitions) {
  std::vector<std::string> out;
  if (type_affinity(database.type) != type_affinity(definitions.type))
    out.push_back(fmt::format("type {} in the database, {} in the definitions", database.type, definitions.type));
  if (database.not_null != definitions.not_null)
    out.push_back(fmt::format("NOT NULL in the {} only", database.not_null ? "database" : "definitions"));
  const auto normal = [](const std::optional<std::string>& d) {
    return d ? std::optional<std::string>(normalize_sql(*d)) : std::nullopt;
  };
  if (normal(database.default_sql) != normal(definitions.default_sql))
    out.push_back(fmt::format("{} in the database, {} in the definitions", describe_default(database.default_sql),
                              describe_default(definitions.default_sql)));
  if (database.primary_key_position != definitions.primary_key_position)
    out.push_back(fmt::format("primary key position {} in the database, {} in the definitions",
                              database.primary_key_position, definitions.primary_key_position));
  if (database.hidden != definitions.hidden)  // 0 plain, 2 generated VIRTUAL, 3 generated STORED
    out.push_back(definitions.hidden == 0 || database.hidden == 0
                      ? fmt::format("generated in the {} only", database.hidden != 0 ? "database" : "definitions")
                      : std::string("generated VIRTUAL in one, STORED in the other"));
  return out;
}

std::vector<std::string> unique_constraints(const table_model& table) {
  std::vector<std::string> out;
  for (const auto& index : table.indexes)
    if (index.origin == "u") out.push_back(lower(fmt::format("UNIQUE ({})", fmt::join(index.columns, ", "))));
  std::sort(out.begin(), out.end());
  return out;
}

void compare_table(const table_model& database, const table_model& definitions, std::vector<schema_difference>& out) {
  const std::string& t = definitions.name;
  if (database.strict != definitions.strict)
    out.push_back({difference_kind::changed_table, t, "", fmt::format("STRICT in the {} only", database.strict ? "database" : "definitions")});
  if (database.without_rowid != definitions.without_rowid)
    out.push_back({difference_kind::changed_table, t, "",
                   fmt::format("WITHOUT ROWID in the {} only", database.without_rowid ? "database" : "definitions")});

  for (const auto& column : definitions.columns) {
    const column_model* found = database.find_column(column.name);
    if (found == nullptr) {
      out.push_back({difference_kind::missing_column, t, column.name, "missing in the database"});
    } else if (auto changes = column_changes(*found, column); !changes.empty()) {
      out.push_back({difference_kind::changed_column, t, column.name, fmt::format("{}", fmt::join(changes, "; "))});
    }
  }
  for (const auto& column : database.columns)
    if (definitions.find_column(column.name) == nullptr)
      out.push_back({difference_kind::extra_column, t, column.name, "in the database, not in the definitions"});

  // Named indexes by name; automatic ones are constraints of the table (below).
  for (const auto& index : definitions.indexes) {
    if (index.origin != "c") continue;
    const index_model* found = database.find_index(index.name);
    if (found == nullptr || found->origin != "c")
      out.push_back({difference_kind::missing_index, t, index.name, "missing in the database: " + describe_index(index)});
    else if (!same_index(*found, index))
      out.push_back({difference_kind::changed_index, t, index.name,
                     fmt::format("{} in the database, {} in the definitions", describe_index(*found), describe_index(index))});
  }
  for (const auto& index : database.indexes) {
    if (index.origin != "c") continue;
    const index_model* found = definitions.find_index(index.name);
    if (found == nullptr || found->origin != "c")
      out.push_back({difference_kind::extra_index, t, index.name,
                     "in the database, not in the definitions: " + describe_index(index)});
  }

  const auto keep = [](const std::string& s) { return s; };
  set_differences(out, t, unique_constraints(database), unique_constraints(definitions), keep,
                  [](const std::string&) { return std::string(); });
  set_differences(out, t, lowered(database.foreign_keys), lowered(definitions.foreign_keys),
                  [](const foreign_key_model& k) { return describe(k); },
                  [](const foreign_key_model& k) { return fmt::format("{}", fmt::join(k.from, ", ")); });
  set_differences(out, t, database.checks, definitions.checks,
                  [](const std::string& c) { return "CHECK (" + c + ")"; }, [](const std::string&) { return std::string(); });
}

}  // namespace detail

std::string schema_difference::describe() const {
  std::string where = "table " + table;
  switch (kind) {
    case difference_kind::missing_table: return where + ": missing in the database";
    case difference_kind::extra_table: return where + ": in the database, not in the definitions";
    case difference_kind::missing_column:
    case difference_kind::extra_column:
    case difference_kind::changed_column: where += ", column " + name; break;
    case difference_kind::missing_index:
    case difference_kind::extra_index:
    case difference_kind::changed_index: where += ", index " + name; break;
    case difference_kind::changed_table: break;
  }
  return where + ": " + detail;
}

std::vector<schema_difference> compare_schemas(const schema_model& database, const schema_model& definitions) {
  std::vector<schema_difference> out;
  for (const auto& table : definitions.tables) {
    if (const table_model* found = database.find(table.name)) detail::compare_table(*found, table, out);
    else out.push_back({difference_kind::missing_table, table.name, "", ""});
  }
  for (const auto& table : database.tables)
    if (definitions.find(table.name) == nullptr && table.name != tracking_table_name)
      out.push_back({difference_kind::extra_table, table.name, "", ""});
  return out;
}

std::vector<schema_difference> check_schema(connection& db, std::span<const table_definition> definitions) {
  return compare_schemas(introspect(db), model_of(definitions));
}

}  // namespace vellum::migrate
