// Seed helpers for tests: create users, collections and content in a `memory_store` through the same repositories an application uses, so a seed is
// validated (vellum::validation_error on bad input), audited, and stamped with the store's
// clock. Members left empty get a valid default, so a test names only what it cares about.
//
//   auto ms = vellum::testing::memory_store();
//   auto erin = vellum::testing::seed_user(ms, {.username = "erin", .role = cms::user_role::editor});
//   auto anon = vellum::testing::seed_user(ms);  // user1@example.com, username user1, viewer
//   auto posts = vellum::testing::seed_collection(ms, {.name = "posts"});  // accepts any data
//   auto post = vellum::testing::seed_content(ms, {.collection_id = posts.id, .data = {{"body", "…"}},
//                                                  .author_id = erin.id});
#pragma once

#include "vellum/cms/collections_repository.hpp"
#include "vellum/cms/content_repository.hpp"
#include "vellum/cms/users_repository.hpp"
#include "vellum/testing/memory_store.hpp"

namespace vellum::testing {

/// The actor every seed helper acts as: `system:seed`.
[[nodiscard]] cms::actor seed_actor();

/// Creates a user with users().create(). An empty username becomes `user<N>` (N = the number
/// of users + 1), an empty email `<username>@example.com`.
cms::user seed_user(memory_store& ms, cms::new_user input = {});

/// Creates a collection with collections().create(). An empty name becomes `collection<N>`, an
/// empty display name the name. A schema without fields (new_collection's default) gets
/// `"additionalProperties": true`, so a seeded collection accepts any data until a test gives
/// it a schema.
cms::collection seed_collection(memory_store& ms, cms::new_collection input = {});

/// Creates a content item with content().create(): version 1, a draft, in the collection's
/// workflow. `collection_id` is required (validation_error otherwise); `author_id` too, since
/// seeds act as a system job; an empty title becomes `Item <N>` (N = the number of items + 1).
cms::content seed_content(memory_store& ms, cms::content_input input);

}  // namespace vellum::testing
