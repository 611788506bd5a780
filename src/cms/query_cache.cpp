#include "vellum/cms/query_cache.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <tuple>
#include <type_traits>

#include "vellum/cms/schema/content.hpp"
#include "vellum/core/connection.hpp"
#include "vellum/core/enum_names.hpp"
#include "vellum/core/table_generations.hpp"

namespace vellum::cms {

namespace {

// ---------------------------------------------------------------------------------------------
// The second tier's text: {"read_at": ms, "expires_at": ms, "item": row} or {…, "page":
// {"items": [row…], "next_cursor": text|null}}, a row being an object of its columns.

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
nlohmann::json encode_value(const T& v) {
  if constexpr (is_optional<T>::value) return v ? encode_value(*v) : nlohmann::json(nullptr);
  else if constexpr (std::is_same_v<T, unix_millis>) return v.time_since_epoch().count();
  else if constexpr (named_enum<T>) return std::string(enum_to_name(v));
  else return nlohmann::json(v);
}

template <class T>
T decode_value(const nlohmann::json& j) {
  if constexpr (is_optional<T>::value) {
    if (j.is_null()) return std::nullopt;
    return decode_value<typename T::value_type>(j);
  } else if constexpr (std::is_same_v<T, unix_millis>) {
    return unix_millis(std::chrono::milliseconds(j.get<std::int64_t>()));
  } else if constexpr (named_enum<T>) {
    const auto e = enum_from_name<T>(j.get<std::string>());
    if (!e) throw nlohmann::json::other_error::create(501, "unknown enum name", &j);
    return *e;
  } else if constexpr (std::is_same_v<T, nlohmann::json>) {
    return j;
  } else {
    return j.get<T>();
  }
}

template <class Row>
nlohmann::json encode_row(const Row& row) {
  auto out = nlohmann::json::object();
  std::apply([&](const auto&... column) { ((out[std::string(column.name)] = encode_value(row.*column.member)), ...); },
             table_of<Row>.columns);
  return out;
}

template <class Row>
Row decode_row(const nlohmann::json& j) {
  Row row;
  std::apply(
      [&](const auto&... column) {
        ((row.*column.member = decode_value<std::remove_cvref_t<decltype(row.*column.member)>>(
              j.at(std::string(column.name)))),
         ...);
      },
      table_of<Row>.columns);
  return row;
}

std::string encode(const query_cache::value& v, unix_millis read_at, unix_millis expires_at) {
  nlohmann::json out = {{"read_at", read_at.time_since_epoch().count()},
                        {"expires_at", expires_at.time_since_epoch().count()}};
  if (const auto* item = std::get_if<content>(&v)) {
    out["item"] = encode_row(*item);
  } else {
    const auto& page = std::get<content_page>(v);
    auto items = nlohmann::json::array();
    for (const auto& row : page.items) items.push_back(encode_row(row));
    out["page"] = {{"items", std::move(items)}, {"next_cursor", encode_value(page.next_cursor)}};
  }
  return out.dump();
}

struct decoded {
  unix_millis read_at;
  unix_millis expires_at;
  query_cache::value v;
};

/// nullopt when the text is not one encode() wrote (another writer shares the tier's keys).
std::optional<decoded> decode(std::string_view text) {
  const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  try {
    decoded out{decode_value<unix_millis>(j.at("read_at")), decode_value<unix_millis>(j.at("expires_at")), content{}};
    if (j.contains("item")) {
      out.v = decode_row<content>(j.at("item"));
    } else {
      content_page page;
      for (const auto& row : j.at("page").at("items")) page.items.push_back(decode_row<content>(row));
      page.next_cursor = decode_value<std::optional<std::string>>(j.at("page").at("next_cursor"));
      out.v = std::move(page);
    }
    return out;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // a foreign or older value: a miss
  }
}

bool in_transaction(connection& db) { return db.in_transaction() || sqlite3_get_autocommit(db.native_handle()) == 0; }

}  // namespace

query_cache::query_cache(connection& db, query_cache_options options)
    : db_(&db),
      generations_(&db.watch_tables()),
      options_(std::move(options)),
      any_table_at_start_(generations_->any_table()) {}

bool query_cache::fresh(const entry& e, unix_millis now) {
  if (now >= e.expires_at) return false;
  for (std::size_t i = 0; i < e.tags.size(); ++i)
    if (generations_->generation(e.tags[i]) != e.generations[i]) return false;
  return true;
}

void query_cache::tell_second_tier(std::span<const std::string_view> tags, unix_millis now) {
  if (!options_.second_tier) return;
  std::vector<std::string_view> changed;
  for (const auto tag : tags) {
    const auto generation = generations_->generation(tag);
    const auto [it, first] = told_.try_emplace(tag, generation);
    if (first) {
      // Tables are met lazily: one written since the cache was made may have stale shared values.
      if (generations_->any_table() != any_table_at_start_) changed.push_back(tag);
    } else if (it->second != generation) {
      it->second = generation;
      changed_at_[tag] = now;
      changed.push_back(tag);
    }
  }
  if (!changed.empty()) options_.second_tier->invalidate_tags(changed);
}

std::shared_ptr<const query_cache::value> query_cache::find(std::string_view key,
                                                             std::span<const std::string_view> tags, unix_millis now) {
  // Inside a transaction the second tier is neither told nor asked: its values cannot hold this
  // transaction's writes, and a change noticed before COMMIT would let values that other
  // processes read before the COMMIT pass as newer than the write.
  const bool in_tx = in_transaction(*db_);
  if (!in_tx) tell_second_tier(tags, now);
  if (const auto at = index_.find(key); at != index_.end()) {
    const auto it = at->second;
    if (fresh(*it, now)) {
      entries_.splice(entries_.begin(), entries_, it);
      ++stats_.hits;
      return it->v;
    }
    erase(it);
  }
  if (options_.second_tier && !in_tx) {
    if (const auto text = options_.second_tier->get(key)) {
      auto value = decode(*text);
      // A shared value read before this cache saw one of its tables change may predate the write.
      const bool predates_a_write = value && std::any_of(tags.begin(), tags.end(), [&](std::string_view tag) {
                                      const auto changed = changed_at_.find(tag);
                                      return changed != changed_at_.end() && value->read_at <= changed->second;
                                    });
      if (value && !predates_a_write && now < value->expires_at) {
        ++stats_.second_tier_hits;
        auto v = std::make_shared<const query_cache::value>(std::move(value->v));
        remember(std::string(key), tags, v, text->size(), value->expires_at);
        return v;
      }
    }
  }
  ++stats_.misses;
  return nullptr;
}

void query_cache::put(std::string key, std::span<const std::string_view> tags, std::shared_ptr<const value> v,
                      unix_millis now, unix_millis expires_at) {
  if (in_transaction(*db_)) return;
  expires_at = std::min(expires_at, now + options_.ttl);
  if (expires_at <= now) return;
  tell_second_tier(tags, now);
  const std::string text = encode(*v, now, expires_at);
  if (options_.second_tier) {
    options_.second_tier->put(key, text, tags, std::chrono::duration_cast<std::chrono::milliseconds>(expires_at - now));
  }
  remember(std::move(key), tags, std::move(v), text.size(), expires_at);
}

void query_cache::remember(std::string key, std::span<const std::string_view> tags, std::shared_ptr<const value> v,
                           std::size_t bytes, unix_millis expires_at) {
  if (options_.max_entries == 0 || bytes > options_.max_bytes) return;
  if (const auto at = index_.find(key); at != index_.end()) erase(at->second);
  std::vector<std::uint64_t> generations;
  generations.reserve(tags.size());
  for (const auto tag : tags) generations.push_back(generations_->generation(tag));
  entries_.push_front(entry{std::move(key), tags, std::move(generations), expires_at, bytes, std::move(v)});
  index_.emplace(entries_.front().key, entries_.begin());
  bytes_ += bytes;
  while (entries_.size() > options_.max_entries || bytes_ > options_.max_bytes) {
    erase(std::prev(entries_.end()));
    ++stats_.evictions;
  }
}

void query_cache::erase(std::list<entry>::iterator it) noexcept {
  bytes_ -= it->bytes;
  index_.erase(it->key);
  entries_.erase(it);
}

void query_cache::clear() noexcept {
  index_.clear();
  entries_.clear();
  bytes_ = 0;
}

}  // namespace vellum::cms
