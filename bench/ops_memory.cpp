// One phase of the bounded-memory check for exports and imports (docs/operations.md): run
// each phase in its own process, which prints rows, seconds and its peak RSS.
//
//   vellum_ops_memory populate big.db 1000000
//   vellum_ops_memory export-sql big.db big.sql      vellum_ops_memory import-sql copy.db big.sql
//   vellum_ops_memory export-json big.db big.json    vellum_ops_memory import-json copy2.db big.json
#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include <vellum/cms/data_transfer.hpp>
#include <vellum/cms/store.hpp>
#include <vellum/ops/sql_dump.hpp>

namespace {

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// `rows` content items of ~300 bytes of JSON each, written by SQL (the repositories would
// spend the time on versions and audit rows this check does not need).
std::uint64_t populate(const std::string& path, std::int64_t rows) {
  vellum::database db{path};
  vellum::cms::store store{db};
  db.execute(
      "INSERT INTO users (id, email, username, role, created_at, updated_at) "
      "VALUES ('u1', 'u1@example.com', 'u1', 'admin', 0, 0);"
      "INSERT INTO collections (id, name, display_name, schema, created_at, updated_at) "
      "VALUES ('c1', 'posts', 'Posts', '{\"type\":\"object\",\"properties\":{}}', 0, 0);");
  db.run("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
         "INSERT INTO content (id, collection_id, slug, title, data, author_id, created_at, updated_at, meta_title) "
         "SELECT printf('item-%08d', i), 'c1', printf('post-%d', i), printf('Post número %d', i), "
         "json_object('body', printf('Lorem ipsum dolor sit amet %d, consectetur adipiscing elit, sed do eiusmod "
         "tempor incididunt ut labore et dolore magna aliqua. «ünïcödé» 🎉', i), 'tags', json_array('a', 'b', i), "
         "'rating', i * 0.5), 'u1', i, i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'meta ' || i END FROM n",
         rows);
  return static_cast<std::uint64_t>(rows);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    fmt::print(stderr, "usage: vellum_ops_memory populate|export-sql|import-sql|export-json|import-json DB FILE|ROWS\n");
    return 2;
  }
  const std::string_view phase = argv[1];
  const std::string db_path = argv[2];
  const std::string file = argv[3];
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t rows = 0;
  if (phase == "populate") {
    rows = populate(db_path, std::stoll(file));
  } else if (phase == "export-sql" || phase == "export-json") {
    vellum::connection db{db_path};
    std::ofstream out(file, std::ios::binary);
    rows = phase == "export-sql" ? vellum::ops::export_sql(db, out).rows : vellum::cms::export_json(db, out).rows;
  } else if (phase == "import-sql") {
    vellum::connection db{db_path};
    std::ifstream in(file, std::ios::binary);
    rows = vellum::ops::import_sql(db, in).rows;
  } else if (phase == "import-json") {
    vellum::database db{db_path};
    vellum::cms::store store{db};  // the CMS schema first
    std::ifstream in(file, std::ios::binary);
    for (const auto& t : vellum::cms::import_json(db, in).tables) rows += t.rows();
  } else {
    fmt::print(stderr, "unknown phase {}\n", phase);
    return 2;
  }
  const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
  fmt::print("{:<12} {:>9} rows {:>7.1f} s  peak RSS {:>6.1f} MB\n", phase, rows, seconds.count(), peak_rss_mb());
  return 0;
}
