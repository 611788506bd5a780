// Log and audit retention (GX-8): rows older than their category's `log_config.retention_days`
// are deleted, in batches of bounded size, each batch its own transaction, so a large purge
// never holds the write lock for long. A category without a row, or with zero or negative
// days, keeps everything. `system_logs` follow their own category; `audit_events` follow the
// `audit` category.
//
//   auto deleted = cms::purge_expired_logs(store);   // {"api": 120, "audit": 0, …}
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace vellum {
class connection;
}

namespace vellum::cms {

template <class Conn>
class basic_store;

/// Deletes expired system_logs and audit_events at the store's now(); returns rows deleted per
/// category. `batch_size` rows at most per transaction (at least 1).
template <class Conn>
std::map<std::string, std::int64_t> purge_expired_logs(basic_store<Conn>& s, std::int64_t batch_size = 1000);

extern template std::map<std::string, std::int64_t> purge_expired_logs(basic_store<connection>&, std::int64_t);

}  // namespace vellum::cms
