// `ops::backup`: an online copy of a live database into a new file through SQLite's backup API,
// a few pages per step, so the source stays usable while it runs.
//
//   vellum::connection db{"cms.db"};
//   auto r = vellum::ops::backup(db, "cms-2025-01-01.db", {.progress = draw_bar});
//
// Consistency: on a WAL database the copy is one snapshot (a read transaction held from the
// first step to the last; writers are never blocked, checkpoints wait). Otherwise each step
// locks briefly and SQLite restarts the copy when another connection writes; after
// `max_restarts` the rest is copied in one step. The copy is written to `<destination>.tmp-…`
// and renamed into place only when complete, so a failure never leaves a partial file.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "vellum/core/connection.hpp"
#include "vellum/ops/progress.hpp"

namespace vellum::ops {

struct backup_options {
  int pages_per_step = 1024;                // 4 MiB per step with 4 KiB pages
  std::chrono::milliseconds pause{0};       // between steps (lets writers in without WAL)
  int max_restarts = 3;                     // without WAL: then copy the rest in one step
  bool overwrite = false;                   // replace an existing destination
  progress_callback progress{};             // unit "pages"
};

struct backup_result {
  std::uint64_t pages = 0;
  int steps = 0;
  int restarts = 0;
};

/// Copies `source` (its main database) to the file `destination`. invalid_state when `source`
/// has an open transaction; error when `destination` exists and `overwrite` is false.
backup_result backup(connection& source, const std::string& destination, const backup_options& options = {});

}  // namespace vellum::ops
