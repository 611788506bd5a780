// `pg::migration_runner`: the migration runner (migrate/migration_runner.hpp) on a PostgreSQL
// connection, with the same API and semantics; part of vellum::postgres.
//
//   vellum::pg::connection db{"postgresql://app@127.0.0.1/cms"};
//   vellum::pg::migration_runner runner{db, vellum::migrate::load_folder("migrations")};
//   runner.up();
//
// Each migration runs in its own READ COMMITTED transaction with its tracking row, under a
// transaction-scoped advisory lock (pg_advisory_xact_lock) keyed on the schema the tracking
// table lives in: runners on several connections or processes take turns per migration and
// each migration is applied once. A `-- vellum: no-transaction` migration (CREATE INDEX
// CONCURRENTLY …) runs statement by statement outside a transaction, under the session-level
// form of that lock; a failure there leaves the statements before it applied (see
// docs/postgres.md, "Migrations on PostgreSQL").
#pragma once

#include "vellum/migrate/migration_runner.hpp"

namespace vellum::pg {
class connection;
}

namespace vellum::migrate {
extern template class basic_migration_runner<vellum::pg::connection>;
}

namespace vellum::pg {
using migration_runner = vellum::migrate::basic_migration_runner<connection>;
}
