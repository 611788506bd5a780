// Where each item stands in its workflow: `content_workflow_status` (current state, approved
// version, assignee) and `workflow_history`, the append-only trail of what happened (WR-6).
//
//   auto trail = db.select<workflow_history>().where(col<&workflow_history::content_id> == id)
//                    .order_by(col<&workflow_history::created_at>, col<&workflow_history::id>).all();
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "vellum/cms/schema/collections.hpp"
#include "vellum/cms/schema/content.hpp"
#include "vellum/cms/schema/users.hpp"
#include "vellum/cms/schema/workflow.hpp"
#include "vellum/core/enum_names.hpp"
#include "vellum/core/time.hpp"
#include "vellum/schema/table.hpp"

namespace vellum::cms {

/// What a history row records: entering the initial state on create (WR-3), a transition
/// (WR-4), a restored version (VR-7), an assignment (WR-10).
enum class history_action { enter, transition, version_restored, assigned };
constexpr auto vellum_enum_names(tag<history_action>) {
  return enum_names<history_action>({{history_action::enter, "enter"},
                                     {history_action::transition, "transition"},
                                     {history_action::version_restored, "version_restored"},
                                     {history_action::assigned, "assigned"}});
}

struct workflow_history {
  std::string id{};
  std::string content_id{};
  std::string workflow_id{};
  std::optional<std::string> from_state_id{};
  std::string to_state_id{};
  std::string user_id{};
  std::optional<std::string> comment{};
  std::optional<nlohmann::json> metadata{};
  unix_millis created_at{};
  std::int64_t version = 1;  // the head version number at the time
  history_action action = history_action::transition;
};

constexpr auto vellum_table(tag<workflow_history>) {
  return table<workflow_history>(
             "workflow_history",
             column(&workflow_history::id, "id").primary_key(),
             column(&workflow_history::content_id, "content_id")
                 .references<&content::id>()
                 .on_delete(fk_action::cascade),
             column(&workflow_history::workflow_id, "workflow_id")
                 .references<&workflow::id>()
                 .on_delete(fk_action::restrict),
             column(&workflow_history::from_state_id, "from_state_id")
                 .references<&workflow_state::id>()
                 .on_delete(fk_action::restrict),
             column(&workflow_history::to_state_id, "to_state_id")
                 .references<&workflow_state::id>()
                 .on_delete(fk_action::restrict),
             column(&workflow_history::user_id, "user_id").references<&user::id>().on_delete(fk_action::restrict),
             column(&workflow_history::comment, "comment"),
             column(&workflow_history::metadata, "metadata")
                 .check(per_dialect{.sqlite = "metadata IS NULL OR json_valid(metadata)"}),
             column(&workflow_history::created_at, "created_at").default_now(),
             column(&workflow_history::version, "version").check("version >= 1"),
             column(&workflow_history::action, "action").default_value(history_action::transition))
      .strict()
      .index("idx_workflow_history_content", &workflow_history::content_id, &workflow_history::created_at,
             &workflow_history::id)
      .index("idx_workflow_history_user", &workflow_history::user_id)
      .relation<one<"content", &workflow_history::content_id, &content::id>>()
      .relation<one<"user", &workflow_history::user_id, &user::id>>()
      .relation<one<"from_state", &workflow_history::from_state_id, &workflow_state::id>>()
      .relation<one<"to_state", &workflow_history::to_state_id, &workflow_state::id>>();
}

struct content_workflow_status {
  std::string id{};
  std::string content_id{};
  std::string workflow_id{};
  std::string current_state_id{};
  std::optional<std::int64_t> approved_version{};  // what an approval covered (WR-8)
  std::optional<std::string> assigned_to{};
  std::optional<unix_millis> due_date{};
  unix_millis created_at{};
  unix_millis updated_at{};
};

constexpr auto vellum_table(tag<content_workflow_status>) {
  return table<content_workflow_status>(
             "content_workflow_status",
             column(&content_workflow_status::id, "id").primary_key(),
             column(&content_workflow_status::content_id, "content_id")
                 .references<&content::id>()
                 .on_delete(fk_action::cascade),
             column(&content_workflow_status::workflow_id, "workflow_id")
                 .references<&workflow::id>()
                 .on_delete(fk_action::restrict),
             column(&content_workflow_status::current_state_id, "current_state_id")
                 .references<&workflow_state::id>()
                 .on_delete(fk_action::restrict),
             column(&content_workflow_status::approved_version, "approved_version").check("approved_version >= 1"),
             column(&content_workflow_status::assigned_to, "assigned_to")
                 .references<&user::id>()
                 .on_delete(fk_action::set_null),
             column(&content_workflow_status::due_date, "due_date"),
             column(&content_workflow_status::created_at, "created_at").default_now(),
             column(&content_workflow_status::updated_at, "updated_at").default_now())
      .strict()
      .unique(&content_workflow_status::content_id, &content_workflow_status::workflow_id)
      .index("idx_content_workflow_status_workflow_state", &content_workflow_status::workflow_id,
             &content_workflow_status::current_state_id)
      .index("idx_content_workflow_status_assigned", &content_workflow_status::assigned_to)
      .relation<one<"content", &content_workflow_status::content_id, &content::id>>()
      .relation<one<"workflow", &content_workflow_status::workflow_id, &workflow::id>>()
      .relation<one<"state", &content_workflow_status::current_state_id, &workflow_state::id>>()
      .relation<one<"assignee", &content_workflow_status::assigned_to, &user::id>>();
}

}  // namespace vellum::cms
