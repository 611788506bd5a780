#include "vellum/migrate/schema_diff.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "internal/sql_scan.hpp"
#include "internal/table_compare.hpp"
#include "vellum/core/connection.hpp"
#include "vellum/migrate/introspect.hpp"
#include "vellum/migrate/schema_check.hpp"

namespace vellum::migrate {

namespace {

using detail::quote;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool same_name(std::string_view a, std::string_view b) { return lower(a) == lower(b); }

std::int64_t count_rows(connection& db, const std::string& table, const std::string& condition = {}) {
  std::string sql = "SELECT count(*) FROM " + quote(table);
  if (!condition.empty()) sql += " WHERE " + condition;
  return db.query_value<std::int64_t>(sql).value_or(0);
}

std::string rows_text(std::int64_t n) { return fmt::format("{} row{}", n, n == 1 ? "" : "s"); }

// The value a NOT NULL column without a default gets in rows that have none (see
// docs/schema-changes.md): the type's zero.
std::string zero_literal(std::string_view type) {
  const std::string_view affinity = type_affinity(type);
  if (affinity == "TEXT") return "''";
  if (affinity == "BLOB") return "x''";
  return "0";
}

bool null_default(const std::optional<std::string>& d) { return !d || normalize_sql(*d) == "null"; }

// ALTER TABLE ADD COLUMN takes only a constant default (no "(expression)", no CURRENT_*).
bool constant_default(const std::optional<std::string>& d) {
  if (!d) return true;
  const std::string n = normalize_sql(*d);
  return !n.starts_with('(') && n != "current_time" && n != "current_date" && n != "current_timestamp";
}

// The storage classes a column of the new type keeps as they are; other values are changed (or,
// in a STRICT table, refused).
std::string fitting_types(std::string_view type) {
  const std::string_view affinity = type_affinity(type);
  if (affinity == "INTEGER") return "('integer')";
  if (affinity == "REAL" || affinity == "NUMERIC") return "('integer', 'real')";
  if (affinity == "TEXT") return "('text', 'integer', 'real')";
  return "('integer', 'real', 'text', 'blob')";
}

bool widening(std::string_view from, std::string_view to) {
  const std::string_view a = type_affinity(from);
  const std::string_view b = type_affinity(to);
  if (b == "BLOB" || a == b) return true;
  if (a == "INTEGER") return true;  // to REAL, NUMERIC or TEXT
  return (a == "REAL" || a == "NUMERIC") && b == "TEXT";
}

const detail::table_item* find_item(const std::vector<detail::table_item>& items, std::string_view column) {
  const std::string wanted = normalize_sql(column);
  const auto it = std::find_if(items.begin(), items.end(), [&](const auto& i) { return i.name == wanted; });
  return it == items.end() ? nullptr : &*it;
}

bool in_unique_index(const table_model& t, std::string_view column) {
  return std::any_of(t.indexes.begin(), t.indexes.end(), [&](const index_model& i) {
    return i.origin != "c" && std::any_of(i.columns.begin(), i.columns.end(),
                                          [&](const std::string& c) { return same_name(c, column); });
  });
}

bool in_foreign_key(const table_model& t, std::string_view column) {
  return std::any_of(t.foreign_keys.begin(), t.foreign_keys.end(), [&](const foreign_key_model& k) {
    return std::any_of(k.from.begin(), k.from.end(), [&](const std::string& c) { return same_name(c, column); });
  });
}

// ALTER TABLE ADD COLUMN's rules (sqlite.org/lang_altertable.html#altertabaddcol).
bool addable(const column_model& c, const table_model& definitions, const detail::table_item* item) {
  if (item == nullptr || c.primary_key_position != 0 || c.hidden == 3) return false;
  if (in_unique_index(definitions, c.name)) return false;
  if (!constant_default(c.default_sql)) return false;
  if (c.not_null && null_default(c.default_sql)) return false;
  return !in_foreign_key(definitions, c.name) || null_default(c.default_sql);
}

// ALTER TABLE DROP COLUMN's rules: not a key, not in a constraint of another column or the
// table, no generated columns about.
bool droppable(const column_model& c, const table_model& database, const detail::table_item* item) {
  if (item == nullptr || c.primary_key_position != 0 || c.hidden != 0) return false;
  if (in_unique_index(database, c.name) || in_foreign_key(database, c.name)) return false;
  if (std::any_of(database.columns.begin(), database.columns.end(), [](const column_model& x) { return x.hidden != 0; }))
    return false;
  std::vector<std::string> own = detail::check_expressions(item->text);
  for (const auto& check : database.checks) {
    if (const auto it = std::find(own.begin(), own.end(), check); it != own.end()) {
      own.erase(it);
      continue;
    }
    if (detail::mentions(check, c.name)) return false;
  }
  return true;
}

void remove_one(std::vector<std::string>& from, const std::vector<std::string>& items) {
  for (const auto& item : items)
    if (const auto it = std::find(from.begin(), from.end(), item); it != from.end()) from.erase(it);
}

table_model* find_mutable(schema_model& m, std::string_view name) {
  const auto it = std::find_if(m.tables.begin(), m.tables.end(), [&](const table_model& t) { return same_name(t.name, name); });
  return it == m.tables.end() ? nullptr : &*it;
}

// The database's model as it will be after `ALTER TABLE … RENAME COLUMN`, which SQLite carries
// into indexes, CHECKs and the foreign keys of every table.
void apply_rename(schema_model& database, const schema_model& definitions, const column_rename& r) {
  const auto refuse = [&](std::string_view why) {
    throw validation_error(fmt::format("rename_column(\"{}\", \"{}\", \"{}\"): {}", r.table, r.from, r.to, why),
                           {{r.table, {std::string(why)}}});
  };
  table_model* t = find_mutable(database, r.table);
  const table_model* wanted = definitions.find(r.table);
  if (t == nullptr || wanted == nullptr) refuse("the table is not both in the database and in the definitions");
  column_model* column = nullptr;
  for (auto& c : t->columns)
    if (same_name(c.name, r.from)) column = &c;
  if (column == nullptr) refuse(fmt::format("the database's table has no column '{}'", r.from));
  if (t->find_column(r.to) != nullptr) refuse(fmt::format("the database's table has a column '{}' already", r.to));
  if (wanted->find_column(r.to) == nullptr) refuse(fmt::format("the definitions have no column '{}'", r.to));
  if (wanted->find_column(r.from) != nullptr) refuse(fmt::format("the definitions still have a column '{}'", r.from));

  column->name = r.to;
  for (auto& index : t->indexes) {
    for (auto& c : index.columns) {
      if (same_name(c, r.from)) c = r.to;
      else if (same_name(c, r.from + " DESC")) c = r.to + " DESC";
    }
    index.where = detail::rename_identifier(index.where, r.from, r.to);
  }
  for (auto& check : t->checks) check = detail::rename_identifier(check, r.from, r.to);
  std::sort(t->checks.begin(), t->checks.end());
  for (auto& table : database.tables) {
    for (auto& key : table.foreign_keys) {
      if (&table == t)
        for (auto& c : key.from)
          if (same_name(c, r.from)) c = r.to;
      if (same_name(key.table, r.table))
        for (auto& c : key.to)
          if (same_name(c, r.from)) c = r.to;
    }
    std::sort(table.foreign_keys.begin(), table.foreign_keys.end());
  }
}

struct phases {
  std::vector<schema_change> renames, drop_indexes, create_tables, add_columns, rebuilds, drop_columns, create_indexes,
      drop_tables;
};

class planner {
 public:
  planner(connection& db, schema_model database) : db_(db), database_(std::move(database)) {}

  void plan_table(const table_model& live, const table_model& wanted) {
    const auto wanted_items = detail::table_items(wanted.sql);
    const auto live_items = detail::table_items(live.sql);
    std::vector<const column_model*> added, dropped;
    for (const auto& c : wanted.columns)
      if (live.find_column(c.name) == nullptr) added.push_back(&c);
    for (const auto& c : live.columns)
      if (wanted.find_column(c.name) == nullptr) dropped.push_back(&c);
    note_possible_renames(wanted.name, added, dropped);

    // The database's table as ALTER TABLE ADD/DROP COLUMN would leave it; what still differs
    // afterwards needs the rebuild.
    table_model after = live;
    bool alterable = true;
    for (const column_model* c : added) {
      const detail::table_item* item = find_item(wanted_items, c->name);
      if (!addable(*c, wanted, item)) {
        alterable = false;
        continue;
      }
      after.columns.push_back(*c);
      for (auto& check : detail::check_expressions(item->text)) after.checks.push_back(std::move(check));
      for (const auto& key : wanted.foreign_keys)
        if (key.from.size() == 1 && same_name(key.from[0], c->name)) after.foreign_keys.push_back(key);
    }
    for (const column_model* c : dropped) {
      const detail::table_item* item = find_item(live_items, c->name);
      if (!droppable(*c, live, item)) {
        alterable = false;
        continue;
      }
      std::erase_if(after.columns, [&](const column_model& x) { return same_name(x.name, c->name); });
      remove_one(after.checks, detail::check_expressions(item->text));
    }
    std::sort(after.checks.begin(), after.checks.end());
    std::sort(after.foreign_keys.begin(), after.foreign_keys.end());

    std::vector<schema_difference> differences;
    detail::compare_table(after, wanted, differences);
    std::vector<std::string> reasons;
    for (const auto& d : differences)
      if (d.kind == difference_kind::changed_column || d.kind == difference_kind::changed_table)
        reasons.push_back(d.kind == difference_kind::changed_column ? "column " + d.name + ": " + d.detail : d.detail);
    if (!alterable || !reasons.empty()) return rebuild(live, wanted, added, dropped, std::move(reasons));

    for (const auto& d : differences) {
      if (d.kind == difference_kind::extra_index || d.kind == difference_kind::changed_index)
        phases_.drop_indexes.push_back({change_kind::drop_index, wanted.name, d.name,
                                        fmt::format("drop index {}", d.name), {d.detail}, {"DROP INDEX " + quote(d.name)}, {}});
      if (d.kind == difference_kind::missing_index || d.kind == difference_kind::changed_index)
        phases_.create_indexes.push_back({change_kind::create_index, wanted.name, d.name,
                                          fmt::format("create index {} on {}", d.name, wanted.name), {},
                                          {wanted.find_index(d.name)->sql}, {}});
    }
    for (const column_model* c : added)
      phases_.add_columns.push_back({change_kind::add_column, wanted.name, c->name,
                                     fmt::format("add column {}.{}", wanted.name, c->name), {},
                                     {fmt::format("ALTER TABLE {} ADD COLUMN {}", quote(wanted.name),
                                                  find_item(wanted_items, c->name)->text)},
                                     {}});
    for (const column_model* c : dropped) {
      schema_change change{change_kind::drop_column, wanted.name, c->name,
                           fmt::format("drop column {}.{}", wanted.name, c->name), {},
                           {fmt::format("ALTER TABLE {} DROP COLUMN {}", quote(wanted.name), quote(c->name))}, {}};
      add_loss(change, change.summary, count_rows(db_, live.name, quote(c->name) + " IS NOT NULL"), "holding a value");
      phases_.drop_columns.push_back(std::move(change));
    }
  }

  void create_table(const table_model& wanted) {
    schema_change change{change_kind::create_table, wanted.name, "", "create table " + wanted.name, {}, {wanted.sql}, {}};
    for (const auto& index : wanted.indexes)
      if (index.origin == "c") change.statements.push_back(index.sql);
    phases_.create_tables.push_back(std::move(change));
  }

  void drop_table(const table_model& live) {
    schema_change change{change_kind::drop_table, live.name, "", "drop table " + live.name, {},
                         {"DROP TABLE " + quote(live.name)}, {}};
    add_loss(change, change.summary, count_rows(db_, live.name), "");
    phases_.drop_tables.push_back(std::move(change));
  }

  void rename(const column_rename& r) {
    phases_.renames.push_back({change_kind::rename_column, r.table, r.to,
                               fmt::format("rename column {}.{} to {}", r.table, r.from, r.to), {},
                               {fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {}", quote(r.table), quote(r.from),
                                            quote(r.to))},
                               {}});
  }

  [[nodiscard]] std::vector<std::string> take_notes() { return std::move(notes_); }

  // In the order that keeps every step valid: renames first (later steps use the new names),
  // indexes dropped before the columns they cover, tables dropped last, children before parents.
  [[nodiscard]] std::vector<schema_change> take_changes() {
    order_drops();
    std::vector<schema_change> out;
    for (auto* phase : {&phases_.renames, &phases_.drop_indexes, &phases_.create_tables, &phases_.add_columns,
                        &phases_.rebuilds, &phases_.drop_columns, &phases_.create_indexes, &phases_.drop_tables})
      for (auto& change : *phase) out.push_back(std::move(change));
    return out;
  }

 private:
  static void add_loss(schema_change& change, std::string what, std::int64_t rows, std::string_view detail) {
    if (rows > 0) change.losses.push_back({std::move(what), rows, std::string(detail)});
  }

  void note_possible_renames(const std::string& table, const std::vector<const column_model*>& added,
                             const std::vector<const column_model*>& dropped) {
    for (const column_model* d : dropped)
      for (const column_model* a : added)
        if (type_affinity(d->type) == type_affinity(a->type))
          notes_.push_back(fmt::format("{}: column {} is dropped and {} added, both {}: if it was renamed, say "
                                       "rename_column(\"{}\", \"{}\", \"{}\") (--rename {}.{}={})",
                                       table, d->name, a->name, type_affinity(a->type), table, d->name, a->name, table,
                                       d->name, a->name));
  }

  // The 12 steps of sqlite.org/lang_altertable.html#otheralter; the runner does steps 1, 2, 10
  // and 11 (foreign keys off around the transaction, PRAGMA foreign_key_check before COMMIT).
  void rebuild(const table_model& live, const table_model& wanted, const std::vector<const column_model*>& added,
               const std::vector<const column_model*>& dropped, std::vector<std::string> reasons) {
    schema_change change{change_kind::rebuild_table, wanted.name, "", "rebuild table " + wanted.name, {}, {}, {}};
    for (const column_model* c : added) reasons.push_back("column " + c->name + ": new");
    for (const column_model* c : dropped) reasons.push_back("column " + c->name + ": dropped");
    change.reasons = std::move(reasons);
    const std::string table = quote(wanted.name);
    const std::string temporary = "vellum_new_" + wanted.name;

    std::vector<const view_model*> views;  // a view naming the table would break the rename
    for (const auto& view : database_.views)
      if (detail::mentions(normalize_sql(view.sql), wanted.name)) views.push_back(&view);
    for (const view_model* view : views) change.statements.push_back("DROP VIEW " + quote(view->name));

    change.statements.push_back(detail::with_table_name(wanted.sql, temporary));
    std::vector<std::string> targets, sources;
    for (const auto& c : wanted.columns) {
      if (c.hidden != 0) continue;
      const column_model* old = live.find_column(c.name);
      const bool fill = c.not_null && null_default(c.default_sql);
      if (old == nullptr || old->hidden != 0) {
        if (!fill || c.primary_key_position != 0) continue;  // its default (or the rowid) fills it
        targets.push_back(quote(c.name));
        sources.push_back(zero_literal(c.type));
        add_loss(change, fmt::format("new NOT NULL column {}.{} without a default, filled with {}", wanted.name,
                                     c.name, zero_literal(c.type)),
                 count_rows(db_, live.name), "");
        continue;
      }
      std::string source = quote(c.name);
      if (c.not_null && !old->not_null && c.primary_key_position == 0) {
        source = fmt::format("COALESCE({}, {})", source, fill ? zero_literal(c.type) : *c.default_sql);
        if (fill)
          add_loss(change, fmt::format("column {}.{} becomes NOT NULL without a default: NULLs become {}", wanted.name,
                                       c.name, zero_literal(c.type)),
                   count_rows(db_, live.name, quote(c.name) + " IS NULL"), "holding NULL");
      }
      if (type_affinity(old->type) != type_affinity(c.type)) {
        const std::int64_t misfits = count_rows(
            db_, live.name, fmt::format("{} IS NOT NULL AND typeof({}) NOT IN {}", quote(c.name), quote(c.name),
                                        fitting_types(c.type)));
        if (!widening(old->type, c.type) || misfits > 0)
          add_loss(change, fmt::format("column {}.{} narrows from {} to {}", wanted.name, c.name, old->type, c.type),
                   std::max<std::int64_t>(misfits, 0), "holding values of another type");
      }
      targets.push_back(quote(c.name));
      sources.push_back(std::move(source));
    }
    for (const column_model* c : dropped)
      add_loss(change, fmt::format("drop column {}.{}", wanted.name, c->name),
               count_rows(db_, live.name, quote(c->name) + " IS NOT NULL"), "holding a value");

    change.statements.push_back(fmt::format("INSERT INTO {} ({})\n  SELECT {} FROM {}", quote(temporary),
                                            fmt::join(targets, ", "), fmt::join(sources, ", "), table));
    change.statements.push_back("DROP TABLE " + table);
    change.statements.push_back(fmt::format("ALTER TABLE {} RENAME TO {}", quote(temporary), table));
    for (const auto& index : wanted.indexes)
      if (index.origin == "c") change.statements.push_back(index.sql);
    for (const auto& trigger : live.triggers) change.statements.push_back(trigger);
    for (const view_model* view : views) change.statements.push_back(view->sql);
    phases_.rebuilds.push_back(std::move(change));
  }

  // A table whose foreign key names another dropped table goes first.
  void order_drops() {
    auto& drops = phases_.drop_tables;
    const auto references = [&](const std::string& child, const std::string& parent) {
      const table_model* t = database_.find(child);
      return t != nullptr && std::any_of(t->foreign_keys.begin(), t->foreign_keys.end(),
                                         [&](const foreign_key_model& k) { return same_name(k.table, parent); });
    };
    std::vector<schema_change> ordered;
    while (!drops.empty()) {
      auto next = std::find_if(drops.begin(), drops.end(), [&](const schema_change& candidate) {
        return std::none_of(drops.begin(), drops.end(), [&](const schema_change& other) {
          return &other != &candidate && references(other.table, candidate.table);
        });
      });
      if (next == drops.end()) next = drops.begin();  // a cycle: any order, foreign keys decide
      ordered.push_back(std::move(*next));
      drops.erase(next);
    }
    drops = std::move(ordered);
  }

  connection& db_;
  schema_model database_;
  phases phases_;
  std::vector<std::string> notes_;
};

std::string one_line(std::string_view text) {
  std::string out(text);
  std::replace(out.begin(), out.end(), '\n', ' ');
  std::replace(out.begin(), out.end(), '\r', ' ');
  return out;
}

}  // namespace

std::vector<schema_change::loss> migration_plan::losses() const {
  std::vector<schema_change::loss> out;
  for (const auto& change : changes_)
    for (const auto& loss : change.losses)
      if (loss.rows > 0) out.push_back(loss);
  return out;
}

bool migration_plan::rebuilds() const {
  return std::any_of(changes_.begin(), changes_.end(),
                     [](const schema_change& c) { return c.kind == change_kind::rebuild_table; });
}

void migration_plan::require_allowed() const {
  const auto lost = losses();
  if (lost.empty() || allow_destructive_) return;
  std::vector<std::string> lines;
  for (const auto& loss : lost)
    lines.push_back(fmt::format("{} ({}{}{})", loss.what, rows_text(loss.rows), loss.detail.empty() ? "" : " ",
                                loss.detail));
  std::string message = fmt::format("refused: the schema change would lose data: {}. Allow it with "
                                    "allow_destructive (--allow-destructive)",
                                    fmt::join(lines, "; "));
  if (!notes_.empty()) message += fmt::format("; or, for a rename: {}", fmt::join(notes_, "; "));
  throw destructive_change_error(message, lost);
}

std::string migration_plan::sql(std::string_view title) const {
  std::string out;
  if (rebuilds()) out += "-- vellum: no-transaction\n";
  out += fmt::format("-- {}.sql: generated by vellum from the table definitions. Review it before it runs.\n", title);
  if (rebuilds())
    out += "-- It rebuilds tables, so the runner turns foreign keys off around its transaction and\n"
           "-- runs PRAGMA foreign_key_check before COMMIT (docs/schema-changes.md).\n";
  out += "--\n-- Changes:\n";
  for (const auto& change : changes_) out += "--   " + one_line(change.summary) + "\n";
  if (const auto lost = losses(); !lost.empty()) {
    out += "--\n-- Data this migration loses or changes:\n";
    for (const auto& loss : lost)
      out += fmt::format("--   {}: {}{}{}\n", one_line(loss.what), rows_text(loss.rows), loss.detail.empty() ? "" : " ",
                         loss.detail);
  }
  if (!notes_.empty()) {
    out += "--\n-- Notes:\n";
    for (const auto& note : notes_) out += "--   " + one_line(note) + "\n";
  }
  for (const auto& change : changes_) {
    out += "\n-- " + one_line(change.summary) + "\n";
    for (const auto& reason : change.reasons) out += "--   " + one_line(reason) + "\n";
    for (const auto& statement : change.statements) out += statement + ";\n";
  }
  return out;
}

migration_plan plan_migration(connection& db, std::span<const table_definition> definitions,
                              const diff_options& options) {
  schema_model database = introspect(db);
  const schema_model wanted = model_of(definitions);
  for (const auto& r : options.renames) apply_rename(database, wanted, r);

  planner p(db, database);
  for (const auto& r : options.renames) p.rename(r);
  for (const auto& table : wanted.tables) {
    if (const table_model* live = database.find(table.name)) p.plan_table(*live, table);
    else p.create_table(table);
  }
  for (const auto& table : database.tables)
    if (wanted.find(table.name) == nullptr && table.name != tracking_table_name) p.drop_table(table);
  auto notes = p.take_notes();
  return migration_plan(p.take_changes(), std::move(notes), options.allow_destructive);
}

}  // namespace vellum::migrate
