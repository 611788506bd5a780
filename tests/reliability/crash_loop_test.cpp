// The crash loop (docs/reliability.md, "Crash loop"): at least 100 SIGKILLs of a child writing
// through the repositories and the migration runner, and after each one a sound database that
// holds every commit the child reported.
#include <catch2/catch.hpp>

#include <random>

#include "crash_loop.hpp"

TEST_CASE("a writer killed at random points leaves a sound database with every reported commit", "[reliability][GX-1]") {
  const auto seed = crash_loop::seed_from_environment(std::random_device{}());
  const auto result = crash_loop::run({.seed = seed, .min_kills = 120, .max_time = std::chrono::seconds(75)});
  // The figures docs/reliability.md quotes; VELLUM_CRASH_SEED=<seed> repeats the run's choices.
  WARN("crash loop: seed " << seed << ", " << result.kills << " kills in " << result.elapsed.count() << " ms, "
                           << result.operations_committed << " operations committed, " << result.items << " items");
  for (const auto& f : result.failures) FAIL_CHECK(f);
  CHECK(result.failures.empty());
  CHECK(result.kills >= 100);
  CHECK(result.operations_committed > 0);
}
