// A benchmark workload: one unit of work written twice, with vellum and with the raw sqlite3 C
// API, each run on an in-memory or a WAL file database. main.cpp registers every workload with
// Google Benchmark (and runs one under callgrind with --instructions).
//
//   bench::workloads().push_back({"W2", "point select by primary key", …, make_runner});
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

enum class storage { memory, wal };
enum class side { vellum, raw };

[[nodiscard]] constexpr std::string_view name_of(storage s) { return s == storage::memory ? "memory" : "wal"; }
[[nodiscard]] constexpr std::string_view name_of(side s) { return s == side::vellum ? "vellum" : "raw"; }

/// One side of one workload on one database, ready to run.
class runner {
 public:
  runner() = default;
  runner(const runner&) = delete;
  runner& operator=(const runner&) = delete;
  virtual ~runner() = default;
  /// Work before each iteration that is not measured (W1: a fresh, empty database).
  virtual void before_iteration() {}
  /// One unit of the workload.
  virtual void iterate() = 0;
};

struct workload {
  std::string id;           // "W2"; the summary pairs vellum and raw by it
  std::string description;  // what one iteration does
  bool per_iteration_setup = false;  // calls before_iteration() outside the timed region
  std::int64_t fixed_iterations = 0;  // 0: Google Benchmark picks the count
  int repetitions = 0;                // 0: --benchmark_repetitions
  std::vector<storage> storages{storage::memory, storage::wal};
  std::function<std::unique_ptr<runner>(storage, side)> make;
};

/// A factory making the raw side from Raw(storage) and the vellum side from Vellum(storage).
template <class Raw, class Vellum>
std::function<std::unique_ptr<runner>(storage, side)> pair_of() {
  return [](storage where, side who) -> std::unique_ptr<runner> {
    if (who == side::raw) return std::make_unique<Raw>(where);
    return std::make_unique<Vellum>(where);
  };
}

/// Every workload, in registration order.
std::vector<workload>& workloads();

void add_core_workloads();        // W1–W7 and the W3 scale series (workloads.cpp)
void add_repository_workloads();  // R1–R4 and the R3 scale series (repository_workloads.cpp)
void release_repository_databases();

/// EXPLAIN QUERY PLAN of W3's page query on the 100k-row database, and its SQL.
std::vector<std::string> explain_page_query();
std::string page_query_sql();

/// The directory holding the WAL file databases (created on first use, removed by cleanup()).
const std::filesystem::path& scratch_dir();
/// Closes every shared database and removes the scratch directory.
void cleanup();

/// Opens `path` the way a careful user does: default flags, then the same pragmas vellum sets
/// (WAL and synchronous=NORMAL on files, foreign keys on, a 5 s busy timeout).
sqlite3* open_raw(const std::string& path, bool is_file);
/// sqlite3_exec or throw.
void exec_raw(sqlite3* db, const char* sql);
/// sqlite3_prepare_v2 or throw.
sqlite3_stmt* prepare_raw(sqlite3* db, std::string_view sql);
/// Throws std::runtime_error with SQLite's message when rc is not `expected`.
void check_raw(sqlite3* db, int rc, int expected, const char* what);

}  // namespace bench
