// The PostgreSQL statement cache: a bounded LRU of server-side prepared statements of one
// connection, found by SQL text or by the address of static SQL text. An entry in use is never
// evicted nor handed out twice. Evicted statements stay prepared on the server until the
// connection can DEALLOCATE them (not inside an aborted transaction), so their names are queued.
// Private to the vellum_postgres library.
#pragma once

#include <cstddef>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace vellum::pg::detail {

struct cache_entry {
  std::string sql;
  std::string name;                  // the server-side prepared statement
  const void* static_key = nullptr;  // address of static SQL text, when keyed by it
  bool in_use = false;
};

class statement_cache {
 public:
  explicit statement_cache(std::size_t capacity) : capacity_(capacity) {}
  statement_cache(const statement_cache&) = delete;
  statement_cache& operator=(const statement_cache&) = delete;

  cache_entry* find(std::string_view sql) { return found(by_text_, sql); }
  cache_entry* find_static(const void* key) { return found(by_static_key_, key); }

  /// Evicts least recently used idle entries until one more fits; false when none can.
  bool make_room() {
    if (capacity_ == 0) return false;
    while (entries_.size() >= capacity_)
      if (!evict_one()) return false;
    return true;
  }
  /// Adds a statement prepared as `name` (after make_room() said it fits).
  cache_entry* insert(std::string sql, std::string name, const void* static_key) {
    entries_.push_front(cache_entry{std::move(sql), std::move(name), static_key, false});
    const auto it = entries_.begin();
    by_text_[it->sql] = it;  // two static keys may share text: the newest wins by_text_
    if (static_key != nullptr) by_static_key_[static_key] = it;
    return &*it;
  }
  /// Forgets every idle entry (their names queued for DEALLOCATE): after a schema change their
  /// parameter and result types may be stale. Entries in use stay until released.
  void clear_idle() {
    for (auto it = entries_.begin(); it != entries_.end();) {
      const auto next = std::next(it);
      if (!it->in_use) remove(it);
      it = next;
    }
  }
  /// Queues `name` for DEALLOCATE (an entry re-prepared under a new name).
  void retire(std::string name) { evicted_.push_back(std::move(name)); }
  /// Names of evicted statements still prepared on the server; the caller deallocates them.
  std::vector<std::string> take_evicted() { return std::exchange(evicted_, {}); }
  [[nodiscard]] bool has_evicted() const noexcept { return !evicted_.empty(); }

  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

 private:
  using list_type = std::list<cache_entry>;
  template <class Map, class Key>
  cache_entry* found(Map& map, const Key& key) {
    const auto it = map.find(key);
    if (it == map.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, it->second);  // most recently used first
    return &*it->second;
  }
  bool evict_one() {
    for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
      if (it->in_use) continue;
      remove(std::next(it).base());
      return true;
    }
    return false;
  }
  void remove(list_type::iterator victim) {
    // Another entry with the same text (a second static key) may own by_text_'s slot.
    if (const auto t = by_text_.find(victim->sql); t != by_text_.end() && t->second == victim) by_text_.erase(t);
    if (victim->static_key != nullptr) by_static_key_.erase(victim->static_key);
    evicted_.push_back(std::move(victim->name));
    entries_.erase(victim);
  }

  std::size_t capacity_;
  list_type entries_;
  std::unordered_map<std::string_view, list_type::iterator> by_text_;
  std::unordered_map<const void*, list_type::iterator> by_static_key_;
  std::vector<std::string> evicted_;
};

}  // namespace vellum::pg::detail
