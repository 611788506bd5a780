// basic_search_repository on SQLite (its members: internal/search_repository_impl.hpp), and its
// engine: FTS5 (migrations 004 and 005).
#include <sqlite3.h>

#include "internal/search_repository_impl.hpp"

namespace vellum::cms {

namespace {

using internal::bad_match;


// What both statements select and join. The item's columns come first, in the order
// read_row<content> reads them, so a hit's item is read from the row that found it (no second
// query). Snippets are made only when ?9 is true: CASE evaluates its branches lazily.
struct search_statements {
  std::size_t item_columns = std::tuple_size_v<std::remove_cvref_t<decltype(table_of<content>.columns)>>;
  std::string relevance;
  std::string newest;
};

const search_statements& statements() {
  static const search_statements built = [] {
    std::string columns;
    std::apply([&](const auto&... column) { ((columns += "c.\"", columns += column.name, columns += "\", "), ...); },
               table_of<content>.columns);
    const std::string from = R"(
FROM content_search
JOIN content_search_docs AS d ON d.doc_id = content_search.rowid
JOIN content AS c ON c.id = d.content_id
WHERE content_search MATCH ?1
  AND c.deleted_at IS NULL
  AND (?4 IS NULL OR c.collection_id = ?4)
  AND (?5 IS NULL OR c.status = ?5)
  AND (?6 IS NULL OR c.locale = ?6))";
    const std::string snippet = "CASE WHEN ?9 THEN snippet(content_search, -1, ?2, ?3, '…', 12) END";
    search_statements out;
    // bm25 weights: a word in the title counts five times one in the body. Ordering by FTS5's
    // own `rank` (and nothing else) lets the module hand the rows over best first, so the join
    // and its filters run in that order and stop at the LIMIT: snippets and items are made for
    // the page only, not for every match of a common word.
    out.relevance =
        "SELECT " + columns + "content_search.rank, " + snippet + from +
        "\n  AND content_search.rank MATCH 'bm25(5.0, 1.0)'\nORDER BY content_search.rank\nLIMIT ?7 OFFSET ?8";
    // Newest first: migration 005 keys a document by its item's updated_at (doc_id = bucket *
    // 2^20 + n), so walking FTS5's rowids downwards walks the items from the most recently
    // updated one, with no sort; the caller stops reading once it has its page.
    out.newest = "SELECT " + columns + "d.doc_id, " + snippet + ", c.updated_at, c.id" + from +
                 "\n  AND content_search.rowid BETWEEN ?7 AND ?8\nORDER BY content_search.rowid DESC";
    return out;
  }();
  return built;
}

constexpr int doc_bucket_bits = 20;  // migration 005



/// Steps a search statement. FTS5 parses the expression on the first step and reports a
/// syntax error or an unknown column as SQLITE_ERROR; the statements' SQL is fixed and valid, so
/// such an error can only come from the bound expression.
bool step(statement& st) {
  try {
    return st.step();
  } catch (const busy&) {
    throw;
  } catch (const error& e) {
    if ((e.sqlite_code() & 0xFF) != SQLITE_ERROR) throw;
    throw bad_match("FTS5 cannot parse it (unbalanced quote or parenthesis, an operator without operands, "
                    "an unknown column?)");
  }
}

template <class T>
void bind_optional(statement& st, int index, const std::optional<T>& value) {
  if (value) st.bind(index, *value);
  else st.bind_null(index);
}

/// Binds what both statements share: the match (?1), the highlight marks (?2, ?3), the filters
/// (?4…?6) and whether to make snippets (?9).
void bind_common(statement& st, const search_query& q, const std::optional<std::string>& status) {
  st.bind(1, q.match);
  st.bind(2, q.highlight_open);
  st.bind(3, q.highlight_close);
  bind_optional(st, 4, q.collection_id);
  bind_optional(st, 5, status);
  bind_optional(st, 6, q.locale);
  st.bind(9, q.snippets);
}

/// The hit of the current row: the item, and the snippet in column `snippet_column`.
search_hit read_hit(statement& st, int snippet_column) {
  search_hit hit;
  hit.item = vellum::detail::read_row<content>(st);
  hit.snippet = st.get<std::optional<std::string>>(snippet_column).value_or(std::string());
  return hit;
}

/// A row of the newest statement; the hit is read only when it may be on the page.
struct found_doc {
  std::int64_t doc_id = 0;
  unix_millis updated_at{};
  std::string id;
  std::optional<search_hit> hit;
};

/// The page of `q` in newest order. The index hands the documents over by descending doc_id,
/// which orders them by updated_at bucket; the items of one bucket (one millisecond) come in no
/// particular order, so the bucket at the page's end is read whole and the rows are ordered by
/// (updated_at, id), descending, as content().list orders them. Page one reads its hits as it
/// goes; a later page reads its rows' keys first, then its hits from the range of doc_ids they
/// span (the rows before the page never make an item or a snippet).
search_results newest_page(database& db, const search_query& q, const std::optional<std::string>& status) {
  const auto& sql = statements();
  const auto n = static_cast<int>(sql.item_columns);
  auto st = db.prepare_static(sql.newest);
  bind_common(st, q, status);
  if (q.offset > 0) st.bind(9, false);
  st.bind(7, std::numeric_limits<std::int64_t>::min());
  st.bind(8, std::numeric_limits<std::int64_t>::max());
  const auto page_end = static_cast<std::size_t>(q.offset + q.limit);
  std::vector<found_doc> docs;
  bool more = false;
  while (step(st)) {
    found_doc doc{st.get<std::int64_t>(n), st.get<unix_millis>(n + 2), st.get<std::string>(n + 3), std::nullopt};
    // Past the page and in an older bucket than the last row: neither it nor any later row can
    // sort into the page.
    if (docs.size() >= page_end && (doc.doc_id >> doc_bucket_bits) != (docs.back().doc_id >> doc_bucket_bits)) {
      more = true;
      break;
    }
    if (q.offset == 0) doc.hit = read_hit(st, n + 1);
    docs.push_back(std::move(doc));
  }
  st.reset();
  std::sort(docs.begin(), docs.end(), [](const found_doc& a, const found_doc& b) {
    return std::tie(a.updated_at, a.id) > std::tie(b.updated_at, b.id);
  });
  search_results out;
  if (more || docs.size() > page_end) out.next_offset = q.offset + q.limit;
  if (docs.size() <= static_cast<std::size_t>(q.offset)) return out;
  docs.resize(std::min(docs.size(), page_end));
  docs.erase(docs.begin(), docs.begin() + q.offset);
  if (q.offset > 0) {
    const auto [low, high] = std::minmax_element(
        docs.begin(), docs.end(), [](const found_doc& a, const found_doc& b) { return a.doc_id < b.doc_id; });
    st.bind(7, low->doc_id);
    st.bind(8, high->doc_id);
    st.bind(9, q.snippets);
    std::map<std::int64_t, search_hit> hits;
    while (step(st)) hits.emplace(st.get<std::int64_t>(n), read_hit(st, n + 1));
    for (auto& doc : docs) doc.hit = std::move(hits.at(doc.doc_id));
  }
  for (auto& doc : docs) out.hits.push_back(std::move(*doc.hit));
  return out;
}

/// The page of `q` in relevance order: FTS5 ranks, SQLite pages.
search_results relevance_page(database& db, const search_query& q, const std::optional<std::string>& status) {
  const auto& sql = statements();
  const auto n = static_cast<int>(sql.item_columns);
  auto st = db.prepare_static(sql.relevance);
  bind_common(st, q, status);
  st.bind(7, q.limit + 1);
  st.bind(8, q.offset);
  search_results out;
  while (step(st)) {
    if (static_cast<std::int64_t>(out.hits.size()) == q.limit) {
      out.next_offset = q.offset + q.limit;
      break;
    }
    search_hit hit = read_hit(st, n + 1);
    hit.score = st.get<double>(n);
    out.hits.push_back(std::move(hit));
  }
  return out;
}

}  // namespace

namespace internal {

template <>
struct search_engine<connection> {
  static search_results search(database& db, const search_query& q, const std::optional<std::string>& status) {
    // One statement reads one snapshot; a later newest page runs two, in one read transaction.
    if (q.order == search_order::relevance) return relevance_page(db, q, status);
    if (q.offset == 0) return newest_page(db, q, status);
    return db.transaction([&] { return newest_page(db, q, status); }, transaction_mode::deferred);
  }
  static void optimize(database& db) {
    db.transaction([&] { db.execute("INSERT INTO content_search (content_search) VALUES ('optimize')"); });
  }
};

}  // namespace internal

template class basic_search_repository<connection>;
template basic_search_repository<connection> basic_store<connection>::search();

}  // namespace vellum::cms
