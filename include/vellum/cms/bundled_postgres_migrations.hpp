// The CMS schema's PostgreSQL migrations (the SQL files of `migrations/postgres/`), compiled into
// the vellum::postgres library by `vellum_embed_migrations`, as bundled_migrations() holds the
// SQLite ones. Defined only when vellum was built with VELLUM_POSTGRES.
//
//   vellum::pg::migration_runner runner{db,
//   vellum::migrate::load_embedded(vellum::cms::detail::bundled_postgres_migrations())};
#pragma once

#include <span>

#include "vellum/migrate/embedded_migration.hpp"

namespace vellum::cms::detail {

[[nodiscard]] std::span<const vellum::migrate::embedded_migration> bundled_postgres_migrations();

}  // namespace vellum::cms::detail
