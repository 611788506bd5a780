#include "vellum/core/statement_cache.hpp"

namespace vellum::detail {

cache_entry* statement_cache::find(std::string_view sql) {
  const auto it = by_text_.find(sql);
  if (it == by_text_.end()) return nullptr;
  touch(it->second);
  return &*it->second;
}

cache_entry* statement_cache::find_static(const void* key) {
  const auto it = by_static_key_.find(key);
  if (it == by_static_key_.end()) return nullptr;
  touch(it->second);
  return &*it->second;
}

bool statement_cache::evict_one() noexcept {
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->in_use) continue;
    const auto victim = std::next(it).base();
    // The text may map to a newer entry with the same SQL (two static keys): keep that mapping.
    if (const auto text = by_text_.find(victim->sql); text != by_text_.end() && text->second == victim)
      by_text_.erase(text);
    if (victim->static_key != nullptr) by_static_key_.erase(victim->static_key);
    sqlite3_finalize(victim->stmt);
    entries_.erase(victim);
    return true;
  }
  return false;
}

cache_entry* statement_cache::insert(std::string sql, sqlite3_stmt* stmt, const void* static_key) {
  if (capacity_ == 0) return nullptr;
  while (entries_.size() >= capacity_)
    if (!evict_one()) return nullptr;
  entries_.push_front(cache_entry{std::move(sql), stmt, static_key, false});
  const auto it = entries_.begin();
  // Two static keys may share text (the same SQL from two places): the newest wins by_text_,
  // keyed by its own copy of the text, which lives as long as the entry it points to.
  by_text_.erase(it->sql);
  by_text_.emplace(it->sql, it);
  if (static_key != nullptr) by_static_key_[static_key] = it;
  return &*it;
}

void statement_cache::clear() noexcept {
  for (auto& entry : entries_) sqlite3_finalize(entry.stmt);
  entries_.clear();
  by_text_.clear();
  by_static_key_.clear();
}

}  // namespace vellum::detail
