// basic_permission_service on PostgreSQL (its members: internal/permission_service_impl.hpp).
#include "internal/pg_cms_backend.hpp"
#include "internal/permission_service_impl.hpp"

namespace vellum::cms {

template class basic_permission_service<pg::connection>;
template basic_permission_service<pg::connection> basic_store<pg::connection>::permissions();

}  // namespace vellum::cms
