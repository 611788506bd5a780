// The members of basic_search_repository<Conn>, a template over the connection: instantiated for SQLite in
// src/cms/search_repository.cpp and for PostgreSQL in src/cms/pg_search_repository.cpp.
#pragma once

#include "vellum/cms/search_repository.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "content_writes_impl.hpp"
#include "search_engine.hpp"
#include "vellum/cms/store.hpp"

namespace vellum::cms {

template <class Conn>
basic_search_repository<Conn> basic_store<Conn>::search() { return basic_search_repository<Conn>(*this); }

namespace {

constexpr std::size_t max_match_length = 1000;  // bytes
constexpr std::int64_t max_offset = 10000;

void check_query(const search_query& q) {
  validation_error::field_errors errors;
  if (q.match.find_first_not_of(" \t\r\n") == std::string::npos) errors["match"].push_back("must not be blank");
  else if (q.match.size() > max_match_length)
    errors["match"].push_back("must be at most " + std::to_string(max_match_length) + " bytes");
  else if (q.match.find('\0') != std::string::npos) errors["match"].push_back("must not contain NUL characters");
  if (q.limit < 1 || q.limit > internal::max_page_size)
    errors["limit"].push_back("must be between 1 and " + std::to_string(internal::max_page_size));
  if (q.offset < 0 || q.offset > max_offset)
    errors["offset"].push_back("must be between 0 and " + std::to_string(max_offset));
  internal::throw_if_any(errors, "search");
}

}  // namespace

template <class Conn>
search_results basic_search_repository<Conn>::search(const search_query& q) const {
  check_query(q);
  auto& db = store_->db();
  // Bound text is borrowed until the statement is done: the name lives in this scope.
  const std::optional<std::string> status =
      q.status ? std::optional(std::string(enum_to_name(*q.status))) : std::nullopt;
  return internal::search_engine<Conn>::search(db, q, status);
}

template <class Conn>
void basic_search_repository<Conn>::optimize() const {
  internal::search_engine<Conn>::optimize(store_->db());
}

}  // namespace vellum::cms
