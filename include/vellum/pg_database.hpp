// `pg::database`: the query builder's facade over a PostgreSQL connection, the counterpart of
// vellum::database (SQLite). Queries render in the PostgreSQL dialect ($n, ILIKE, RETURNING).
//
//   vellum::pg::database db{"postgresql://app@127.0.0.1:5432/cms"};
//   db.create_all<post>();
//   auto p = db.insert(post{.title = "Hello"});          // id read back through RETURNING
//   auto rows = db.select<post>().where(col<&post::views> > 10).order_by(col<&post::id>).limit(20).all();
//
// Part of the vellum::postgres library (link it to use this header).
#pragma once

#include "vellum/core/pg_connection.hpp"
#include "vellum/database.hpp"

namespace vellum::pg {

/// The PostgreSQL database: a pg::connection plus select/insert/update/delete/prepare/run.
using database = basic_database<connection>;

}  // namespace vellum::pg
