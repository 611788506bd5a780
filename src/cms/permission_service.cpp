// basic_permission_service on SQLite (its members: internal/permission_service_impl.hpp).
#include "internal/permission_service_impl.hpp"

namespace vellum::cms {

template class basic_permission_service<connection>;
template basic_permission_service<connection> basic_store<connection>::permissions();

}  // namespace vellum::cms
