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

cms::collection seed_collection(memory_store& ms, cms::new_collection input) {
  if (input.name.empty()) {
    const auto collections = ms.db().select(vellum::count()).from<cms::collection>().one().value_or(0);
    input.name = "collection" + std::to_string(collections + 1);
  }
  if (input.display_name.empty()) input.display_name = input.name;
  if (input.schema.is_object() && !input.schema.contains("additionalProperties")) {
    const auto properties = input.schema.find("properties");
    if (properties != input.schema.end() && properties->is_object() && properties->empty())
      input.schema["additionalProperties"] = true;
  }
  return ms.store().collections().create(seed_actor(), input);
}

cms::content seed_content(memory_store& ms, cms::content_input input) {
  if (input.collection_id.empty())
    throw validation_error("seed_content: name the collection",
                           {{"collection_id", {"is required: seed_collection() first"}}});
  if (input.title.empty()) {
    const auto items = ms.db().select(vellum::count()).from<cms::content>().one().value_or(0);
    input.title = "Item " + std::to_string(items + 1);
  }
  return ms.store().content().create(seed_actor(), input);
}

}  // namespace vellum::testing
