// `content_search_docs`: which FTS5 document of `content_search` holds which content item
// (migrations/004_content_search.sql). The FTS5 table itself is virtual: it is not a table
// definition, and schema checks leave it and its shadow tables out. Triggers keep both in step
// with `content`; code reads them through content_repository::search. This definition is
// SQLite's: on PostgreSQL, migrations/postgres/004 makes content_search_docs a tsvector table of
// another shape (content_id, title, body, document; docs/postgres.md).
//
//   db.select<content_search_doc>().where(col<&content_search_doc::content_id> == id).one();
#pragma once

#include <cstdint>
#include <string>

#include "vellum/schema/table.hpp"

namespace vellum::cms {

struct content_search_doc {
  std::int64_t doc_id = 0;  // the FTS5 rowid
  std::string content_id{};
};

constexpr auto vellum_table(tag<content_search_doc>) {
  return table<content_search_doc>("content_search_docs",
                                   column(&content_search_doc::doc_id, "doc_id").primary_key(),
                                   column(&content_search_doc::content_id, "content_id").unique())
      .strict();
}

}  // namespace vellum::cms
