// `cms::pg_store`: the CMS on PostgreSQL, the same API as cms::store (store.hpp). Opening it
// applies the PostgreSQL migration set (migrations/postgres/); the repositories are the same
// templates instantiated for pg::connection, compiled into vellum::postgres (link it).
//
//   vellum::pg::database db{"postgresql://cms@127.0.0.1/cms"};
//   vellum::cms::pg_store store{db};
//   auto post = store.content().create(cms::actor::user(uid), {.collection_id = blog, .title = "Hello"});
//
// Differences from SQLite: docs/postgres.md ("The CMS on PostgreSQL").
#pragma once

#include "vellum/cms/store.hpp"
#include "vellum/pg_database.hpp"

namespace vellum::cms {

extern template class basic_store<pg::connection>;
using pg_store = basic_store<pg::connection>;

}  // namespace vellum::cms
