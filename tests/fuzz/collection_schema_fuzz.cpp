// libFuzzer target: the collection-schema validator and, for a schema it accepts, the content
// data validator. Input: a JSON schema, optionally followed by a NUL byte and JSON data.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "vellum/cms/collection_schema.hpp"
#include "vellum/cms/data_validator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto split = input.find('\0');
  const auto schema = nlohmann::json::parse(input.substr(0, split), nullptr, false);
  if (schema.is_discarded()) return 0;
  const auto errors = vellum::cms::validate_collection_schema(schema, [](std::string_view n) { return n == "posts"; });
  if (!errors.empty() || split == std::string_view::npos) return 0;
  const auto value = nlohmann::json::parse(input.substr(split + 1), nullptr, false);
  if (value.is_discarded()) return 0;
  (void)vellum::cms::validate_content_data(schema, value);
  return 0;
}
