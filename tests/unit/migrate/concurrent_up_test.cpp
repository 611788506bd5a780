#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <latch>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <vellum/core.hpp>
#include <vellum/migrate.hpp>

#include "support/scratch_folder.hpp"

namespace {

namespace mg = vellum::migrate;

// `count` migrations; running any of them twice would fail (its table exists) and log twice.
std::vector<mg::migration> numbered_migrations(int count) {
  std::vector<mg::migration> set;
  for (int i = 1; i <= count; ++i) {
    std::string sql = fmt::format("CREATE TABLE t{} (x INTEGER);\nINSERT INTO applied_log VALUES ({});", i, i);
    if (i == 1) sql = "CREATE TABLE applied_log (n INTEGER NOT NULL);\n" + sql;
    set.push_back({fmt::format("{:03}", i), fmt::format("step_{}", i), fmt::format("{:03}_step_{}.sql", i, i), sql, "",
                   vellum::sha256_hex(sql)});
  }
  return set;
}

void check_applied_once(const std::string& path, const std::vector<std::string> (&applied)[2], std::int64_t count) {
  std::set<std::string> all(applied[0].begin(), applied[0].end());
  for (const auto& id : applied[1]) CHECK(all.insert(id).second);  // nobody applied one the other did
  CHECK(all.size() == static_cast<std::size_t>(count));
  vellum::connection db{path};
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM applied_log") == count);
  CHECK(db.query_value<std::int64_t>("SELECT count(DISTINCT n) FROM applied_log") == count);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM migrations") == count);
  for (const auto& ids : applied) CHECK(std::is_sorted(ids.begin(), ids.end()));
}

// A busy handler that reports the first time its connection waits for the write lock, then
// keeps retrying (SQLite calls it again until the lock is free).
int report_wait(void* flag, int) {
  auto* waiting = static_cast<std::atomic<bool>*>(flag);
  if (!waiting->exchange(true)) waiting->notify_all();
  std::this_thread::yield();
  return 1;
}

}  // namespace

TEST_CASE("the loser of the write lock sees the migration applied and moves on", "[migrate][concurrency]") {
  vellum::testing::scratch_folder dir;
  const auto set = numbered_migrations(30);
  const std::string path = dir.file("shared.db");
  { vellum::connection create{path}; }

  std::atomic<bool> a_holds_lock{false};
  std::atomic<bool> b_waits{false};
  std::vector<std::string> applied[2];
  std::string failure[2];
  std::thread a([&] {
    try {
      vellum::connection db{path};
      mg::runner_options options;
      options.on_event = [&](const mg::migration& m, mg::migration_event e) {
        if (m.id != "005" || e != mg::migration_event::applying) return;
        a_holds_lock = true;  // inside 005's transaction, before its statements
        a_holds_lock.notify_all();
        b_waits.wait(false);  // until B has read the state and queued for the lock
      };
      applied[0] = mg::migration_runner{db, set, options}.up();
    } catch (const std::exception& e) {
      failure[0] = e.what();
      a_holds_lock = b_waits = true;
      a_holds_lock.notify_all();
    }
  });
  std::thread b([&] {
    try {
      vellum::connection db{path};
      sqlite3_busy_handler(db.native_handle(), report_wait, &b_waits);
      a_holds_lock.wait(false);
      applied[1] = mg::migration_runner{db, set}.up();  // read 005 as pending, then waited for it
    } catch (const std::exception& e) {
      failure[1] = e.what();
      b_waits = true;
      b_waits.notify_all();
    }
  });
  a.join();
  b.join();

  CHECK(failure[0].empty());
  CHECK(failure[1].empty());
  REQUIRE(applied[0].size() >= 5);
  CHECK(std::vector(applied[0].begin(), applied[0].begin() + 5) ==
        std::vector<std::string>{"001", "002", "003", "004", "005"});
  CHECK(std::find(applied[1].begin(), applied[1].end(), "005") == applied[1].end());
  check_applied_once(path, applied, 30);
}

// Two "processes" racing from the very start: opening a database file that does not exist yet
// (both switch it to WAL) and running up(). Opening used to fail now and then with "database is
// locked" on PRAGMA journal_mode, which SQLite refuses at once instead of waiting.
TEST_CASE("two connections opening a new database and running up() at once apply each migration once",
          "[migrate][concurrency]") {
  const auto set = numbered_migrations(3);
  for (int round = 0; round < 20; ++round) {
    vellum::testing::scratch_folder dir;
    const std::string path = dir.file("fresh.db");
    std::latch start(2);
    std::vector<std::string> applied[2];
    std::string failure[2];
    const auto worker = [&](int w) {
      try {
        start.arrive_and_wait();
        vellum::connection db{path};
        applied[w] = mg::migration_runner{db, set}.up();
      } catch (const std::exception& e) {
        failure[w] = e.what();
      }
    };
    std::thread a(worker, 0), b(worker, 1);
    a.join();
    b.join();

    INFO("round " << round);
    CHECK(failure[0] == "");
    CHECK(failure[1] == "");
    check_applied_once(path, applied, 3);
  }
}
