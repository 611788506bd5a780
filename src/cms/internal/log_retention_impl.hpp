// purge_expired_logs, a template over the connection: instantiated for SQLite in
// src/cms/log_retention.cpp and for PostgreSQL in src/cms/pg_log_retention.cpp.
#pragma once

#include "vellum/cms/log_retention.hpp"

#include <algorithm>
#include <chrono>

#include "vellum/cms/schema/audit_events.hpp"
#include "vellum/cms/schema/logs.hpp"
#include "vellum/cms/store.hpp"

namespace vellum::cms {

namespace {

// Deletes up to `batch` rows of Row older than `cutoff` matching `condition`, one transaction per
// batch, until none is left; returns how many.
template <class Row, class Conn, class Key, class Condition>
std::int64_t delete_in_batches(basic_database<Conn>& db, const Key& key, const Condition& condition,
                               std::int64_t batch) {
  std::int64_t total = 0;
  for (;;) {
    const int deleted = db.transaction([&] {
      return db.template delete_from<Row>()
          .where(in(key, vellum::select(key).template from<Row>().where(condition).limit(batch)))
          .run();
    });
    total += deleted;
    if (deleted < batch) return total;
  }
}

}  // namespace

template <class Conn>
std::map<std::string, std::int64_t> purge_expired_logs(basic_store<Conn>& s, std::int64_t batch_size) {
  batch_size = std::max<std::int64_t>(batch_size, 1);
  auto& db = s.db();
  std::map<std::string, std::int64_t> deleted;
  for (const log_config& config : db.template select<log_config>().all()) {
    const std::string category(enum_to_name(config.category));
    deleted[category] = 0;
    if (config.retention_days <= 0) continue;  // zero or negative deletes nothing (GX-8)
    const unix_millis cutoff = s.now() - std::chrono::days(config.retention_days);
    if (config.category == log_config_category::audit) {
      deleted[category] = delete_in_batches<audit_event>(db, col<&audit_event::id>, col<&audit_event::at> < cutoff,
                                                         batch_size);
    } else if (const auto log_cat = enum_from_name<log_category>(category)) {
      deleted[category] = delete_in_batches<system_log>(
          db, col<&system_log::id>, col<&system_log::category> == *log_cat && col<&system_log::created_at> < cutoff,
          batch_size);
    }
  }
  return deleted;
}

}  // namespace vellum::cms
