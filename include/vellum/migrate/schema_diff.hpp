// `plan_migration`: the ordered changes that turn a live database's schema into the one the
// table definitions declare — create/drop table, add/drop/rename column, create/drop index, and
// for what SQLite cannot ALTER (type, NOT NULL, default, keys, constraints) the 12-step table
// rebuild. `migration_plan::sql()` renders them as a readable, commented migration file.
//
//   auto plan = vellum::migrate::plan_migration(db, vellum::migrate::table_definitions<user, post>(),
//                                               vellum::migrate::diff_options{}.rename_column("posts", "body", "text"));
//   plan.require_allowed();              // throws destructive_change_error for unapproved data loss
//   std::string file = plan.sql("add_tags");
//
// Renames are never guessed: a column that disappears while another appears is a drop and an add
// unless `rename_column` says otherwise (the plan notes the likely rename).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/core/error.hpp"
#include "vellum/migrate/table_definitions.hpp"

namespace vellum {
class connection;
}

namespace vellum::migrate {

struct column_rename {
  std::string table;
  std::string from;
  std::string to;
};

struct diff_options {
  /// Columns renamed since the database was built: `rename_column("content", "body", "data")`
  /// makes the plan rename `content.body` to `data` instead of dropping one and adding the other.
  std::vector<column_rename> renames;
  /// Lets require_allowed() accept steps that lose data (dropping a table or a column that holds
  /// values, narrowing a type, filling NULLs of a column that becomes NOT NULL without default).
  bool allow_destructive = false;

  diff_options& rename_column(std::string table, std::string from, std::string to) & {
    renames.push_back({std::move(table), std::move(from), std::move(to)});
    return *this;
  }
  diff_options&& rename_column(std::string table, std::string from, std::string to) && {
    return std::move(rename_column(std::move(table), std::move(from), std::move(to)));
  }
};

enum class change_kind {
  create_table, drop_table, add_column, drop_column, rename_column, create_index, drop_index,
  rebuild_table,  // the 12-step rebuild: new table, copy, drop, rename, indexes and triggers again
};

struct schema_change {
  change_kind kind;
  std::string table;
  std::string name;                     // the column or index; "" for a whole-table change
  std::string summary;                  // "add column posts.slug"
  std::vector<std::string> reasons;     // a rebuild's causes, one per difference
  std::vector<std::string> statements;  // the SQL, each without its ';'
  /// Steps that lose or change stored data, with the rows they touch ("3 rows hold a value").
  struct loss {
    std::string what;       // "drop column posts.legacy"
    std::int64_t rows = 0;  // rows whose data is lost or changed
    std::string detail;     // "rows holding a value"
  };
  std::vector<loss> losses;
};

class migration_plan {
 public:
  migration_plan() = default;
  migration_plan(std::vector<schema_change> changes, std::vector<std::string> notes, bool allow_destructive)
      : changes_(std::move(changes)), notes_(std::move(notes)), allow_destructive_(allow_destructive) {}

  [[nodiscard]] bool empty() const noexcept { return changes_.empty(); }
  [[nodiscard]] const std::vector<schema_change>& changes() const noexcept { return changes_; }
  /// Observations that need a person, such as a dropped and an added column of one type (a rename?).
  [[nodiscard]] const std::vector<std::string>& notes() const noexcept { return notes_; }
  /// Every data-losing step that touches at least one row.
  [[nodiscard]] std::vector<schema_change::loss> losses() const;
  /// True when a table is rebuilt: the file then carries `-- vellum: no-transaction`.
  [[nodiscard]] bool rebuilds() const;

  /// Throws destructive_change_error listing every step that would lose data, unless the plan was
  /// made with allow_destructive or loses nothing.
  void require_allowed() const;

  /// The migration file: a header comment (what changes, what data it touches), then each
  /// change's statements under a comment line. `title` is the file's name without ".sql".
  [[nodiscard]] std::string sql(std::string_view title) const;

 private:
  std::vector<schema_change> changes_;
  std::vector<std::string> notes_;
  bool allow_destructive_ = false;
};

/// A plan would lose data and allow_destructive was not given. `losses()` lists each step.
class destructive_change_error : public migration_error {
 public:
  destructive_change_error(const std::string& message, std::vector<schema_change::loss> losses)
      : migration_error(message, ""), losses_(std::move(losses)) {}
  [[nodiscard]] const std::vector<schema_change::loss>& losses() const noexcept { return losses_; }

 private:
  std::vector<schema_change::loss> losses_;
};

/// The changes that make `db` match `definitions`. Reads the database (its schema, and row
/// counts for the steps that lose data); writes nothing. Throws validation_error for a rename
/// that does not fit (its table or columns are not where the rename says).
[[nodiscard]] migration_plan plan_migration(connection& db, std::span<const table_definition> definitions,
                                            const diff_options& options = {});

}  // namespace vellum::migrate
