// `migration_status`: where one migration stands in a database — applied, pending, changed (its
// file differs from what was applied) or unknown (applied, but missing from the source).
//
//   for (const auto& s : runner.status())
//     std::cout << s.id << ' ' << vellum::migrate::to_string(s.state) << '\n';
#pragma once

#include <optional>
#include <string>

#include "vellum/core/time.hpp"

namespace vellum::migrate {

enum class migration_state {
  applied,  // recorded in the tracking table, and the source still matches the record
  pending,  // in the source, not recorded
  changed,  // recorded, but the source's checksum or name differs from the record
  unknown,  // recorded, but not in the source (a newer program applied it, or the file is gone)
};

[[nodiscard]] const char* to_string(migration_state state) noexcept;

struct migration_status {
  std::string id;
  std::string name;      // the source's name; the recorded one for `unknown`
  std::string filename;  // likewise
  migration_state state = migration_state::pending;
  std::optional<unix_millis> applied_at;          // from the tracking row; nullopt when pending
  std::string checksum;                           // the source's; empty for `unknown`
  std::optional<std::string> recorded_checksum;   // nullopt when pending or recorded without one
  std::string detail;  // why it is `changed`, or a note such as "applied without a checksum"
};

}  // namespace vellum::migrate
