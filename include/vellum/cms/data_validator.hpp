// Validating content data against its collection's schema (CR-8): every failing field is
// reported, by path, with every message, so an editor sees all problems at once.
//
//   auto errors = cms::validate_content_data(collection.schema, data);
//   if (!errors.empty()) throw vellum::validation_error("content data is invalid", errors);
#pragma once

#include <nlohmann/json.hpp>

#include "vellum/core/error.hpp"

namespace vellum::cms {

/// Field path → messages for every rule `data` breaks; empty when valid. The schema format is
/// described in docs/repositories.md ("Collection schemas").
[[nodiscard]] validation_error::field_errors validate_content_data(const nlohmann::json& schema,
                                                                   const nlohmann::json& data);

}  // namespace vellum::cms
