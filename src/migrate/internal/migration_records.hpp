// The backend-independent parts of the migration runner: the tracking table's rows, how an
// applied migration is found changed, and the wording of a failed statement. Shared by the SQLite
// and PostgreSQL runners (migration_runner.cpp, pg_migration_runner.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/migrate/migration.hpp"

namespace vellum::migrate::detail {

// One row of the tracking table.
struct recorded {
  std::string id;
  std::string name;
  std::string filename;
  std::optional<std::int64_t> applied_at_ms;
  std::optional<std::string> checksum;
};

/// Why an applied migration no longer matches its record; empty when it does.
[[nodiscard]] std::string change_of(const migration& m, const recorded& r);

[[nodiscard]] const recorded* find_record(const std::vector<recorded>& records, std::string_view id);

/// Throws validation_error when a table `migrations` lacks one of the tracking columns.
void check_tracking_columns(const std::set<std::string>& columns);

/// Throws validation_error when a recorded id is not a migration id.
void check_recorded_id(const std::string& id);

/// Whether `sql` starts (after blanks and comments) with BEGIN, COMMIT, END or ROLLBACK.
[[nodiscard]] bool ends_transaction(std::string_view sql);

/// "applying migration 003_x.sql failed at statement 2 (line 5): <why>"
[[nodiscard]] std::string statement_failure(std::string_view doing, const migration& m, std::size_t index,
                                            std::size_t line, std::string_view why);

/// The message for a statement that would end the runner's transaction.
inline constexpr std::string_view ends_transaction_message =
    "a migration may not begin, commit or roll back a transaction";

}  // namespace vellum::migrate::detail
