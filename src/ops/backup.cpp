#include "vellum/ops/backup.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Exception.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>
#include <system_error>
#include <thread>

#include "vellum/core/error.hpp"
#include "vellum/core/random.hpp"

namespace vellum::ops {

namespace {

namespace fs = std::filesystem;

constexpr int max_busy_steps = 20;

// The temporary file and its journals go away unless the backup completes.
class temporary_file {
 public:
  explicit temporary_file(std::string path) : path_(std::move(path)) {}
  temporary_file(const temporary_file&) = delete;
  temporary_file& operator=(const temporary_file&) = delete;
  ~temporary_file() {
    if (path_.empty()) return;
    std::error_code ignored;  // best effort: a leftover temporary must not hide the real error
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path_ + suffix, ignored);
  }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  void release() noexcept { path_.clear(); }

 private:
  std::string path_;
};

int copy_pages(connection& source, connection& target, const backup_options& options, backup_result& result) {
  SQLite::Backup copy(target.sqlitecpp_database(), source.sqlitecpp_database());
  const int per_step = options.pages_per_step > 0 ? options.pages_per_step : -1;
  int remaining_before = -1;
  int busy_steps = 0;
  for (;;) {
    const bool last_resort = result.restarts >= options.max_restarts;
    const int rc = copy.executeStep(last_resort ? -1 : per_step);
    ++result.steps;
    const int total = copy.getTotalPageCount();
    const int remaining = copy.getRemainingPageCount();
    // Another connection wrote to the source: SQLite starts the copy over.
    if (remaining_before >= 0 && remaining > remaining_before) ++result.restarts;
    remaining_before = remaining;
    if (options.progress)
      options.progress(progress{.done = static_cast<std::uint64_t>(total - remaining),
                                .total = static_cast<std::uint64_t>(total),
                                .unit = "pages",
                                .finished = rc == SQLITE_DONE});
    if (rc == SQLITE_DONE) {
      result.pages = static_cast<std::uint64_t>(total);
      return rc;
    }
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      // Each try already waited the source's busy timeout: give up rather than spin forever.
      if (++busy_steps >= max_busy_steps)
        throw busy(fmt::format("backup: the source stayed locked for {} steps", busy_steps), rc);
    } else if (rc != SQLITE_OK) {
      throw error(fmt::format("backup: copying pages failed: {}", sqlite3_errstr(rc)), rc);
    } else {
      busy_steps = 0;
    }
    if (options.pause.count() > 0) std::this_thread::sleep_for(options.pause);
  }
}

}  // namespace

backup_result backup(connection& source, const std::string& destination, const backup_options& options) {
  if (source.in_transaction()) throw invalid_state("backup: finish the source's open transaction first");
  if (fs::exists(destination) && !options.overwrite)
    throw error(fmt::format("backup: {} exists already (backup_options::overwrite replaces it)", destination));

  temporary_file temp(destination + ".tmp-" + random_hex(8));
  backup_result result;
  try {
    {
      // No WAL for the copy while it is written: the finished file is one self-contained file.
      connection target(temp.path(), connection_options{.journal_mode = "", .foreign_keys = false});
      const bool wal = source.query_value<std::string>("PRAGMA journal_mode").value_or("") == "wal";
      if (wal) {
        // One snapshot for the whole copy: a read transaction held across the steps. Writers
        // carry on (WAL); SQLite sees no change to restart for.
        source.transaction(
            [&] {
              (void)source.query_value<std::int64_t>("SELECT count(*) FROM sqlite_schema");
              copy_pages(source, target, options, result);
            },
            transaction_mode::deferred);
      } else {
        copy_pages(source, target, options, result);
      }
    }
    std::error_code ec;
    if (options.overwrite)
      for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(destination + suffix, ec);
    fs::rename(temp.path(), destination, ec);
    if (ec) throw error(fmt::format("backup: cannot move the copy to {}: {}", destination, ec.message()));
    temp.release();
  } catch (const SQLite::Exception& e) {
    throw error(fmt::format("backup to {} failed: {}", destination, e.what()), e.getExtendedErrorCode());
  }
  return result;
}

}  // namespace vellum::ops
