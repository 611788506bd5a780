// The members of basic_log_repository<Conn>, a template over the connection: instantiated for SQLite in
// src/cms/log_repository.cpp and for PostgreSQL in src/cms/pg_log_repository.cpp.
#pragma once

#include "vellum/cms/log_repository.hpp"

#include <algorithm>
#include <utility>

#include "content_writes_impl.hpp"
#include "repository_checks.hpp"
#include "vellum/cms/log_retention.hpp"
#include "vellum/cms/store.hpp"
#include "vellum/core/enum_names.hpp"

namespace vellum::cms {

template <class Conn>
basic_log_repository<Conn> basic_store<Conn>::logs() { return basic_log_repository<Conn>(*this); }

namespace {

using field_errors = validation_error::field_errors;

/// The names of the enum's values, for messages: "debug, info, warn, error or fatal".
template <class E>
std::string name_list() {
  std::string out;
  const auto& names = enum_names_of<E>;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i].name;
  }
  return out;
}

template <class E>
std::optional<E> named_or_error(std::optional<E> value, const char* field, field_errors& errors) {
  if (!value || enum_to_name(*value).empty()) {
    errors[field].push_back("must be " + name_list<E>());
    return std::nullopt;
  }
  return value;
}

template <class Conn>
void check_context(basic_store<Conn>& s, const log_context& c, field_errors& errors) {
  if (c.tags && (!c.tags->is_array() ||
                 !std::all_of(c.tags->begin(), c.tags->end(), [](const nlohmann::json& t) { return t.is_string(); })))
    errors["context.tags"].push_back("must be an array of strings");
  if (c.user_id && !s.db().select(col<&user::id>).template from<user>().where(col<&user::id> == *c.user_id).one())
    errors["context.user_id"].push_back("no user has this id");
}

/// Whether log_config lets an event of this level and category through.
template <class Conn>
bool configured_to_write(basic_store<Conn>& s, log_level level, log_category category) {
  const auto config_category = enum_from_name<log_config_category>(enum_to_name(category));
  const auto config = s.db()
                          .select(col<&log_config::enabled>, col<&log_config::level>)
                          .template from<log_config>()
                          .where(col<&log_config::category> == *config_category)
                          .one();
  if (!config) return true;
  const auto& [enabled, min_level] = *config;
  // log_level's values are declared from least to most severe.
  return enabled && level >= min_level;
}

/// The one write path of both write() overloads: every bad field reported at once.
template <class Conn>
bool write_event(basic_store<Conn>& s, std::optional<log_level> level, std::optional<log_category> category,
                 std::string_view message, std::optional<nlohmann::json>&& data, const log_context& context) {
  field_errors errors;
  level = named_or_error(level, "level", errors);
  category = named_or_error(category, "category", errors);
  internal::check_text(message, "message", max_log_message_length, internal::text_rule::required, errors);
  check_context(s, context, errors);
  internal::throw_if_any(errors, "write log event");
  if (!configured_to_write(s, *level, *category)) return false;

  // One INSERT: atomic by itself. Inside a caller's transaction, it shares that transaction's fate.
  s.db().insert(system_log{.id = s.new_id(),
                           .level = *level,
                           .category = *category,
                           .message = std::string(message),
                           .data = std::move(data),
                           .user_id = context.user_id,
                           .session_id = context.session_id,
                           .request_id = context.request_id,
                           .ip_address = context.ip_address,
                           .user_agent = context.user_agent,
                           .method = context.method,
                           .url = context.url,
                           .status_code = context.status_code,
                           .duration = context.duration,
                           .stack_trace = context.stack_trace,
                           .tags = context.tags,
                           .source = context.source,
                           .created_at = s.now()});
  return true;
}

}  // namespace

template <class Conn>
bool basic_log_repository<Conn>::write(log_level level, log_category category, std::string_view message,
                           std::optional<nlohmann::json> data, const log_context& context) {
  return write_event(*store_, level, category, message, std::move(data), context);
}

template <class Conn>
bool basic_log_repository<Conn>::write(std::string_view level, std::string_view category, std::string_view message,
                           std::optional<nlohmann::json> data, const log_context& context) {
  return write_event(*store_, enum_from_name<log_level>(level), enum_from_name<log_category>(category), message,
                     std::move(data), context);
}

template <class Conn>
std::vector<system_log> basic_log_repository<Conn>::query(const log_query& q) const {
  field_errors errors;
  if (q.limit < 1 || q.limit > max_log_query_limit)
    errors["limit"].push_back("must be between 1 and " + std::to_string(max_log_query_limit));
  if (q.from && q.until && *q.from >= *q.until) errors["until"].push_back("must be after from");
  if (q.min_level) (void)named_or_error(q.min_level, "min_level", errors);
  if (q.category) (void)named_or_error(q.category, "category", errors);
  internal::throw_if_any(errors, "query logs");

  // Levels are stored as names, so "at least" is the set of names from min_level up.
  std::vector<log_level> levels;
  for (const auto& entry : enum_names_of<log_level>)
    if (!q.min_level || entry.value >= *q.min_level) levels.push_back(entry.value);
  return store_->db()
      .template select<system_log>()
      .where(dynamic(q.min_level.has_value(), in(col<&system_log::level>, levels)) &&
             dynamic(q.category.has_value(), col<&system_log::category> == q.category.value_or(log_category::system)) &&
             dynamic(q.from.has_value(), col<&system_log::created_at> >= q.from.value_or(unix_millis{})) &&
             dynamic(q.until.has_value(), col<&system_log::created_at> < q.until.value_or(unix_millis{})))
      .order_by(desc(col<&system_log::created_at>), desc(col<&system_log::id>))
      .limit(q.limit)
      .all();
}

template <class Conn>
std::map<std::string, std::int64_t> basic_log_repository<Conn>::apply_retention(std::int64_t batch_size) {
  return purge_expired_logs(*store_, batch_size);
}

}  // namespace vellum::cms
