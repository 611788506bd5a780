#include "vellum/testing/seed.hpp"

#include "vellum/query/aggregate.hpp"

namespace vellum::testing {

cms::actor seed_actor() { return cms::actor::system("seed"); }

cms::user seed_user(memory_store& ms, cms::new_user input) {
  if (input.username.empty()) {
    const auto users = ms.db().select(vellum::count()).from<cms::user>().one().value_or(0);
    input.username = "user" + std::to_string(users + 1);
  }
  if (input.email.empty()) input.email = input.username + "@example.com";
  return ms.store().users().create(seed_actor(), input);
}

}  // namespace vellum::testing
