#include "vellum/cms/canonical_json.hpp"

#include "vellum/core/sha256.hpp"

namespace vellum::cms {

std::string canonical_json(const nlohmann::json& value) { return value.dump(); }

std::string canonical_hash(const nlohmann::json& value) { return sha256_hex(canonical_json(value)); }

}  // namespace vellum::cms
