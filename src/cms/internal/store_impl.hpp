// basic_store<Conn>'s members: instantiated for SQLite in src/cms/store.cpp and for PostgreSQL in
// src/cms/pg_store.cpp.
#pragma once

#include "vellum/cms/store.hpp"

#include "cms_backend.hpp"
#include "vellum/core/random.hpp"
#include "vellum/core/error.hpp"
#include "vellum/migrate/migration_runner.hpp"
#include "vellum/migrate/migration_source.hpp"

namespace vellum::cms {

template <class Conn>
basic_store<Conn>::basic_store(database_type& db, store_options options) : db_(&db), options_(std::move(options)) {
  if (options_.migrate) {
    migrate::runner_options runner_options;
    runner_options.clock = options_.clock;
    migrate::basic_migration_runner<Conn> runner{db, migrate::load_embedded(internal::cms_backend<Conn>::migrations()),
                                                 runner_options};
    runner.up();
  }
  if (options_.cache) {
    if constexpr (internal::cms_backend<Conn>::has_query_cache) {
      cache_ = std::make_shared<query_cache>(db, *options_.cache);
    } else {
      throw validation_error("the delivery-read cache is SQLite-only",
                             {{"cache", {"is not available on PostgreSQL: leave store_options::cache empty"}}});
    }
  }
}

template <class Conn>
std::string basic_store<Conn>::new_id() const {
  return options_.new_id ? options_.new_id() : random_uuid();
}

}  // namespace vellum::cms
