// The `audit_events` table (GX-7): the append-only trail of every mutation. `actor` is
// `user:<id>`, `token:<id>` or `system:<job>` (GX-4) and `entity_id` outlives its entity (a
// purged item keeps a data-free tombstone, CR-16), so neither is a foreign key.
//
//   auto trail = db.select<audit_event>().where(col<&audit_event::entity_id> == id).order_by(col<&audit_event::at>).all();
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "vellum/core/time.hpp"
#include "vellum/schema/table.hpp"

namespace vellum::cms {

struct audit_event {
  std::string id{};
  unix_millis at{};
  std::string actor{};
  std::string action{};
  std::string entity_type{};
  std::string entity_id{};
  std::optional<nlohmann::json> data{};  // NULL for data-free events such as a tombstone
};

constexpr auto vellum_table(tag<audit_event>) {
  return table<audit_event>("audit_events",
                            column(&audit_event::id, "id").primary_key(),
                            column(&audit_event::at, "at"),
                            column(&audit_event::actor, "actor"),
                            column(&audit_event::action, "action"),
                            column(&audit_event::entity_type, "entity_type"),
                            column(&audit_event::entity_id, "entity_id"),
                            column(&audit_event::data, "data")
                                .check(per_dialect{.sqlite = "data IS NULL OR json_valid(data)"}))
      .strict()
      .index("idx_audit_events_entity", &audit_event::entity_type, &audit_event::entity_id, &audit_event::at)
      .index("idx_audit_events_at", &audit_event::at)
      .index("idx_audit_events_actor", &audit_event::actor, &audit_event::at);
}

}  // namespace vellum::cms
