#include "vellum/cms/collection_definition.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <string_view>
#include <system_error>

#include "vellum/cms/schema/collections.hpp"
#include "vellum/core/error.hpp"

namespace vellum::cms {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using field_errors = validation_error::field_errors;

constexpr std::string_view json_suffix = ".json";
constexpr std::array<std::string_view, 6> members = {"name",         "display_name", "description",
                                                     "schema",       "max_versions", "workflow_id"};

/// "display_name: must be a string; max_versions: must be an integer" — one line for a file.
std::string one_line(const field_errors& errors) {
  std::string text;
  for (const auto& [field, messages] : errors)
    for (const auto& message : messages) text += (text.empty() ? "" : "; ") + field + ": " + message;
  return text;
}

/// nlohmann's "[json.exception.parse_error.101] parse error at line 2, …" without the bracketed id.
std::string parse_message(const json::exception& e) {
  const std::string_view what = e.what();
  const auto close = what.find("] ");
  return std::string(close == std::string_view::npos ? what : what.substr(close + 2));
}

std::optional<std::string> optional_text(const json& object, const char* key, field_errors& errors) {
  if (!object.contains(key) || object[key].is_null()) return std::nullopt;
  if (!object[key].is_string()) {
    errors[key].push_back("must be a string");
    return std::nullopt;
  }
  return object[key].get<std::string>();
}

}  // namespace

collection_definition definition_of(const collection& c) {
  return {.name = c.name,
          .display_name = c.display_name,
          .description = c.description,
          .schema = c.schema,
          .max_versions = c.max_versions,
          .workflow_id = c.workflow_id};
}

json to_json(const collection_definition& d) {
  json out = {
      {"name", d.name}, {"display_name", d.display_name}, {"schema", d.schema}, {"max_versions", d.max_versions}};
  if (d.description && !d.description->empty()) out["description"] = *d.description;
  if (d.workflow_id && !d.workflow_id->empty()) out["workflow_id"] = *d.workflow_id;
  return out;
}

collection_definition collection_definition_from_json(const json& object, const std::string& name) {
  if (!object.is_object())
    throw validation_error("collection definition '" + name + "': must be a JSON object",
                           {{"definition", {"must be a JSON object"}}});
  field_errors errors;
  for (const auto& [key, value] : object.items())
    if (std::find(members.begin(), members.end(), key) == members.end())
      errors[key].push_back("is not a member of a collection definition (name, display_name, description, "
                            "schema, max_versions, workflow_id)");

  collection_definition d;
  d.name = name;
  if (const auto given = optional_text(object, "name", errors); given && *given != name)
    errors["name"].push_back("is '" + *given + "' but the file is named after '" + name +
                             "': a definition's file is <name>.json");
  d.display_name = optional_text(object, "display_name", errors).value_or("");
  d.description = optional_text(object, "description", errors);
  d.workflow_id = optional_text(object, "workflow_id", errors);
  if (object.contains("schema")) d.schema = object["schema"];  // its shape is CS-2's business
  if (object.contains("max_versions")) {
    const auto& v = object["max_versions"];
    if (v.is_number_integer()) d.max_versions = v.get<std::int64_t>();
    else errors["max_versions"].push_back("must be an integer");
  }
  if (!errors.empty()) throw validation_error("collection definition '" + name + "': " + one_line(errors), errors);
  return d;
}

collection_definition_folder load_collection_definitions(const fs::path& dir) {
  const auto refuse = [&](const std::string& problem) {
    throw validation_error("collection definitions: " + dir.string() + " " + problem, {{dir.string(), {problem}}});
  };
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) refuse("is not a folder");

  collection_definition_folder folder;
  try {
    for (const auto& entry : fs::directory_iterator(dir)) {
      const std::string filename = entry.path().filename().string();
      if (!entry.is_regular_file() || filename.starts_with('.') || !filename.ends_with(json_suffix)) continue;
      std::string name = filename.substr(0, filename.size() - json_suffix.size());
      const std::string file = entry.path().string();
      std::ifstream in(entry.path(), std::ios::binary);
      if (!in) {
        folder.unusable.push_back({std::move(name), file, "cannot be read"});
        continue;
      }
      try {
        folder.definitions.push_back(collection_definition_from_json(json::parse(in), name));
      } catch (const json::exception& e) {
        folder.unusable.push_back({std::move(name), file, "is not valid JSON: " + parse_message(e)});
      } catch (const validation_error& e) {
        folder.unusable.push_back({std::move(name), file, one_line(e.fields())});
      }
    }
  } catch (const fs::filesystem_error& e) {
    refuse(std::string("cannot be read: ") + e.code().message());
  }
  const auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
  std::sort(folder.definitions.begin(), folder.definitions.end(), by_name);
  std::sort(folder.unusable.begin(), folder.unusable.end(), by_name);
  return folder;
}

}  // namespace vellum::cms
