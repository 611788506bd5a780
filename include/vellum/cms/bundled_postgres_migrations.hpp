// The CMS schema's PostgreSQL migrations (migrations/postgres/), compiled into vellum::postgres.
#pragma once

#include <span>

#include "vellum/migrate/embedded_migration.hpp"

namespace vellum::cms::detail {

[[nodiscard]] std::span<const vellum::migrate::embedded_migration> bundled_postgres_migrations();

}  // namespace vellum::cms::detail
