// purge_expired_logs on SQLite (internal/log_retention_impl.hpp).
#include "internal/log_retention_impl.hpp"

namespace vellum::cms {

template std::map<std::string, std::int64_t> purge_expired_logs(basic_store<connection>&, std::int64_t);

}  // namespace vellum::cms
