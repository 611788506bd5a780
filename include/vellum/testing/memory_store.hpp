// `vellum::testing::memory_store`: a private in-memory CMS database for unit tests. It applies
// every bundled CMS migration through `cms::store`, stamps time from a clock that stands still
// until the test moves it, and issues ids "id-1", "id-2", … in creation order, so what a test
// writes is the same on every run.
//
//   auto ms = vellum::testing::memory_store();
//   auto editor = vellum::testing::seed_user(ms, {.username = "erin", .role = cms::user_role::editor});
//   ms.clock.advance(std::chrono::hours(1));
//   auto posts = ms.db().select<cms::content>().all();
//
// One thread at a time, like the `database` it owns. The database lives in memory and is gone
// when the object is; other connections cannot open it (use a file for concurrency tests).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "vellum/cms/store.hpp"
#include "vellum/core/time.hpp"
#include "vellum/database.hpp"

namespace vellum::testing {

/// 2024-01-01T00:00:00Z: where a test clock starts unless told otherwise.
inline constexpr unix_millis default_start_time{std::chrono::milliseconds{1'704'067'200'000}};

/// A clock that stands still until a test moves it. Every timestamp the store writes comes from it.
class manual_clock {
 public:
  explicit manual_clock(unix_millis start = default_start_time) noexcept : now_(start) {}

  [[nodiscard]] unix_millis now() const noexcept { return now_; }
  [[nodiscard]] unix_millis operator()() const noexcept { return now_; }
  /// Moves the clock forward (or back, with a negative duration).
  void advance(std::chrono::milliseconds by) noexcept { now_ += by; }
  void set(unix_millis to) noexcept { now_ = to; }

 private:
  unix_millis now_;
};

/// Ids `<prefix>1`, `<prefix>2`, … in the order they are asked for.
class sequential_ids {
 public:
  explicit sequential_ids(std::string prefix = "id-") : prefix_(std::move(prefix)) {}

  [[nodiscard]] std::string next() { return prefix_ + std::to_string(++issued_); }
  [[nodiscard]] std::string operator()() { return next(); }
  /// How many ids were issued so far; the next one is `<prefix><issued() + 1>`.
  [[nodiscard]] std::uint64_t issued() const noexcept { return issued_; }

 private:
  std::string prefix_;
  std::uint64_t issued_ = 0;
};

struct memory_store_options {
  unix_millis start_time = default_start_time;
  std::string id_prefix = "id-";
};

class memory_store {
 public:
  explicit memory_store(memory_store_options options = {});
  // The store holds the clock and id generator by reference: the object stays where it is made.
  memory_store(const memory_store&) = delete;
  memory_store& operator=(const memory_store&) = delete;
  memory_store(memory_store&&) = delete;
  memory_store& operator=(memory_store&&) = delete;
  ~memory_store() = default;

  [[nodiscard]] vellum::database& db() noexcept { return db_; }
  [[nodiscard]] cms::store& store() noexcept { return store_; }
  [[nodiscard]] unix_millis now() const noexcept { return clock.now(); }

  /// The store's clock: `ms.clock.advance(std::chrono::minutes(5))`, `ms.clock.set(t)`.
  manual_clock clock;
  /// The store's id generator; its ids are "id-1", "id-2", … unless another prefix was given.
  sequential_ids ids;

 private:
  vellum::database db_;
  cms::store store_;
};

}  // namespace vellum::testing
