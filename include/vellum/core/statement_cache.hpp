// `statement_cache`: a bounded LRU of prepared statements owned by one connection. Entries are
// found by SQL text, or by the address of static SQL text (no hashing of the text at all).
// A statement in use is never evicted nor handed out twice.
//
//   statement_cache cache{256};
//   if (auto* e = cache.find(sql)) … else cache.insert(std::string(sql), stmt, nullptr);
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

namespace vellum::detail {

struct cache_entry {
  std::string sql;
  sqlite3_stmt* stmt = nullptr;
  const void* static_key = nullptr;  // address of static SQL text, when keyed by it
  bool in_use = false;
};

class statement_cache {
 public:
  explicit statement_cache(std::size_t capacity) : capacity_(capacity) {}
  statement_cache(const statement_cache&) = delete;
  statement_cache& operator=(const statement_cache&) = delete;
  ~statement_cache() { clear(); }

  /// The entry for this SQL text, marked most recently used; null when absent.
  cache_entry* find(std::string_view sql);
  /// The entry keyed by the address of static SQL text; null when absent.
  cache_entry* find_static(const void* key);
  /// Takes ownership of `stmt`; evicts least recently used idle entries to stay within capacity.
  /// Returns null (and takes nothing) when every entry is in use or the capacity is zero.
  cache_entry* insert(std::string sql, sqlite3_stmt* stmt, const void* static_key);

  void clear() noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

 private:
  using list_type = std::list<cache_entry>;
  void touch(list_type::iterator it) { entries_.splice(entries_.begin(), entries_, it); }
  bool evict_one() noexcept;

  std::size_t capacity_;
  list_type entries_;  // most recently used first
  std::unordered_map<std::string_view, list_type::iterator> by_text_;
  std::unordered_map<const void*, list_type::iterator> by_static_key_;
};

}  // namespace vellum::detail
