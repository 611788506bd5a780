// The members of basic_content_statistics<Conn>, a template over the connection: instantiated for SQLite in
// src/cms/content_statistics.cpp and for PostgreSQL in src/cms/pg_content_statistics.cpp.
#pragma once

#include "vellum/cms/content_statistics.hpp"

#include <string>
#include <string_view>

#include "vellum/cms/store.hpp"

namespace vellum::cms {

template <class Conn>
basic_content_statistics<Conn> basic_store<Conn>::statistics() { return basic_content_statistics<Conn>(*this); }

namespace {

// The seed's dashboard aggregation: one pass over the items `c`, one CASE per status.
constexpr std::string_view status_columns =
    "count(c.id), "
    "coalesce(sum(CASE c.status WHEN 'published' THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE c.status WHEN 'draft' THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE c.status WHEN 'changed' THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE c.status WHEN 'archived' THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE c.status WHEN 'scheduled' THEN 1 ELSE 0 END), 0)";

const std::string& by_collection_sql() {
  static const std::string sql =
      "SELECT k.id, k.name, " + std::string(status_columns) +
      " FROM collections AS k LEFT JOIN content AS c ON c.collection_id = k.id AND c.deleted_at IS NULL"
      " GROUP BY k.id ORDER BY k.name";
  return sql;
}

// $1 on both backends: a named parameter (index 1) on SQLite, typed by the CAST on PostgreSQL.
const std::string& by_author_sql() {
  static const std::string sql =
      "SELECT c.author_id, " + std::string(status_columns) +
      " FROM content AS c WHERE c.deleted_at IS NULL AND (CAST($1 AS TEXT) IS NULL OR c.collection_id = $1)"
      " GROUP BY c.author_id ORDER BY c.author_id";
  return sql;
}

template <class Statement>
status_counts read_counts(const Statement& st, int first) {
  return {st.template get<std::int64_t>(first),     st.template get<std::int64_t>(first + 1),
          st.template get<std::int64_t>(first + 2), st.template get<std::int64_t>(first + 3),
          st.template get<std::int64_t>(first + 4), st.template get<std::int64_t>(first + 5)};
}

}  // namespace

template <class Conn>
std::vector<collection_statistics> basic_content_statistics<Conn>::by_collection() const {
  auto st = store_->db().prepare_static(by_collection_sql());
  std::vector<collection_statistics> out;
  while (st.step())
    out.push_back({st.template get<std::string>(0), st.template get<std::string>(1), read_counts(st, 2)});
  return out;
}

template <class Conn>
std::vector<author_statistics> basic_content_statistics<Conn>::by_author(
    std::optional<std::string> collection_id) const {
  auto st = store_->db().prepare_static(by_author_sql());
  if (collection_id) st.bind(1, *collection_id);
  else st.bind_null(1);
  std::vector<author_statistics> out;
  while (st.step()) out.push_back({st.template get<std::string>(0), read_counts(st, 1)});
  return out;
}

}  // namespace vellum::cms
