// The migrate layer in one include: migration sources (folders, drizzle-kit folders, embedded
// bundles), the statement splitter and the runner.
//
//   #include <vellum/migrate.hpp>
//   vellum::migrate::migration_runner{db, vellum::migrate::load_folder("migrations")}.up();
#pragma once

#include "vellum/migrate/embedded_migration.hpp"
#include "vellum/migrate/migration.hpp"
#include "vellum/migrate/migration_runner.hpp"
#include "vellum/migrate/migration_source.hpp"
#include "vellum/migrate/migration_status.hpp"
#include "vellum/migrate/statement_splitter.hpp"
