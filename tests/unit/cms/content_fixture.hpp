// `content_fixture`: a test store (SQLite in memory, or a fresh PostgreSQL schema when built with
// VELLUM_TEST_BACKEND_POSTGRES: cms_backend_fixture.hpp) with two users (an editor and an
// author), a `blog` collection and helpers to count rows, for the content, version and autosave
// tests.
//
//   content_fixture f;
//   auto post = f.content().create(f.editor, {.collection_id = f.blog, .title = "Hello"});
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include <vellum/cms/autosave_repository.hpp>
#include <vellum/cms/content_repository.hpp>
#include <vellum/cms/schema.hpp>
#include <vellum/cms/store.hpp>
#include <vellum/cms/version_repository.hpp>

#include "cms_backend_fixture.hpp"

namespace content_tests {

namespace cms = vellum::cms;
using json = nlohmann::json;

/// A collection schema with a required string `body` and a number `count`. Both spellings of
/// "required" (per field and JSON-Schema's list) are given, so the test does not depend on
/// which one the validator reads.
inline json strict_schema(bool validate_drafts) {
  json schema = {{"properties",
                  {{"body", {{"type", "string"}, {"required", true}}}, {"count", {{"type", "number"}}}}},
                 {"required", json::array({"body"})}};
  if (validate_drafts) schema["validateDrafts"] = true;
  return schema;
}

/// A schema that takes any data: no declared field, unknown fields allowed.
inline json open_schema() { return {{"properties", json::object()}, {"additionalProperties", true}}; }

inline cms::user make_user(const std::string& id, cms::user_role role) {
  cms::user u;
  u.id = id;
  u.email = id + "@example.com";
  u.username = id;
  u.role = role;
  return u;
}

struct content_fixture {
  cms_backend::test_store ms;
  cms::actor editor = cms::actor::user("u-editor");
  cms::actor author = cms::actor::user("u-author");
  cms::actor job = cms::actor::system("importer");
  std::string blog;

  content_fixture() {
    ms.db().insert(make_user("u-editor", cms::user_role::editor));
    ms.db().insert(make_user("u-author", cms::user_role::author));
    blog = add_collection("blog");
  }

  // The backend's types (cms::store and cms::content_repository on SQLite, their pg_ twins on
  // PostgreSQL) are left to the compiler.
  auto& store() { return ms.store(); }
  auto content() { return ms.store().content(); }
  auto versions() { return ms.store().versions(); }
  auto autosaves() { return ms.store().autosaves(); }
  auto& db() { return ms.db(); }
  std::string dump() { return cms_backend::dump(ms.db()); }

  std::string add_collection(const std::string& name, json schema = open_schema(),
                             std::int64_t max_versions = 100, bool active = true) {
    cms::collection c;
    c.id = "c-" + name;
    c.name = name;
    c.display_name = name;
    c.schema = std::move(schema);
    c.is_active = active;
    c.max_versions = max_versions;
    c.created_at = ms.now();
    c.updated_at = ms.now();
    ms.db().insert(c);
    return c.id;
  }

  /// A draft in `blog` with the given title (slug derived) and data.
  cms::content post(const std::string& title, json data = json::object()) {
    return content().create(editor, {.collection_id = blog, .title = title, .data = std::move(data)});
  }

  /// A scheduled action on `content_id` at `at` by the editor.
  void schedule(const std::string& id, const std::string& content_id, cms::schedule_action action,
                vellum::unix_millis at, cms::schedule_status status = cms::schedule_status::pending,
                std::optional<std::int64_t> version = std::nullopt) {
    cms::scheduled_content row;
    row.id = id;
    row.content_id = content_id;
    row.action = action;
    row.scheduled_at = at;
    row.user_id = "u-editor";
    row.status = status;
    row.created_at = ms.now();
    row.version = version;
    ms.db().insert(row);
  }
  void comment(const std::string& id, const std::string& content_id, const std::string& user_id,
               std::optional<std::string> parent_id = std::nullopt) {
    cms::comment row;
    row.id = id;
    row.content_id = content_id;
    row.user_id = user_id;
    row.parent_id = std::move(parent_id);
    row.content = "a comment";
    ms.db().insert(row);
  }

  template <class Row>
  std::int64_t count() {
    return ms.db().select(vellum::count()).from<Row>().one().value_or(-1);
  }
  std::int64_t versions_of(const std::string& id) {
    return ms.db()
        .select(vellum::count())
        .from<cms::content_version>()
        .where(vellum::col<&cms::content_version::content_id> == id)
        .one()
        .value_or(-1);
  }
  std::vector<cms::audit_event> audit_of(const std::string& id) {
    return ms.db()
        .select<cms::audit_event>()
        .where(vellum::col<&cms::audit_event::entity_id> == id)
        .order_by(vellum::col<&cms::audit_event::at>, vellum::col<&cms::audit_event::id>)
        .all();
  }
};

}  // namespace content_tests
