// `log_repository`: the application log (`system_logs`), filtered by `log_config`. write() drops
// an event whose category is disabled or whose level is below the category's configured level,
// and says whether it wrote; query() reads newest first; apply_retention() is GX-8's per-category
// retention (log_retention.hpp).
//
//   store.logs().write(cms::log_level::warn, cms::log_category::auth, "login failed",
//                      nlohmann::json{{"attempts", 3}}, {.user_id = uid, .request_id = rid});
//   auto recent = store.logs().query({.min_level = cms::log_level::warn, .limit = 50});
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/cms/schema/logs.hpp"
#include "vellum/core/time.hpp"

namespace vellum {
class connection;
}

namespace vellum::cms {

template <class Conn>
class basic_store;

inline constexpr std::size_t max_log_message_length = 10'000;  // characters
inline constexpr std::int64_t max_log_query_limit = 1000;

/// Where an event happened; every member is optional and stored in its system_logs column.
struct log_context {
  std::optional<std::string> user_id{};  // an existing user
  std::optional<std::string> session_id{};
  std::optional<std::string> request_id{};
  std::optional<std::string> ip_address{};
  std::optional<std::string> user_agent{};
  std::optional<std::string> method{};
  std::optional<std::string> url{};
  std::optional<std::int64_t> status_code{};
  std::optional<std::int64_t> duration{};  // milliseconds
  std::optional<std::string> stack_trace{};
  std::optional<nlohmann::json> tags{};  // an array of strings
  std::optional<std::string> source{};
};

/// query()'s filters; an absent member does not filter.
struct log_query {
  std::optional<log_level> min_level{};  // this level and the more severe ones
  std::optional<log_category> category{};
  std::optional<unix_millis> from{};   // created_at ≥ from
  std::optional<unix_millis> until{};  // created_at < until
  std::int64_t limit = 100;            // 1 … max_log_query_limit
};

template <class Conn>
class basic_log_repository {
 public:
  explicit basic_log_repository(basic_store<Conn>& s) noexcept : store_(&s) {}

  /// Appends one event stamped with the store's now(), unless log_config disables its category
  /// or sets a higher level (a category without a row logs every level). Returns whether it
  /// wrote. validation_error for an unknown level or category, an empty or too long message,
  /// tags that are not an array of strings, or an unknown context.user_id; nothing is written.
  bool write(log_level level, log_category category, std::string_view message,
             std::optional<nlohmann::json> data = std::nullopt, const log_context& context = {});
  /// write() with the level and category by name ("warn", "auth"), as an HTTP host receives them.
  bool write(std::string_view level, std::string_view category, std::string_view message,
             std::optional<nlohmann::json> data = std::nullopt, const log_context& context = {});

  /// Events matching `q`, newest first (created_at, then id, descending). validation_error for
  /// a limit out of range or from ≥ until.
  [[nodiscard]] std::vector<system_log> query(const log_query& q = {}) const;

  /// GX-8: cms::purge_expired_logs(store, batch_size) — deletes expired system_logs and
  /// audit_events per category, in batches; returns rows deleted per category.
  std::map<std::string, std::int64_t> apply_retention(std::int64_t batch_size = 1000);

 private:
  basic_store<Conn>* store_;
};

extern template class basic_log_repository<connection>;
using log_repository = basic_log_repository<connection>;

}  // namespace vellum::cms
