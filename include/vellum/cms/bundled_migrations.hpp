// The CMS schema's migrations (the SQL files of `migrations/`), compiled into the library by
// `vellum_embed_migrations` so a program needs no migration files at run time. Defined only when
// the library was built with `migrations/001_initial_schema.sql` present.
//
//   vellum::migrate::migration_runner runner{db,
//   vellum::migrate::load_embedded(vellum::cms::detail::bundled_migrations())};
#pragma once

#include <span>

#include "vellum/migrate/embedded_migration.hpp"

namespace vellum::cms::detail {

[[nodiscard]] std::span<const vellum::migrate::embedded_migration> bundled_migrations();

}  // namespace vellum::cms::detail
