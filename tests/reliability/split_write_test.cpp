// The crash loop's own test: linked against a deliberately broken build in which a content
// write's audit event is committed in a second transaction (VELLUM_TEST_SPLIT_AUDIT_WRITE,
// compiled into this executable only; docs/reliability.md). The loop must notice.
#include <catch2/catch.hpp>

#include <random>

#include "crash_loop.hpp"

TEST_CASE("the crash loop detects a repository write split across two transactions", "[reliability]") {
  const auto seed = crash_loop::seed_from_environment(std::random_device{}());
  const auto result = crash_loop::run(
      {.seed = seed, .min_kills = 400, .max_time = std::chrono::seconds(60), .stop_at_first_failure = true});
  WARN("split-write build: seed " << seed << ", first failure after " << result.kills << " kills in "
                                  << result.elapsed.count() << " ms");
  REQUIRE_FALSE(result.failures.empty());
  INFO(result.failures.front());
  // The failure is the split itself, not some other breakage.
  CHECK(result.failures.front().find("audit") != std::string::npos);
}
