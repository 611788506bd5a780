// The comparison of one table's two models, shared by check_schema (which reports it) and
// plan_migration (which turns it into changes).
#pragma once

#include <string>
#include <vector>

#include "vellum/migrate/schema_check.hpp"
#include "vellum/migrate/schema_model.hpp"

namespace vellum::migrate::detail {

/// Appends every difference between `database` and `definitions` (one table, same name) to `out`.
void compare_table(const table_model& database, const table_model& definitions, std::vector<schema_difference>& out);

/// How `database`'s column differs from `definitions`' (empty when they agree), e.g.
/// {"type TEXT in the database, INTEGER in the definitions"}.
[[nodiscard]] std::vector<std::string> column_changes(const column_model& database, const column_model& definitions);

/// The UNIQUE constraints of a table (its automatic "u" indexes) as "(a, b)" texts, sorted.
[[nodiscard]] std::vector<std::string> unique_constraints(const table_model& table);

/// "(user_id) -> users(id) ON DELETE CASCADE": a foreign key as the reports show it.
[[nodiscard]] std::string describe(const foreign_key_model& key);

}  // namespace vellum::migrate::detail
