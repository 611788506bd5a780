// basic_search_repository on PostgreSQL (its members: internal/search_repository_impl.hpp), and its
// engine: a tsvector per item in content_search_docs with a GIN index, kept by triggers
// (migrations/postgres/004_content_search.sql).
#include <string>
#include <tuple>
#include <type_traits>

#include "internal/pg_cms_backend.hpp"
#include "internal/search_repository_impl.hpp"

namespace vellum::cms {

namespace {

// The query is PostgreSQL's web-search syntax (websearch_to_tsquery: words, "a phrase", OR,
// -word), which accepts any text, so no query is refused for its syntax here. Parameters: $1 the
// query, $2/$3 the highlight marks, $4…$6 the filters, $7 limit, $8 offset, $9 whether to make
// snippets. The item's columns come first, in the order read_row<content> reads them.
struct pg_search_statements {
  int item_columns = static_cast<int>(std::tuple_size_v<std::remove_cvref_t<decltype(table_of<content>.columns)>>);
  std::string relevance;
  std::string newest;
};

const pg_search_statements& statements() {
  static const pg_search_statements built = [] {
    std::string columns;
    std::apply([&](const auto&... column) { ((columns += "c.\"", columns += column.name, columns += "\", "), ...); },
               table_of<content>.columns);
    // ts_headline's option values are quoted so that marks may hold spaces and commas.
    const std::string snippet =
        "CASE WHEN $9 THEN ts_headline('content_search', d.title || ' ' || d.body, q, "
        "'StartSel=\"' || $2 || '\", StopSel=\"' || $3 || '\", MaxWords=12, MinWords=4, HighlightAll=false') END";
    const std::string from = R"(
FROM content_search_docs AS d
JOIN content AS c ON c.id = d.content_id
CROSS JOIN websearch_to_tsquery('content_search', $1) AS q
WHERE d.document @@ q
  AND c.deleted_at IS NULL
  AND (CAST($4 AS TEXT) IS NULL OR c.collection_id = $4)
  AND (CAST($5 AS TEXT) IS NULL OR c.status = $5)
  AND (CAST($6 AS TEXT) IS NULL OR c.locale = $6))";
    pg_search_statements out;
    // Weights {D, C, B, A}: a title word (A) counts five times a body word (B), as the SQLite
    // engine's bm25(5.0, 1.0). Negated so that, as there, a lower score is a better match.
    out.relevance = "SELECT " + columns + "-ts_rank('{0.1, 0.2, 0.2, 1.0}', d.document, q) AS score, " + snippet +
                    from + "\nORDER BY score, c.updated_at DESC, c.id DESC\nLIMIT $7 OFFSET $8";
    out.newest = "SELECT " + columns + "0::float8, " + snippet + from +
                 "\nORDER BY c.updated_at DESC, c.id DESC\nLIMIT $7 OFFSET $8";
    return out;
  }();
  return built;
}

}  // namespace

namespace internal {

template <>
struct search_engine<pg::connection> {
  static search_results search(pg::database& db, const search_query& q, const std::optional<std::string>& status) {
    const auto& sql = statements();
    const int n = sql.item_columns;
    auto st = db.prepare_static(q.order == search_order::relevance ? sql.relevance : sql.newest);
    st.bind(1, q.match).bind(2, q.highlight_open).bind(3, q.highlight_close);
    for (const auto& [index, value] :
         {std::pair{4, &q.collection_id}, std::pair{5, &status}, std::pair{6, &q.locale}}) {
      if (*value) st.bind(index, **value);
      else st.bind_null(index);
    }
    st.bind(7, q.limit + 1).bind(8, q.offset).bind(9, q.snippets);
    search_results out;
    while (st.step()) {
      if (static_cast<std::int64_t>(out.hits.size()) == q.limit) {
        out.next_offset = q.offset + q.limit;
        break;
      }
      search_hit hit;
      hit.item = vellum::detail::read_row<content>(st);
      hit.score = q.order == search_order::relevance ? st.get<double>(n) : 0.0;
      hit.snippet = st.get<std::optional<std::string>>(n + 1).value_or(std::string());
      out.hits.push_back(std::move(hit));
    }
    return out;
  }
  /// A GIN index needs no merging step: nothing to do.
  static void optimize(pg::database&) {}
};

}  // namespace internal

template class basic_search_repository<pg::connection>;
template basic_search_repository<pg::connection> basic_store<pg::connection>::search();

}  // namespace vellum::cms
