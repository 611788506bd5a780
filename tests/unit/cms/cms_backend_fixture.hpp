// The CMS store the repository tests run against, chosen at compile time: a
// vellum::testing::memory_store (SQLite in memory), or, built with VELLUM_TEST_BACKEND_POSTGRES
// (tests/postgres/CMakeLists.txt), a cms::pg_store on a fresh schema of the PostgreSQL test
// server. Both have the same members, so the same test sources run on both backends.
//
//   cms_backend::test_store ms;                 // ms.db(), ms.store(), ms.now(), ms.clock, ms.ids
//   const auto before = cms_backend::dump(ms.db());
#pragma once

#include <string>

#include <vellum/testing/database_dump.hpp>
#include <vellum/testing/memory_store.hpp>

#ifdef VELLUM_TEST_BACKEND_POSTGRES
#include <vector>

#include <vellum/cms/pg_store.hpp>
#include <vellum/pg_database.hpp>

#include "pg_test_server.hpp"
#endif

namespace cms_backend {

#ifdef VELLUM_TEST_BACKEND_POSTGRES
/// memory_store's counterpart on PostgreSQL: the CMS migrated into a schema of its own (dropped
/// afterwards; the test is skipped without a server), with the same standing clock and
/// sequential ids.
class test_store {
 public:
  explicit test_store(vellum::testing::memory_store_options options = {})
      : clock(options.start_time),
        ids(std::move(options.id_prefix)),
        db_(schema_.url()),
        store_(db_, vellum::cms::store_options{.clock = [this] { return clock.now(); },
                                               .new_id = [this] { return ids.next(); },
                                               .migrate = true}) {}
  // The store holds the clock and id generator by reference: the object stays where it is made.
  test_store(const test_store&) = delete;
  test_store& operator=(const test_store&) = delete;

  [[nodiscard]] vellum::pg::database& db() noexcept { return db_; }
  [[nodiscard]] vellum::cms::pg_store& store() noexcept { return store_; }
  [[nodiscard]] vellum::unix_millis now() const noexcept { return clock.now(); }

 private:
  vellum::testing::pg_test_schema schema_;  // first: made before and dropped after the connection

 public:
  vellum::testing::manual_clock clock;
  vellum::testing::sequential_ids ids;

 private:
  vellum::pg::database db_;
  vellum::cms::pg_store store_;
};

/// Every table of the connection's schema in name order, each followed by its rows as
/// PostgreSQL's row text in sorted order: equal dumps mean nothing was written.
inline std::string dump(vellum::pg::connection& db) {
  std::vector<std::string> tables;
  {
    auto st = db.prepare(
        "SELECT table_name::text FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1");
    while (st.step()) tables.push_back(st.get<std::string>(0));
  }
  std::string out;
  for (const auto& table : tables) {
    out += "table " + table + "\n";
    auto st = db.prepare("SELECT t::text FROM \"" + table + "\" AS t ORDER BY 1");
    while (st.step()) out += st.get<std::string>(0) + "\n";
  }
  return out;
}
#else
using test_store = vellum::testing::memory_store;
inline std::string dump(vellum::connection& db) { return vellum::testing::dump(db); }
#endif

}  // namespace cms_backend
