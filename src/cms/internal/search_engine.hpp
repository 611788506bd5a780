// The full-text engine behind basic_search_repository<Conn>: `search_engine<Conn>` is specialised
// per backend, FTS5 on SQLite (src/cms/search_repository.cpp) and tsvector on PostgreSQL
// (src/cms/pg_search_repository.cpp). The repository checks the query first (limits, blank or NUL
// text), so an engine sees only well-formed input. Private to the library.
#pragma once

#include <optional>
#include <string>

#include "vellum/cms/search_repository.hpp"
#include "vellum/core/error.hpp"

namespace vellum::cms::internal {

template <class Conn>
struct search_engine;
//   static search_results search(basic_database<Conn>& db, const search_query& q,
//                                const std::optional<std::string>& status);
//   static void optimize(basic_database<Conn>& db);

/// The error for a query the engine cannot parse.
inline validation_error bad_match(const std::string& why) {
  return validation_error("search: the query is not a valid full-text query: " + why, {{"match", {why}}});
}

}  // namespace vellum::cms::internal
