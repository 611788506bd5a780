// `dialect`: which SQL a backend speaks. A connection type names its own
// (`connection::sql_dialect`), so the query builder renders each query's SQL once per dialect at
// compile time: `?` placeholders on SQLite, `$1…$n` on PostgreSQL, and the type names, keys and
// operators each one understands.
#pragma once

namespace vellum {

enum class dialect { sqlite, postgres };

}  // namespace vellum
