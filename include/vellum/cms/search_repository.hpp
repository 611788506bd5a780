// `search_repository`: full-text search over content with SQLite FTS5 (migrations/
// 004_content_search.sql). Titles and every string of an item's `data`, nested ones included,
// are indexed by triggers inside each writing transaction; results are ranked by bm25 (a title
// hit weighs more) or listed newest first, and carry a snippet. docs/repositories.md, "Search",
// has the query syntax and the LIKE fallback (content_query::text).
//
//   auto found = store.search().search({.match = "paris NEAR/5 cafe", .collection_id = blog.id});
//   for (const auto& hit : found.hits) std::cout << hit.item.title << ": " << hit.snippet << '\n';
//   auto latest = store.search().search({.match = "news", .order = cms::search_order::newest});
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vellum/cms/schema/content.hpp"

namespace vellum {
class connection;
}

namespace vellum::cms {

template <class Conn>
class basic_store;

/// The order of the hits.
enum class search_order {
  /// Best matches first (bm25, a title hit weighing 5 times a body hit). Ranking needs a score
  /// for every match, so its cost grows with the number of matches (docs/performance.md).
  relevance,
  /// Most recently updated first, ties by id, descending: the order of content().list. Read
  /// straight from the index in that order, so one page costs about the same whether 10 or
  /// 50,000 items match. `score` is 0.
  newest,
};

/// A search: an FTS5 query combined with filters on the item. Soft-deleted items never match.
struct search_query {
  /// FTS5 syntax: words (all must occur), "a phrase", prefix*, AND / OR / NOT, NEAR(a b, 5),
  /// `title:word` or `body:word`. Anything FTS5 cannot parse is validation_error{"match"}.
  std::string match{};
  std::optional<std::string> collection_id{};
  std::optional<content_status> status{};
  std::optional<std::string> locale{};
  search_order order = search_order::relevance;
  std::int64_t limit = 20;  // 1…500
  std::int64_t offset = 0;  // 0…10000: results are read from the top
  std::string highlight_open = "<mark>";
  std::string highlight_close = "</mark>";
  /// false: the hits carry no snippet (a list of titles needs none); each one costs about 3 µs.
  bool snippets = true;
};

struct search_hit {
  content item{};
  double score = 0;        // bm25: lower is better (search_order::relevance; else 0)
  std::string snippet{};   // about 12 tokens around the best match, matches highlighted (or empty)
};

struct search_results {
  std::vector<search_hit> hits{};
  std::optional<std::int64_t> next_offset{};  // absent on the last page
};

template <class Conn>
class basic_search_repository {
 public:
  explicit basic_search_repository(basic_store<Conn>& s) noexcept : store_(&s) {}

  /// The hits in `query.order` (equal bm25 scores in index order). Reads in one snapshot: the
  /// hits and their items.
  [[nodiscard]] search_results search(const search_query& query) const;

  /// Merges the full-text index into one segment (FTS5's 'optimize'). Writes add segments that
  /// FTS5 merges only now and then, and every search opens each of them: after a bulk import or
  /// from a nightly job this makes a search's fixed cost about 3 times smaller
  /// (docs/performance.md). Rewrites the whole index in one transaction: about 0.15 s of CPU per
  /// 100k items. Results do not change.
  void optimize() const;

 private:
  basic_store<Conn>* store_;
};

extern template class basic_search_repository<connection>;
using search_repository = basic_search_repository<connection>;

}  // namespace vellum::cms
