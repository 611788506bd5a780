// `collection_definition`: what collection sync (CS-1) takes for one collection, and its file
// form, one JSON object per `<name>.json` in a folder ("Collection sync" in
// docs/repositories.md). A definition is the whole desired state of a managed collection: a
// member it leaves out means that member's default, never "keep what the database has".
//
//   auto folder = cms::load_collection_definitions("collections/");   // posts.json, pages.json…
//   auto report = store.collections().sync(cms::actor::system("deploy"), folder);
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "vellum/cms/collection_schema.hpp"

namespace vellum::cms {

struct collection;

struct collection_definition {
  std::string name{};          // ^[a-z][a-z0-9_]*$; identifies the collection across syncs
  std::string display_name{};  // non-empty, at most 200 characters
  std::optional<std::string> description{};  // absent or empty: none
  nlohmann::json schema = empty_collection_schema();
  std::int64_t max_versions = 100;           // version retention, 0 = unlimited (VR-10)
  std::optional<std::string> workflow_id{};  // absent or empty: the default workflow (WR-3)
};

/// The definition a stored collection corresponds to (what sync compares a definition with).
[[nodiscard]] collection_definition definition_of(const collection& c);

/// The file form: `{"name", "display_name", "description", "schema", "max_versions",
/// "workflow_id"}`, absent and empty optional members left out, so equal definitions give
/// equal JSON and therefore equal canonical hashes (CS-3).
[[nodiscard]] nlohmann::json to_json(const collection_definition& definition);

/// Reads the file form. `name` is the collection the file is named after: the object's
/// `"name"` may be left out, and must equal it when given. validation_error for a member of the
/// wrong JSON type, an unknown member or a mismatched name, with the member as the field;
/// whether the values make a valid collection is checked by sync (CS-2).
[[nodiscard]] collection_definition collection_definition_from_json(const nlohmann::json& object,
                                                                    const std::string& name);

/// A folder of definitions as read from disk, each list ordered by name. A file that cannot be
/// used (unreadable, not JSON, not a definition) is not a definition but still names its
/// collection, so sync reports it as that collection's error and does not deactivate it.
struct collection_definition_folder {
  struct unusable_file {
    std::string name;     // the collection: the file name without `.json`
    std::string file;     // the path
    std::string message;  // what is wrong, e.g. "is not valid JSON: … at line 3, column 5"
  };
  std::vector<collection_definition> definitions{};
  std::vector<unusable_file> unusable{};
};

/// Reads every `*.json` regular file directly in `dir` (other files, sub-folders and names
/// starting with `.` are ignored). validation_error naming `dir` when it is not a readable
/// folder; problems of single files become `unusable` entries, never an exception.
[[nodiscard]] collection_definition_folder load_collection_definitions(const std::filesystem::path& dir);

}  // namespace vellum::cms
