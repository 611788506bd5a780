// The crash loop (docs/reliability.md): a forked child writes to a WAL database through the
// repositories and the migration runner, reporting each operation before it starts ("B …") and
// after it returned ("D …"); the parent kills it with SIGKILL after a seeded random delay,
// reopens the database and checks it. Repeated until `min_kills` kills and past `min_time`, or
// until `max_time` ran out.
//
//   auto result = crash_loop::run({.seed = 42, .min_kills = 100});
//   CHECK(result.failures.empty());
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace crash_loop {

struct options {
  std::uint64_t seed = 1;
  int min_kills = 100;
  std::chrono::milliseconds max_time{90'000};  // stops early (with fewer kills) past this
  bool stop_at_first_failure = false;
  int max_kill_delay_ms = 150; // each child is killed after 0…this many milliseconds
};

struct result {
  int kills = 0;
  int children_finished_on_their_own = 0;  // a child that exited (error) before the kill
  std::uint64_t operations_committed = 0;  // "D" lines across every child
  std::int64_t items = 0;                  // content items in the database at the end
  std::vector<std::string> failures;       // "kill 17: content 'x' has no audit event", …
  std::chrono::milliseconds elapsed{};
};

/// Runs the loop in a fresh scratch folder. Single-threaded callers only (it forks).
[[nodiscard]] result run(const options& opts);

/// The seed to use: VELLUM_CRASH_SEED when set, else `fallback`.
[[nodiscard]] std::uint64_t seed_from_environment(std::uint64_t fallback);

}  // namespace crash_loop
