#include "vellum/migrate/migration_status.hpp"

namespace vellum::migrate {

const char* to_string(migration_state state) noexcept {
  switch (state) {
    case migration_state::applied: return "applied";
    case migration_state::pending: return "pending";
    case migration_state::changed: return "changed";
    case migration_state::unknown: return "unknown";
  }
  return "unknown";
}

}  // namespace vellum::migrate
