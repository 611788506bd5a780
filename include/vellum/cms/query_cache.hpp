// `cms::query_cache`: the read-through cache of the content repository's delivery reads
// (get_published, list_published). In-process, bounded by entries and bytes (least recently
// used goes first), each entry living at most `ttl` by the store's clock and never past the next
// publication-window boundary (CR-11). Off by default: a store gets one through
// `store_options::cache`.
//
//   vellum::cms::store store{db, {.cache = vellum::cms::query_cache_options{.ttl = std::chrono::seconds(30)}}};
//   auto page = store.content().list_published({.collection_id = blog});  // SQL once, then cached
//   store.cache()->stats().hits;
//
// Entries are tagged with the tables they were read from. A write through the same connection
// to one of those tables (any write path: repositories, the scheduler, raw SQL, a trigger)
// makes the entry invalid at once, through the connection's table_generations. Nothing read
// inside an open transaction is stored, so a rolled-back write cannot leave data behind.
// Writes by other connections or processes are not seen: they show after at most `ttl`.
// One thread, like the store's connection.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "vellum/cms/cache_tier.hpp"
#include "vellum/cms/content_repository.hpp"
#include "vellum/core/time.hpp"

namespace vellum {
class connection;
class table_generations;
}  // namespace vellum

namespace vellum::cms {

struct query_cache_options {
  std::size_t max_entries = 1024;
  std::size_t max_bytes = std::size_t{16} << 20;  // measured as the entries' JSON text
  std::chrono::milliseconds ttl{std::chrono::seconds(30)};
  /// A shared tier consulted on a miss (cache_tier.hpp); none by default.
  std::shared_ptr<cache_tier> second_tier{};
};

struct query_cache_stats {
  std::uint64_t hits = 0;              // served from memory
  std::uint64_t second_tier_hits = 0;  // served from the second tier
  std::uint64_t misses = 0;            // read from the database
  std::uint64_t evictions = 0;         // dropped for the size bounds
};

class query_cache {
 public:
  /// What a delivery read returns.
  using value = std::variant<content, content_page>;

  /// A cache over `db`'s writes; `db` must outlive it.
  query_cache(connection& db, query_cache_options options);

  /// The value cached under `key` when it is younger than its expiry at `now` and none of its
  /// tables (`tags`) changed since it was read; asks the second tier on a miss. `tags` must
  /// have static storage duration (the repositories' table names).
  [[nodiscard]] std::shared_ptr<const value> find(std::string_view key, std::span<const std::string_view> tags,
                                                  unix_millis now);
  /// Caches `v`, read at `now` from `tags`, until `expires_at` (capped at now + ttl). Does
  /// nothing inside a transaction.
  void put(std::string key, std::span<const std::string_view> tags, std::shared_ptr<const value> v, unix_millis now,
           unix_millis expires_at);

  void clear() noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }
  [[nodiscard]] const query_cache_stats& stats() const noexcept { return stats_; }
  [[nodiscard]] const query_cache_options& options() const noexcept { return options_; }

 private:
  struct entry {
    std::string key;
    std::span<const std::string_view> tags;
    std::vector<std::uint64_t> generations;  // of the tags, when read
    unix_millis expires_at;
    std::size_t bytes;
    std::shared_ptr<const value> v;
  };
  bool fresh(const entry& e, unix_millis now);
  void remember(std::string key, std::span<const std::string_view> tags, std::shared_ptr<const value> v,
                std::size_t bytes, unix_millis expires_at);
  void erase(std::list<entry>::iterator it) noexcept;
  void tell_second_tier(std::span<const std::string_view> tags, unix_millis now);

  connection* db_;
  table_generations* generations_;
  query_cache_options options_;
  std::list<entry> entries_;  // most recently used first
  std::unordered_map<std::string_view, std::list<entry>::iterator> index_;  // keys point into entries_
  std::size_t bytes_ = 0;
  query_cache_stats stats_;
  // Second tier: the generation of each table it was last told about, and when this cache
  // noticed the table change (a shared value read before that may predate the write).
  std::unordered_map<std::string_view, std::uint64_t> told_;
  std::unordered_map<std::string_view, unix_millis> changed_at_;
  std::uint64_t any_table_at_start_;
};

}  // namespace vellum::cms
