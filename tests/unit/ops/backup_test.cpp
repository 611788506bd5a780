// Online backup (docs/operations.md) while another thread writes, and the integrity checks.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <vellum/core/connection.hpp>
#include <vellum/core/error.hpp>
#include <vellum/ops/backup.hpp>
#include <vellum/ops/integrity_check.hpp>

#include "support/scratch_folder.hpp"

namespace {

namespace ops = vellum::ops;
using vellum::testing::scratch_folder;

// A database of `rows` rows of 1 KiB (a few hundred pages, so a backup takes many steps).
void fill(vellum::connection& db, int rows) {
  db.execute("CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
  db.transaction([&] {
    for (int i = 0; i < rows; ++i) db.run("INSERT INTO events (payload) VALUES (randomblob(1024))");
  });
}

// Writes one row per transaction on its own connection until told to stop, or `limit` rows.
class writer {
 public:
  explicit writer(std::string path, std::string journal_mode = "WAL", std::int64_t limit = -1)
      : thread_([this, path = std::move(path), journal_mode = std::move(journal_mode), limit] {
          vellum::connection db{path, {.journal_mode = journal_mode}};
          while (!stop_ && written_ != limit) {
            db.run("INSERT INTO events (payload) VALUES (randomblob(1024))");
            ++written_;
          }
        }) {}
  writer(const writer&) = delete;
  writer& operator=(const writer&) = delete;
  ~writer() { stop(); }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  /// Blocks until the writer committed at least `n` rows.
  void wait_for(std::int64_t n) const {
    while (written_ < n) std::this_thread::yield();
  }
  [[nodiscard]] std::int64_t written() const { return written_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<std::int64_t> written_{0};
  std::thread thread_;
};

void check_backup(const std::string& path, std::int64_t committed_before) {
  vellum::connection copy{path, {.read_only = true}};
  CHECK(ops::check_integrity(copy).ok());
  CHECK(ops::check_integrity(copy, ops::integrity_level::quick).ok());
  // Every row committed before the backup began is in it (ids are 1, 2, … in commit order).
  CHECK(copy.query_value<std::int64_t>("SELECT count(*) FROM events WHERE id <= ?", committed_before) ==
        committed_before);
}

}  // namespace

TEST_CASE("backup of a WAL database written by another thread: a sound snapshot with every earlier row",
          "[ops][backup][concurrency]") {
  scratch_folder dir;
  const auto path = dir.file("live.db");
  vellum::connection db{path};
  fill(db, 600);
  writer w(path);
  w.wait_for(20);
  const auto committed_before = db.query_value<std::int64_t>("SELECT max(id) FROM events").value();

  std::uint64_t reports = 0;
  ops::progress last;
  const auto result = ops::backup(db, dir.file("copy.db"), {.pages_per_step = 16, .progress = [&](const ops::progress& p) {
                                                              ++reports;
                                                              last = p;
                                                            }});
  const auto written_during = w.written();
  w.stop();
  CHECK(result.steps > 10);
  CHECK(result.restarts == 0);  // one snapshot: other connections' commits do not restart it
  CHECK(reports == static_cast<std::uint64_t>(result.steps));
  CHECK(last.finished);
  CHECK(last.done == last.total);
  CHECK(last.unit == "pages");
  CHECK(written_during > 20);
  // Nothing but the copy is left behind.
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path()))
    if (entry.path().filename().string().starts_with("copy.db")) ++files;
  CHECK(files == 1);
  check_backup(dir.file("copy.db"), committed_before);
}

TEST_CASE("backup without WAL while another thread writes: finishes after restarts, sound and complete",
          "[ops][backup][concurrency]") {
  scratch_folder dir;
  const auto path = dir.file("journal.db");
  vellum::connection db{path, {.journal_mode = "DELETE"}};
  fill(db, 400);
  // Bounded: without WAL a writer that never pauses can starve every reader (this test's
  // included) past the busy timeout.
  writer w(path, "DELETE", 300);
  w.wait_for(5);
  // Ids are 1…400 from fill(), then one per committed write; no read needed to know them.
  const std::int64_t committed_before = 400 + w.written();
  const auto result = ops::backup(db, dir.file("copy.db"), {.pages_per_step = 8, .max_restarts = 2});
  w.stop();
  CHECK(result.restarts <= 2);
  check_backup(dir.file("copy.db"), committed_before);
}

TEST_CASE("backup refuses an existing destination unless told to overwrite, and an open transaction",
          "[ops][backup]") {
  scratch_folder dir;
  vellum::connection db{dir.file("a.db")};
  fill(db, 3);
  dir.write("b.db", "not a database");
  CHECK_THROWS_AS(ops::backup(db, dir.file("b.db")), vellum::error);
  {
    std::ifstream untouched(dir.file("b.db"));  // the refused call wrote nothing
    std::string text;
    std::getline(untouched, text);
    CHECK(text == "not a database");
  }
  ops::backup(db, dir.file("b.db"), {.overwrite = true});
  vellum::connection copy{dir.file("b.db")};
  CHECK(copy.query_value<std::int64_t>("SELECT count(*) FROM events") == 3);

  auto tx = db.begin();
  CHECK_THROWS_AS(ops::backup(db, dir.file("c.db")), vellum::invalid_state);
  CHECK_FALSE(std::filesystem::exists(dir.file("c.db")));
}

TEST_CASE("integrity checks report a damaged file and dangling foreign keys", "[ops][integrity]") {
  scratch_folder dir;
  const auto path = dir.file("d.db");
  {
    vellum::connection db{path, {.journal_mode = "DELETE", .foreign_keys = false}};
    db.execute("CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p (id));"
               "INSERT INTO c VALUES (1, 42);");
    fill(db, 200);
    db.execute("CREATE INDEX idx_payload ON events (payload)");
    const auto violations = ops::check_foreign_keys(db);
    REQUIRE(violations.size() == 1);
    CHECK(violations[0].table == "c");
    CHECK(violations[0].rowid == 1);
    CHECK(violations[0].parent == "p");
    CHECK(ops::check_integrity(db).ok());
  }
  // Overwrite a page in the middle of the file with zeros.
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096 * 100);
    const std::string zeros(4096, '\0');
    f.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
  }
  vellum::connection damaged{path, {.journal_mode = "", .foreign_keys = false}};
  const auto report = ops::check_integrity(damaged, ops::integrity_level::full, 5);
  CHECK_FALSE(report.ok());
  CHECK(report.problems.size() <= 5);
}
