#include "vellum/testing/memory_store.hpp"

namespace vellum::testing {

memory_store::memory_store(memory_store_options options)
    : clock(options.start_time),
      ids(std::move(options.id_prefix)),
      db_(":memory:"),
      store_(db_, cms::store_options{.clock = [this] { return clock.now(); },
                                     .new_id = [this] { return ids.next(); },
                                     .migrate = true}) {}

}  // namespace vellum::testing
