#include "vellum/testing/seed.hpp"

namespace vellum::testing {

template cms::user seed_user<memory_store>(memory_store&, cms::new_user);
template cms::collection seed_collection<memory_store>(memory_store&, cms::new_collection);
template cms::content seed_content<memory_store>(memory_store&, cms::content_input);

}  // namespace vellum::testing
