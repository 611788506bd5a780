// The migrate layer in one include: migration sources (folders, drizzle-kit folders, embedded
// bundles), the statement splitter, the runner, and schema introspection, check, diff and
// generation.
//
//   #include <vellum/migrate.hpp>
//   vellum::migrate::migration_runner{db, vellum::migrate::load_folder("migrations")}.up();
#pragma once

#include "vellum/migrate/embedded_migration.hpp"
#include "vellum/migrate/introspect.hpp"
#include "vellum/migrate/migration.hpp"
#include "vellum/migrate/migration_runner.hpp"
#include "vellum/migrate/migration_source.hpp"
#include "vellum/migrate/migration_status.hpp"
#include "vellum/migrate/schema_check.hpp"
#include "vellum/migrate/schema_diff.hpp"
#include "vellum/migrate/schema_generate.hpp"
#include "vellum/migrate/schema_model.hpp"
#include "vellum/migrate/statement_splitter.hpp"
#include "vellum/migrate/table_definitions.hpp"
