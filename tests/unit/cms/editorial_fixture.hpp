// `editorial_fixture`: content_fixture's store with one user of each role (two editors, for
// four-eyes review), the open `blog` collection and a `strict` one whose items need a string
// `body` to be published, for the permission, workflow and schedule tests.
//
//   editorial_fixture f;
//   auto post = f.post("Hello");                      // a draft by the author, in `blog`
//   f.workflows().transition(f.author, post.id, "pending-review");
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <vellum/cms/content_repository.hpp>
#include <vellum/cms/permission_service.hpp>
#include <vellum/cms/schedule_repository.hpp>
#include <vellum/cms/schema.hpp>
#include <vellum/cms/store.hpp>
#include <vellum/cms/workflow_repository.hpp>
#include <vellum/testing/database_dump.hpp>
#include <vellum/testing/memory_store.hpp>

#include "content_fixture.hpp"

namespace editorial_tests {

namespace cms = vellum::cms;
using json = nlohmann::json;
using content_tests::make_user;

inline cms::user retired_user(const std::string& id, cms::user_role role) {
  cms::user u = make_user(id, role);
  u.is_active = false;
  return u;
}

/// content_fixture's editor, author and `blog`, plus an admin, a second editor, a viewer, a
/// deactivated editor and the `strict` collection.
struct editorial_fixture : content_tests::content_fixture {
  cms::actor admin = cms::actor::user("u-admin");
  cms::actor reviewer = cms::actor::user("u-reviewer");  // a second editor
  cms::actor viewer = cms::actor::user("u-viewer");
  cms::actor retired = cms::actor::user("u-retired");  // a deactivated editor
  std::string strict;

  editorial_fixture() {
    ms.db().insert(make_user("u-admin", cms::user_role::admin));
    ms.db().insert(make_user("u-reviewer", cms::user_role::editor));
    ms.db().insert(make_user("u-viewer", cms::user_role::viewer));
    ms.db().insert(retired_user("u-retired", cms::user_role::editor));
    strict = add_collection("strict", content_tests::strict_schema(false));  // a string `body` to publish
  }

  auto workflows() { return ms.store().workflows(); }
  auto schedules() { return ms.store().schedules(); }
  auto permissions() { return ms.store().permissions(); }

  /// A draft in `collection` (default `blog`) written by `who` (default the author).
  cms::content post(const std::string& title, json data = json::object(), const cms::actor* who = nullptr,
                    const std::string& collection = {}) {
    return content().create(who ? *who : author, {.collection_id = collection.empty() ? blog : collection,
                                                  .title = title,
                                                  .data = std::move(data)});
  }

  /// Walks a draft to `approved` in the default workflow: submitted by its author, approved by
  /// the reviewer.
  void approve(const cms::content& item, const cms::actor& submitter) {
    workflows().transition(submitter, item.id, "pending-review");
    workflows().transition(reviewer, item.id, "approved");
  }

  std::string state_of(const std::string& id) { return workflows().status(id).current_state_id; }

  std::int64_t audit_count(const std::string& id, const std::string& action) {
    std::int64_t n = 0;
    for (const auto& e : audit_of(id)) n += e.action == action;
    return n;
  }
};

}  // namespace editorial_tests
