// `cms::cache_tier`: a shared second tier behind the in-process query cache (a host's KV, e.g.
// the seed's Cloudflare KV, Redis or memcached). The query cache asks it on a miss, fills it
// after a read from the database, and tells it which tables changed (tags) after a write it saw.
//
//   class redis_tier final : public vellum::cms::cache_tier { … };
//   store_options.cache = vellum::cms::query_cache_options{.second_tier = std::make_shared<redis_tier>(…)};
//
// Values are opaque text (JSON written by the query cache); keys are short printable strings.
// The tier may drop anything at any time. Exceptions it throws reach the repository call that
// consulted it: a tier that should degrade quietly catches its own errors. docs/operations.md,
// "Query cache", describes the contract and what a shared tier can and cannot promise.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vellum::cms {

class cache_tier {
 public:
  virtual ~cache_tier() = default;

  /// The value stored under `key`, or nullopt when absent or expired.
  [[nodiscard]] virtual std::optional<std::string> get(std::string_view key) = 0;
  /// Stores `value` under `key` for at most `ttl`, labelled with the tables it was read from.
  virtual void put(std::string_view key, std::string_view value, std::span<const std::string_view> tags,
                   std::chrono::milliseconds ttl) = 0;
  /// Drops every value labelled with one of `tags` (table names).
  virtual void invalidate_tags(std::span<const std::string_view> tags) = 0;
};

}  // namespace vellum::cms
