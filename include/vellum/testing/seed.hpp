// Seed helpers for tests: create users, collections and content in a test store through the same
// repositories an application uses, so a seed is validated (vellum::validation_error on bad
// input), audited, and stamped with the store's clock. Members left empty get a valid default, so
// a test names only what it cares about.
//
//   auto ms = vellum::testing::memory_store();
//   auto erin = vellum::testing::seed_user(ms, {.username = "erin", .role = cms::user_role::editor});
//   auto anon = vellum::testing::seed_user(ms);  // user1@example.com, username user1, viewer
//   auto posts = vellum::testing::seed_collection(ms, {.name = "posts"});  // accepts any data
//   auto post = vellum::testing::seed_content(ms, {.collection_id = posts.id, .data = {{"body", "…"}},
//                                                  .author_id = erin.id});
//
// A test store is anything with `db()` (a vellum::database or vellum::pg::database) and `store()`
// (the CMS store on it): memory_store, or a PostgreSQL store of the test's own making.
#pragma once

#include <cstdint>
#include <string>

#include "vellum/cms/collections_repository.hpp"
#include "vellum/cms/content_repository.hpp"
#include "vellum/cms/users_repository.hpp"
#include "vellum/core/error.hpp"
#include "vellum/query/aggregate.hpp"
#include "vellum/testing/memory_store.hpp"

namespace vellum::testing {

/// What the seed helpers need of a test store.
template <class S>
concept seedable_store = requires(S& s) {
  s.db();
  s.store().users();
  s.store().collections();
  s.store().content();
};

/// The actor every seed helper acts as: `system:seed`.
[[nodiscard]] inline cms::actor seed_actor() { return cms::actor::system("seed"); }

namespace detail {
template <class Row, seedable_store S>
std::int64_t seed_count(S& ms) {
  return ms.db().select(vellum::count()).template from<Row>().one().value_or(0);
}
}  // namespace detail

/// Creates a user with users().create(). An empty username becomes `user<N>` (N = the number
/// of users + 1), an empty email `<username>@example.com`.
template <seedable_store S>
cms::user seed_user(S& ms, cms::new_user input = {}) {
  if (input.username.empty()) input.username = "user" + std::to_string(detail::seed_count<cms::user>(ms) + 1);
  if (input.email.empty()) input.email = input.username + "@example.com";
  return ms.store().users().create(seed_actor(), input);
}

/// Creates a collection with collections().create(). An empty name becomes `collection<N>`, an
/// empty display name the name. A schema without fields (new_collection's default) gets
/// `"additionalProperties": true`, so a seeded collection accepts any data until a test gives
/// it a schema.
template <seedable_store S>
cms::collection seed_collection(S& ms, cms::new_collection input = {}) {
  if (input.name.empty()) input.name = "collection" + std::to_string(detail::seed_count<cms::collection>(ms) + 1);
  if (input.display_name.empty()) input.display_name = input.name;
  if (input.schema.is_object() && !input.schema.contains("additionalProperties")) {
    const auto properties = input.schema.find("properties");
    if (properties != input.schema.end() && properties->is_object() && properties->empty())
      input.schema["additionalProperties"] = true;
  }
  return ms.store().collections().create(seed_actor(), input);
}

/// Creates a content item with content().create(): version 1, a draft, in the collection's
/// workflow. `collection_id` is required (validation_error otherwise); `author_id` too, since
/// seeds act as a system job; an empty title becomes `Item <N>` (N = the number of items + 1).
template <seedable_store S>
cms::content seed_content(S& ms, cms::content_input input) {
  if (input.collection_id.empty())
    throw validation_error("seed_content: name the collection",
                           {{"collection_id", {"is required: seed_collection() first"}}});
  if (input.title.empty()) input.title = "Item " + std::to_string(detail::seed_count<cms::content>(ms) + 1);
  return ms.store().content().create(seed_actor(), input);
}

// memory_store's seeds are compiled once, in the library.
extern template cms::user seed_user<memory_store>(memory_store&, cms::new_user);
extern template cms::collection seed_collection<memory_store>(memory_store&, cms::new_collection);
extern template cms::content seed_content<memory_store>(memory_store&, cms::content_input);

}  // namespace vellum::testing
