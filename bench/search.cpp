// Full-text search against the seed's LIKE query on 100k content items (docs/performance.md,
// "Search"). One in-memory CMS database, built once: items of ~400 bytes of nested JSON whose
// words come from a 5000-word vocabulary, plus marker words of known frequency:
//   rare    "lighthouse" in 100 items       common  "news" in 50,000 items
//   none    "zeppelin" in no item
// Each query is run these ways: search_repository::search (FTS5, 20 hits) ranked by bm25 with
// snippets (`top20/fts`), newest first with and without snippets; content_repository::list with
// `text` (LIKE on title and data, the 20 newest: the same items as the FTS newest page, checked
// before the clock starts); every match through the FTS index; the seed's own statement
// `title LIKE %q% OR data LIKE %q%` returning every match; and `part/…` statements that time
// pieces of the work for the explanation in docs/performance.md.
//
//   vellum_search_bench [--items=100000] [--optimize] [Google Benchmark flags]
//   --optimize: search().optimize() after the items are inserted (one index segment)
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <vellum/cms/content_repository.hpp>
#include <vellum/cms/search_repository.hpp>
#include <vellum/cms/store.hpp>

namespace {

namespace cms = vellum::cms;

std::int64_t item_count = 100'000;
bool fts_optimize = false;

struct corpus {
  vellum::database db{":memory:"};
  std::unique_ptr<cms::store> store;
  double index_seconds = 0;  // inserting the items, FTS triggers included
};

corpus& the_corpus() {
  static std::unique_ptr<corpus> c;
  if (c) return *c;
  c = std::make_unique<corpus>();
  c->store = std::make_unique<cms::store>(c->db);
  c->db.execute(
      "INSERT INTO users (id, email, username, role, created_at, updated_at) "
      "VALUES ('u1', 'u1@example.com', 'u1', 'admin', 0, 0);"
      "INSERT INTO collections (id, name, display_name, schema, created_at, updated_at) "
      "VALUES ('c1', 'posts', 'Posts', '{\"properties\":{}}', 0, 0);");
  const auto start = std::chrono::steady_clock::now();
  c->db.transaction([&] {
    c->db.run(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
        "INSERT INTO content (id, collection_id, slug, title, data, author_id, created_at, updated_at) "
        "SELECT printf('item-%07d', i), 'c1', printf('item-%07d', i), printf('Item %d w%d', i, (i * 31) % 5000), "
        "json_object("
        "  'body', printf('w%d w%d w%d w%d w%d w%d w%d w%d w%d w%d %s', (i * 7) % 5000, (i * 13) % 5000, "
        "                 (i * 17) % 5000, (i * 19) % 5000, (i * 23) % 5000, (i * 29) % 5000, (i * 37) % 5000, "
        "                 (i * 41) % 5000, (i * 43) % 5000, (i * 47) % 5000, CASE WHEN i % 1000 = 0 THEN 'lighthouse' "
        "                 ELSE 'harbour' END),"
        "  'blocks', json_array(json_object('type', 'text', 'text', printf('w%d w%d w%d w%d w%d w%d', "
        "                 (i * 53) % 5000, (i * 59) % 5000, (i * 61) % 5000, (i * 67) % 5000, (i * 71) % 5000, "
        "                 (i * 73) % 5000)), json_object('type', 'quote', 'text', 'said the keeper')),"
        "  'tags', json_array(CASE WHEN i % 2 = 0 THEN 'news' ELSE 'tech' END, 'w' || (i % 5000)),"
        "  'views', i), 'u1', i, i FROM n",
        item_count);
  });
  c->index_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "vellum_search_bench: %lld items inserted and indexed in %.2f s\n",
               static_cast<long long>(item_count), c->index_seconds);
  return *c;
}

/// Runs `query` (which returns its number of hits) once per iteration.
template <class Query>
void measure(benchmark::State& state, Query query) {
  std::size_t hits = 0;
  for (auto _ : state) {
    hits = query();
    benchmark::DoNotOptimize(hits);
  }
  state.counters["hits"] = static_cast<double>(hits);
}

std::size_t count_rows(vellum::statement& st) {
  std::size_t rows = 0;
  while (st.step()) ++rows;
  return rows;
}

void register_word(const std::string& word) {
  const auto add = [&](const std::string& name, auto query) {
    benchmark::RegisterBenchmark((name + "/" + word).c_str(), [query](benchmark::State& state) { measure(state, query); })
        ->Unit(benchmark::kMicrosecond);
  };
  add("top20/fts", [word] { return the_corpus().store->search().search({.match = word, .limit = 20}).hits.size(); });
  add("top20/fts-newest", [word] {
    return the_corpus()
        .store->search()
        .search({.match = word, .order = cms::search_order::newest, .limit = 20})
        .hits.size();
  });
  add("top20/fts-newest-nosnippet", [word] {
    return the_corpus()
        .store->search()
        .search({.match = word, .order = cms::search_order::newest, .limit = 20, .snippets = false})
        .hits.size();
  });
  add("top20/like", [word] { return the_corpus().store->content().list({.text = word, .limit = 20}).items.size(); });
  add("all/fts", [word] {
    auto st = the_corpus().db.prepare(
        "SELECT c.id, c.title, c.data FROM content_search JOIN content_search_docs AS d ON d.doc_id = "
        "content_search.rowid JOIN content AS c ON c.id = d.content_id WHERE content_search MATCH ?1");
    st.bind(1, word);
    return count_rows(st);
  });
  const auto raw = [&](const std::string& name, const std::string& sql) {
    add(name, [word, sql] {
      auto st = the_corpus().db.prepare(sql);
      if (st.parameter_count() > 0) st.bind(1, word);
      return count_rows(st);
    });
  };
  // Parts, for docs/performance.md's explanation of the costs (not results a user asks for):
  raw("part/fts-rowids", "SELECT rowid FROM content_search WHERE content_search MATCH ?1");
  raw("part/fts-ids",
      "SELECT d.content_id FROM content_search JOIN content_search_docs AS d ON d.doc_id = content_search.rowid "
      "WHERE content_search MATCH ?1");
  raw("part/bm25-all", "SELECT rowid, bm25(content_search, 5.0, 1.0) FROM content_search WHERE content_search MATCH ?1");
  raw("part/bm25-top21",
      "SELECT rowid, bm25(content_search, 5.0, 1.0) AS s FROM content_search WHERE content_search MATCH ?1 "
      "ORDER BY s LIMIT 21");
  raw("part/rank-top21",
      "SELECT rowid FROM content_search WHERE content_search MATCH ?1 AND rank MATCH 'bm25(5.0, 1.0)' "
      "ORDER BY rank LIMIT 21");
  raw("part/scan", "SELECT id, title, data FROM content");
  add("all/like", [word] {  // the seed's statement
    auto st = the_corpus().db.prepare("SELECT id, title, data FROM content WHERE title LIKE ?1 OR data LIKE ?1");
    st.bind(1, "%" + word + "%");
    return count_rows(st);
  });
}

/// The FTS newest page and the LIKE page must be the same items: the comparison is of one result.
bool same_newest_page(const std::string& word) {
  auto& c = the_corpus();
  std::vector<std::string> fts;
  std::vector<std::string> like;
  for (const auto& hit : c.store->search().search({.match = word, .order = cms::search_order::newest}).hits)
    fts.push_back(hit.item.id);
  for (const auto& item : c.store->content().list({.text = word, .limit = 20}).items) like.push_back(item.id);
  if (fts == like) return true;
  std::fprintf(stderr, "vellum_search_bench: the FTS newest page and the LIKE page of '%s' differ\n", word.c_str());
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--items=")) item_count = std::atoll(argv[i] + 8);
    else if (arg == "--optimize") fts_optimize = true;
    else args.push_back(argv[i]);
  }
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());
  if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;
  (void)the_corpus();  // built before the clock starts
  if (fts_optimize) {
    const auto start = std::chrono::steady_clock::now();
    the_corpus().store->search().optimize();
    std::fprintf(stderr, "vellum_search_bench: search().optimize() took %.2f s\n",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  for (const char* word : {"lighthouse", "news", "zeppelin"}) {
    if (!same_newest_page(word)) return 1;
    register_word(word);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
