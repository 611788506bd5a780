// `workflow_repository`: editorial workflows (WR-1…WR-13). A workflow is a set of edges between
// shared states; each collection uses one (its own or `default`, WR-3). `transition` moves an
// item along an edge the actor may take, applying the target state's effect (publish, unpublish,
// archive) through the content repository; an approval records the version it covers and the
// publish effect publishes exactly that version (WR-8). Every mutation is one transaction with
// a history row (WR-6) and an audit event. docs/repositories.md, "Workflow", has the details.
//
//   auto wf = store.workflows();
//   wf.transition(author, id, "pending-review");
//   wf.transition(editor, id, "approved", "looks good");   // not the author: four-eyes (WR-9)
//   wf.transition(editor, id, "published");                // publishes the approved version
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/cms/actor.hpp"
#include "vellum/cms/schema/content.hpp"
#include "vellum/cms/schema/content_workflow.hpp"
#include "vellum/cms/schema/workflow.hpp"
#include "vellum/core/error.hpp"
#include "vellum/core/time.hpp"

namespace vellum {
class connection;
}

namespace vellum::cms {

template <class Conn>
class basic_store;

inline constexpr std::size_t max_workflow_comment_length = 2000;  // characters

/// A state a definition uses. States are shared by all workflows: an id that exists must be
/// given with its stored is_initial, is_final and effect (or only named in an edge); a new id
/// creates the state.
struct workflow_state_definition {
  std::string id{};  // lower-case letters, digits and `-`, at most 64
  std::string name{};
  std::optional<std::string> description{};
  std::string color = "#6B7280";
  bool is_initial = false;
  bool is_final = false;
  std::optional<state_effect> effect{};
};

/// One edge of a definition.
struct workflow_edge {
  std::string from{};
  std::string to{};
  std::optional<std::string> required_permission{};  // a permission name; absent = anyone
  bool independent_review = false;                    // WR-9: not for the head version's author
};

/// What define() and validate() take.
struct workflow_definition {
  std::string id{};  // empty: a new id
  std::string name{};
  std::optional<std::string> description{};
  std::optional<std::string> collection_id{};  // the owning collection; absent = shared
  std::vector<workflow_state_definition> states{};  // new states, or existing ones restated
  std::vector<workflow_edge> transitions{};
};

/// Where an item stands, and what the last change did.
struct transition_result {
  content item{};                  // after the transition and its effects
  content_workflow_status status{};
  workflow_history entry{};        // the history row written
};

template <class Conn>
class basic_workflow_repository {
 public:
  explicit basic_workflow_repository(basic_store<Conn>& s) noexcept : store_(&s) {}

  // --- definitions ----------------------------------------------------------------------------
  /// WR-1's problems with `definition`, every one, by path (`name`, `states[1].color`,
  /// `transitions[2].to`, `initial`, `reachable`, `dead_ends`); empty when valid.
  [[nodiscard]] validation_error::field_errors validate(const workflow_definition& definition) const;
  /// Stores a new workflow with its new states and its edges. Needs workflow.manage (forbidden);
  /// validation_error (WR-1); conflict{"id"} when the id is taken.
  workflow define(const actor& who, const workflow_definition& definition);
  /// The stored definition of a workflow: every state its edges name, and its edges (not_found).
  [[nodiscard]] workflow_definition definition(std::string_view workflow_id) const;
  [[nodiscard]] workflow get(std::string_view workflow_id) const;
  /// The workflow a collection uses: its bound one, or `default` (WR-3).
  [[nodiscard]] workflow for_collection(std::string_view collection_id) const;
  /// Binds a collection to a workflow (absent: the default again). Needs workflow.manage; the
  /// workflow must be active and shared or the collection's own. Items enter the new workflow's
  /// initial state at their next transition.
  collection bind(const actor& who, std::string_view collection_id, std::optional<std::string> workflow_id);

  // --- items ------------------------------------------------------------------------------------
  /// The item's position in its collection's workflow (not persisted yet when the collection was
  /// rebound since the item's last transition: then the initial state).
  [[nodiscard]] content_workflow_status status(std::string_view content_id) const;
  /// The item's history, oldest first (WR-6).
  [[nodiscard]] std::vector<workflow_history> history(std::string_view content_id) const;
  /// The edges transition() would accept now for `who` (WR-5): from the current state, allowed
  /// by the edge's permission and WR-9, and whose target's effect would succeed.
  [[nodiscard]] std::vector<workflow_transition> available_transitions(const actor& who,
                                                                       std::string_view content_id) const;
  /// Moves the item to `to_state` (WR-4): invalid_transition without an edge from the current
  /// state; forbidden without the edge's permission or against WR-9; the effect's errors
  /// (validation_error on publish, WR-7) roll everything back. conflict{"revision"} (GX-3).
  transition_result transition(const actor& who, std::string_view content_id, std::string_view to_state,
                               std::optional<std::string> comment = std::nullopt,
                               std::optional<std::int64_t> expected_revision = std::nullopt);
  /// Assigns the item to an active user, with an optional due date (WR-10); absent user clears
  /// the assignment. Needs workflow.assign (forbidden).
  transition_result assign(const actor& who, std::string_view content_id, std::optional<std::string> user_id,
                           std::optional<unix_millis> due = std::nullopt,
                           std::optional<std::int64_t> expected_revision = std::nullopt);

 private:
  basic_store<Conn>* store_;
};

extern template class basic_workflow_repository<connection>;
using workflow_repository = basic_workflow_repository<connection>;

}  // namespace vellum::cms
