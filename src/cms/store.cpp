#include "vellum/cms/store.hpp"

#include "vellum/cms/bundled_migrations.hpp"
#include "vellum/core/random.hpp"
#include "vellum/migrate/migration_runner.hpp"
#include "vellum/migrate/migration_source.hpp"

namespace vellum::cms {

store::store(database& db, store_options options) : db_(&db), options_(std::move(options)) {
  if (options_.migrate) {
    migrate::runner_options runner_options;
    runner_options.clock = options_.clock;
    migrate::migration_runner runner{db, migrate::load_embedded(detail::bundled_migrations()), runner_options};
    runner.up();
  }
  if (options_.cache) cache_ = std::make_shared<query_cache>(db, *options_.cache);
}

std::string store::new_id() const { return options_.new_id ? options_.new_id() : random_uuid(); }

}  // namespace vellum::cms
