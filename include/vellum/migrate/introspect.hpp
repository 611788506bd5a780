// `introspect(db)`: the schema of a live SQLite database as a `schema_model`, read from
// PRAGMA table_list, table_xinfo, index_list, index_xinfo and foreign_key_list, plus the stored
// CREATE text for CHECK constraints, partial-index conditions and triggers.
//
//   vellum::connection db{"cms.db"};
//   vellum::migrate::schema_model live = vellum::migrate::introspect(db);
#pragma once

#include "vellum/migrate/schema_model.hpp"

namespace vellum {
class connection;
}

namespace vellum::migrate {

/// The ordinary tables of the `main` schema of `db` (SQLite's own sqlite_* tables, virtual
/// tables and their shadow tables left out). Reads only.
[[nodiscard]] schema_model introspect(connection& db);

}  // namespace vellum::migrate
