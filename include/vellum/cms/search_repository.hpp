// `search_repository`: full-text search over content with SQLite FTS5 (migrations/
// 004_content_search.sql). Titles and every string of an item's `data`, nested ones included,
// are indexed by triggers inside each writing transaction; results are ranked by bm25 (a title
// hit weighs more) and carry a snippet. docs/repositories.md, "Search", has the query syntax and
// the LIKE fallback (content_query::text).
//
//   auto found = store.search().search({.match = "paris NEAR/5 cafe", .collection_id = blog.id});
//   for (const auto& hit : found.hits) std::cout << hit.item.title << ": " << hit.snippet << '\n';
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vellum/cms/schema/content.hpp"

namespace vellum::cms {

class store;

/// A search: an FTS5 query combined with filters on the item. Soft-deleted items never match.
struct search_query {
  /// FTS5 syntax: words (all must occur), "a phrase", prefix*, AND / OR / NOT, NEAR(a b, 5),
  /// `title:word` or `body:word`. Anything FTS5 cannot parse is validation_error{"match"}.
  std::string match{};
  std::optional<std::string> collection_id{};
  std::optional<content_status> status{};
  std::optional<std::string> locale{};
  std::int64_t limit = 20;  // 1…500
  std::int64_t offset = 0;  // 0…10000: ranked results are read from the top
  std::string highlight_open = "<mark>";
  std::string highlight_close = "</mark>";
};

struct search_hit {
  content item{};
  double score = 0;        // bm25: lower is better
  std::string snippet{};   // about 12 tokens around the best match, matches highlighted
};

struct search_results {
  std::vector<search_hit> hits{};
  std::optional<std::int64_t> next_offset{};  // absent on the last page
};

class search_repository {
 public:
  explicit search_repository(store& s) noexcept : store_(&s) {}

  /// Best matches first (equal scores in index order). Reads in one snapshot: the hits and their
  /// items.
  [[nodiscard]] search_results search(const search_query& query) const;

 private:
  store* store_;
};

}  // namespace vellum::cms
