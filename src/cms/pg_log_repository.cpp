// basic_log_repository on PostgreSQL (its members: internal/log_repository_impl.hpp).
#include "internal/pg_cms_backend.hpp"
#include "internal/log_repository_impl.hpp"

namespace vellum::cms {

template class basic_log_repository<pg::connection>;
template basic_log_repository<pg::connection> basic_store<pg::connection>::logs();

}  // namespace vellum::cms
