// `migration`: one schema change as the runner sees it, whatever its source (a folder, a
// drizzle-kit folder, a bundle compiled into the program). Ids are digit strings compared as
// numbers, so "2" < "010" and "001" names the same migration as "1".
//
//   vellum::migrate::migration m{"003", "add_tags", "003_add_tags.sql", sql, down_sql, checksum};
//   if (m.no_transaction()) …   // the file starts with `-- vellum: no-transaction`
#pragma once

#include <compare>
#include <string>
#include <string_view>
#include <vector>

namespace vellum::migrate {

struct migration {
  std::string id;        // "003": the file's leading number
  std::string name;      // "add_tags": the rest of the file name
  std::string filename;  // "003_add_tags.sql"
  std::string sql;       // the file's text, as read
  std::string down_sql;  // "003_add_tags.down.sql", empty when there is none
  std::string checksum;  // SHA-256 of the file's bytes, lowercase hex

  /// True when a `.down.sql` file (with content) belongs to this migration.
  [[nodiscard]] bool has_down() const noexcept { return !down_sql.empty(); }
  /// True when the header comment holds `-- vellum: no-transaction` (see docs/migrations.md).
  [[nodiscard]] bool no_transaction() const;
};

/// True when the comments before the first statement of `sql` hold a line
/// `-- vellum: no-transaction` (spaces and letter case aside).
[[nodiscard]] bool has_no_transaction_directive(std::string_view sql);

/// True when `id` is a non-empty run of ASCII digits.
[[nodiscard]] bool is_migration_id(std::string_view id) noexcept;

/// Orders two migration ids by their numeric value ("9" < "010"); equal values compare equal
/// whatever their leading zeros. Both must satisfy is_migration_id().
[[nodiscard]] std::strong_ordering compare_migration_ids(std::string_view a, std::string_view b) noexcept;

/// Sorts `set` by id; throws vellum::validation_error when an id is not a number, two
/// migrations share an id ("001" and "1" included), or a name or file name is empty.
void order_migrations(std::vector<migration>& set);

}  // namespace vellum::migrate
