// basic_store on PostgreSQL (internal/store_impl.hpp), with the audit and log-retention functions.
#include "internal/audit_log_impl.hpp"
#include "internal/log_retention_impl.hpp"
#include "internal/pg_cms_backend.hpp"
#include "internal/store_impl.hpp"

namespace vellum::cms {

template class basic_store<pg::connection>;
template void append_audit(basic_store<pg::connection>&, const actor&, std::string_view, std::string_view,
                           std::string_view, std::optional<nlohmann::json>);
template std::map<std::string, std::int64_t> purge_expired_logs(basic_store<pg::connection>&, std::int64_t);

}  // namespace vellum::cms
