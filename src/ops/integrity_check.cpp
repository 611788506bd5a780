#include "vellum/ops/integrity_check.hpp"

#include <string>

namespace vellum::ops {

integrity_report check_integrity(connection& db, integrity_level level, int max_problems) {
  const std::string sql = std::string(level == integrity_level::full ? "PRAGMA integrity_check(" : "PRAGMA quick_check(") +
                          std::to_string(max_problems > 0 ? max_problems : 1) + ")";
  integrity_report report;
  auto st = db.prepare(sql);
  while (st.step()) {
    auto message = st.get<std::string>(0);
    if (message != "ok") report.problems.push_back(std::move(message));
  }
  return report;
}

std::vector<foreign_key_violation> check_foreign_keys(connection& db) {
  std::vector<foreign_key_violation> out;
  auto st = db.prepare("PRAGMA foreign_key_check");
  while (st.step())
    out.push_back({.table = st.get<std::string>(0),
                   .rowid = st.get<std::optional<std::int64_t>>(1).value_or(0),
                   .parent = st.get<std::string>(2)});
  return out;
}

}  // namespace vellum::ops
