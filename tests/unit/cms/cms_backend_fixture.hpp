// The CMS store the repository tests run against, chosen at compile time: a
// vellum::testing::memory_store (SQLite in memory), or, built with VELLUM_TEST_BACKEND_POSTGRES
// (tests/postgres/CMakeLists.txt), a cms::pg_store on a fresh schema of the PostgreSQL test
// server. Both have the same members, so the same test sources run on both backends.
//
//   cms_backend::test_store ms;                 // ms.db(), ms.store(), ms.now(), ms.clock, ms.ids
//   const auto before = cms_backend::dump(ms.db());
//   { cms_backend::write_failure audit_down{ms.db(), "audit_events"}; … }  // inserts there fail
//
//   cms_backend::shared_database shared;          // migrated; one connection per thread:
//   cms_backend::database db(shared.url());       // cms_backend::store store(db, {.migrate = false});
#pragma once

#include <string>

#include <vellum/testing/database_dump.hpp>
#include <vellum/testing/memory_store.hpp>
#include <vellum/testing/write_failure.hpp>

#include "support/scratch_folder.hpp"

#ifdef VELLUM_TEST_BACKEND_POSTGRES
#include <cstdint>
#include <string_view>
#include <vector>

#include <vellum/cms/pg_store.hpp>
#include <vellum/pg_database.hpp>

#include "pg_test_server.hpp"
#endif

namespace cms_backend {

#ifdef VELLUM_TEST_BACKEND_POSTGRES
using database = vellum::pg::database;
using store = vellum::cms::pg_store;

/// A database several connections open by URL, migrated once: a schema of the test server.
class shared_database {
 public:
  shared_database() {
    database db(schema_.url());
    const store migrate(db);
  }
  [[nodiscard]] const std::string& url() const noexcept { return schema_.url(); }

 private:
  vellum::testing::pg_test_schema schema_;
};

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
/// vellum::testing::write_failure's counterpart: while alive, every INSERT (or UPDATE, or DELETE)
/// on `table` fails inside PostgreSQL with SQLSTATE 23000, which reaches the caller as a
/// vellum::constraint_error of kind `other`, as on SQLite. The trigger lives in the test's
/// schema.
class write_failure {
 public:
  using statement = vellum::testing::write_failure::statement;

  write_failure(vellum::pg::connection& db, std::string_view table, statement kind = statement::insert) : db_(&db) {
    const auto name = db.query_value<std::string>(
        "SELECT table_name::text FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_name = $1",
        std::string(table));
    if (!name) throw vellum::not_found("write_failure: no table '" + std::string(table) + "'");
    const char* verb = kind == statement::insert ? "INSERT" : kind == statement::update ? "UPDATE" : "DELETE";
    name_ = "vellum_testing_fail_" + std::string(verb) + "_" + std::to_string(reinterpret_cast<std::uintptr_t>(this));
    table_ = *name;
    db.execute("CREATE FUNCTION " + name_ + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
               "RAISE EXCEPTION 'vellum::testing::write_failure: injected failure' "
               "USING ERRCODE = 'integrity_constraint_violation'; END $$; "
               "CREATE TRIGGER " + name_ + " BEFORE " + verb + " ON \"" + table_ +
               "\" FOR EACH ROW EXECUTE FUNCTION " + name_ + "()");
  }
  write_failure(const write_failure&) = delete;
  write_failure& operator=(const write_failure&) = delete;
  ~write_failure() {
    try {
      db_->execute("DROP TRIGGER IF EXISTS " + name_ + " ON \"" + table_ + "\"; DROP FUNCTION IF EXISTS " + name_ + "()");
    } catch (const vellum::error&) {
      // A destructor must not throw; the schema is dropped after the test anyway.
    }
  }

 private:
  vellum::pg::connection* db_;
  std::string name_;
  std::string table_;
};
#else
using database = vellum::database;
using store = vellum::cms::store;

/// A database several connections open by path, migrated once: an SQLite file in a scratch folder.
class shared_database {
 public:
  shared_database() : path_(dir_.file("shared.db")) {
    database db(path_);
    const store migrate(db);
  }
  [[nodiscard]] const std::string& url() const noexcept { return path_; }

 private:
  vellum::testing::scratch_folder dir_;
  std::string path_;
};

using test_store = vellum::testing::memory_store;
using write_failure = vellum::testing::write_failure;
inline std::string dump(vellum::connection& db) { return vellum::testing::dump(db); }
#endif

}  // namespace cms_backend
