// basic_version_repository on PostgreSQL (its members: internal/version_repository_impl.hpp).
#include "internal/pg_cms_backend.hpp"
#include "internal/version_repository_impl.hpp"

namespace vellum::cms {

template class basic_version_repository<pg::connection>;
template basic_version_repository<pg::connection> basic_store<pg::connection>::versions();

}  // namespace vellum::cms
