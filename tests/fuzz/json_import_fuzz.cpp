// libFuzzer target: the JSON import reader (ops::import_json). Any bytes into a database with
// one table: a typed vellum::error or an import; never a crash, and a refused import leaves the
// table as it was.
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "vellum/core/connection.hpp"
#include "vellum/core/error.hpp"
#include "vellum/ops/json_dump.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  vellum::connection db{":memory:"};
  db.execute(
      "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL CHECK (length(name) < 50), body BLOB, "
      "score REAL, doc TEXT CHECK (doc IS NULL OR json_valid(doc)));"
      "INSERT INTO t VALUES (1, 'one', x'00ff', 1.5, '{}')");
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    (void)vellum::ops::import_json(db, in, {.on_conflict = vellum::ops::on_conflict::update});
  } catch (const vellum::error&) {
    if (db.query_value<std::string>("SELECT name || hex(body) || score || doc FROM t WHERE id = 1") != "one00FF1.5{}" ||
        db.query_value<std::int64_t>("SELECT count(*) FROM t") != 1)
      std::abort();  // a refused import changed the table
  }
  return 0;
}
