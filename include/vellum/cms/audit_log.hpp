// Appending to `audit_events` (GX-7): every repository mutation records who did what to which
// entity, inside the mutation's own transaction, so a rolled-back change leaves no audit row.
//
//   cms::append_audit(store, who, "content.publish", "content", id, {{"version", 3}});
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "vellum/cms/actor.hpp"

namespace vellum {
class connection;
}

namespace vellum::cms {

template <class Conn>
class basic_store;

/// Inserts one audit event stamped with the store's clock; `data` NULL for data-free events.
template <class Conn>
void append_audit(basic_store<Conn>& s, const actor& who, std::string_view action, std::string_view entity_type,
                  std::string_view entity_id, std::optional<nlohmann::json> data = std::nullopt);

extern template void append_audit(basic_store<connection>&, const actor&, std::string_view, std::string_view,
                                  std::string_view, std::optional<nlohmann::json>);

}  // namespace vellum::cms
