// The workflow step the workflow repository and the scheduler share: moving an item along an
// edge with the target state's effect (WR-4, WR-7, WR-8), and finding an edge whose target
// carries a given effect (the scheduler's path through the workflow, SC-7). Private to the library;
// defined in workflow_repository_impl.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "vellum/cms/actor.hpp"
#include "vellum/cms/workflow_repository.hpp"

namespace vellum::cms::internal {

/// WR-4 for the item `content_id`, inside the caller's transaction. `publish_version`, when
/// given, is what a publish effect publishes instead of the approved version (a scheduled
/// publish's pinned version, SC-2).
template <class Conn>
[[nodiscard]] transition_result move_item(basic_store<Conn>& s, const actor& who, std::string_view content_id,
                                          std::string_view to_state, std::optional<std::string> comment,
                                          std::optional<std::int64_t> publish_version,
                                          std::optional<std::int64_t> expected_revision);

/// The target of the first edge (by id) of the item's workflow that leaves its current state
/// for a state with `effect`; nullopt when there is none.
template <class Conn>
[[nodiscard]] std::optional<std::string> edge_target_with_effect(basic_store<Conn>& s, const content& item,
                                                                 state_effect effect);

}  // namespace vellum::cms::internal
