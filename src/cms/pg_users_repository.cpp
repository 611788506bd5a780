// basic_users_repository on PostgreSQL (its members: internal/users_repository_impl.hpp).
#include "internal/pg_cms_backend.hpp"
#include "internal/users_repository_impl.hpp"

namespace vellum::cms {

template class basic_users_repository<pg::connection>;
template basic_users_repository<pg::connection> basic_store<pg::connection>::users();

}  // namespace vellum::cms
