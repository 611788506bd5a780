// `ops::check_integrity` (PRAGMA integrity_check / quick_check) and `ops::check_foreign_keys`
// (PRAGMA foreign_key_check): the health checks behind `vellum doctor`.
//
//   auto r = vellum::ops::check_integrity(db, vellum::ops::integrity_level::quick);
//   if (!r.ok()) for (auto& p : r.problems) std::cerr << p << '\n';
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "vellum/core/connection.hpp"

namespace vellum::ops {

/// full reads every page and checks indexes against tables (O(N log N)); quick skips the index
/// contents (O(N)).
enum class integrity_level { full, quick };

struct integrity_report {
  std::vector<std::string> problems;  // SQLite's messages; empty when the database is sound
  [[nodiscard]] bool ok() const noexcept { return problems.empty(); }
};

/// Runs integrity_check or quick_check, reporting at most `max_problems` messages.
[[nodiscard]] integrity_report check_integrity(connection& db, integrity_level level = integrity_level::full,
                                               int max_problems = 100);

struct foreign_key_violation {
  std::string table;
  std::int64_t rowid = 0;  // 0 for a WITHOUT ROWID table
  std::string parent;      // the referenced table
};

/// Every row whose foreign key has no parent (as if foreign keys had been on all along).
[[nodiscard]] std::vector<foreign_key_violation> check_foreign_keys(connection& db);

}  // namespace vellum::ops
