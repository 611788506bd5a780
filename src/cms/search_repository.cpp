#include "vellum/cms/search_repository.hpp"

#include <sqlite3.h>

#include <map>
#include <string_view>
#include <utility>

#include "internal/content_writes.hpp"
#include "vellum/cms/store.hpp"

namespace vellum::cms {

search_repository store::search() { return search_repository(*this); }

namespace {

constexpr std::size_t max_match_length = 1000;  // bytes
constexpr std::int64_t max_offset = 10000;

// Parses the expression against no row at all (rowid 0 is never a document): FTS5 reports a
// syntax error or an unknown column here, before the real query runs. This statement's SQL is
// fixed and valid, so an SQLITE_ERROR from it can only come from the bound expression.
constexpr std::string_view check_match_sql =
    "SELECT count(*) FROM content_search WHERE content_search MATCH ?1 AND rowid = 0";

// bm25 weights: a word in the title counts five times one in the body. Ordering by FTS5's own
// `rank` (and nothing else) lets the module hand the rows over best first, so the join and its
// filters run in that order and stop at the LIMIT: snippets and item look-ups are made for the
// page only, not for every match of a common word.
constexpr std::string_view search_sql = R"(
SELECT d.content_id, content_search.rank, snippet(content_search, -1, ?2, ?3, '…', 12)
FROM content_search
JOIN content_search_docs AS d ON d.doc_id = content_search.rowid
JOIN content AS c ON c.id = d.content_id
WHERE content_search MATCH ?1 AND content_search.rank MATCH 'bm25(5.0, 1.0)'
  AND c.deleted_at IS NULL
  AND (?4 IS NULL OR c.collection_id = ?4)
  AND (?5 IS NULL OR c.status = ?5)
  AND (?6 IS NULL OR c.locale = ?6)
ORDER BY content_search.rank
LIMIT ?7 OFFSET ?8)";

validation_error bad_match(const std::string& why) {
  return validation_error("search: the query is not a valid full-text query: " + why, {{"match", {why}}});
}

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

void check_match(connection& db, const std::string& match) {
  try {
    auto st = db.prepare_static(check_match_sql);
    st.bind(1, match);
    while (st.step()) {
    }
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

}  // namespace

search_results search_repository::search(const search_query& q) const {
  check_query(q);
  auto& db = store_->db();
  return db.transaction(
      [&] {
        check_match(db, q.match);
        auto st = db.prepare_static(search_sql);
        st.bind(1, q.match);
        st.bind(2, q.highlight_open);
        st.bind(3, q.highlight_close);
        bind_optional(st, 4, q.collection_id);
        // Bound text is borrowed until the statement is done: the name lives in this scope.
        const std::optional<std::string> status =
            q.status ? std::optional(std::string(enum_to_name(*q.status))) : std::nullopt;
        bind_optional(st, 5, status);
        bind_optional(st, 6, q.locale);
        st.bind(7, q.limit + 1);
        st.bind(8, q.offset);
        search_results out;
        std::vector<std::string> ids;
        while (st.step()) {
          if (static_cast<std::int64_t>(out.hits.size()) == q.limit) {
            out.next_offset = q.offset + q.limit;
            break;
          }
          ids.push_back(st.get<std::string>(0));
          search_hit hit;
          hit.score = st.get<double>(1);
          hit.snippet = st.get<std::string>(2);
          out.hits.push_back(std::move(hit));
        }
        if (ids.empty()) return out;
        // The items in one query, not one per hit.
        std::map<std::string, content, std::less<>> items;
        for (auto& item : db.select<content>().where(vellum::in(col<&content::id>, ids)).all())
          items.emplace(item.id, std::move(item));
        for (std::size_t i = 0; i < ids.size(); ++i) out.hits[i].item = std::move(items.at(ids[i]));
        return out;
      },
      transaction_mode::deferred);
}

}  // namespace vellum::cms
