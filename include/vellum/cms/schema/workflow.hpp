// The parts of an editorial workflow definition: `workflow_states` (shared by all workflows; a
// state may carry an effect on the item's status, WR-2) and `workflow_transitions` (the edges of
// one workflow, each guarded by a permission). The `workflows` row itself is in collections.hpp.
//
//   auto edges = db.select<workflow_transition>().where(col<&workflow_transition::workflow_id> == "default").all();
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "vellum/cms/schema/collections.hpp"
#include "vellum/cms/schema/permissions.hpp"
#include "vellum/core/enum_names.hpp"
#include "vellum/core/time.hpp"
#include "vellum/schema/table.hpp"

namespace vellum::cms {

/// What entering a state does to the item's status (WR-2).
enum class state_effect { publish, unpublish, archive };
constexpr auto vellum_enum_names(tag<state_effect>) {
  return enum_names<state_effect>(
      {{state_effect::publish, "publish"}, {state_effect::unpublish, "unpublish"}, {state_effect::archive, "archive"}});
}

struct workflow_state {
  std::string id{};
  std::string name{};
  std::optional<std::string> description{};
  std::string color = "#6B7280";
  bool is_initial = false;
  bool is_final = false;
  std::optional<state_effect> effect{};
  unix_millis created_at{};
};

constexpr auto vellum_table(tag<workflow_state>) {
  return table<workflow_state>(
             "workflow_states",
             column(&workflow_state::id, "id").primary_key(),
             column(&workflow_state::name, "name"),
             column(&workflow_state::description, "description"),
             column(&workflow_state::color, "color")
                 .default_value("#6B7280")
                 .check(per_dialect{.sqlite = "length(color) = 7 AND color GLOB "
                                              "'#[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]'",
                                    .postgres = "color ~ '^#[0-9A-Fa-f]{6}$'"}),
             column(&workflow_state::is_initial, "is_initial")
                 .default_value(false)
                 .check(per_dialect{.sqlite = "is_initial IN (0, 1)"}),
             column(&workflow_state::is_final, "is_final")
                 .default_value(false)
                 .check(per_dialect{.sqlite = "is_final IN (0, 1)"}),
             column(&workflow_state::effect, "effect"),
             column(&workflow_state::created_at, "created_at").default_now())
      .strict();
}

struct workflow_transition {
  std::string id{};
  std::string workflow_id{};
  std::string from_state_id{};
  std::string to_state_id{};
  std::optional<std::string> required_permission{};  // a permissions.name, e.g. content.approve
  bool auto_transition = false;
  std::optional<nlohmann::json> transition_conditions{};
  bool independent_review = false;  // the head version's author may not take this edge (WR-9)
  unix_millis created_at{};
};

constexpr auto vellum_table(tag<workflow_transition>) {
  return table<workflow_transition>(
             "workflow_transitions",
             column(&workflow_transition::id, "id").primary_key(),
             column(&workflow_transition::workflow_id, "workflow_id")
                 .references<&workflow::id>()
                 .on_delete(fk_action::cascade),
             column(&workflow_transition::from_state_id, "from_state_id")
                 .references<&workflow_state::id>()
                 .on_delete(fk_action::restrict),
             column(&workflow_transition::to_state_id, "to_state_id")
                 .references<&workflow_state::id>()
                 .on_delete(fk_action::restrict),
             // A foreign key to permissions(name), a UNIQUE column rather than the primary key.
             column(&workflow_transition::required_permission, "required_permission")
                 .references<&permission::name>()
                 .on_delete(fk_action::restrict),
             column(&workflow_transition::auto_transition, "auto_transition")
                 .default_value(false)
                 .check(per_dialect{.sqlite = "auto_transition IN (0, 1)"}),
             column(&workflow_transition::transition_conditions, "transition_conditions")
                 .check(per_dialect{.sqlite = "transition_conditions IS NULL OR json_valid(transition_conditions)"}),
             column(&workflow_transition::independent_review, "independent_review")
                 .default_value(false)
                 .check(per_dialect{.sqlite = "independent_review IN (0, 1)"}),
             column(&workflow_transition::created_at, "created_at").default_now())
      .strict()
      .unique(&workflow_transition::workflow_id, &workflow_transition::from_state_id,
              &workflow_transition::to_state_id)
      .check("from_state_id <> to_state_id")
      .relation<one<"workflow", &workflow_transition::workflow_id, &workflow::id>>()
      .relation<one<"from_state", &workflow_transition::from_state_id, &workflow_state::id>>()
      .relation<one<"to_state", &workflow_transition::to_state_id, &workflow_state::id>>()
      .relation<one<"permission", &workflow_transition::required_permission, &permission::name>>();
}

}  // namespace vellum::cms
