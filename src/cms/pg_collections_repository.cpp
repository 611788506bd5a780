// basic_collections_repository on PostgreSQL (its members: internal/collections_repository_impl.hpp).
#include "internal/pg_cms_backend.hpp"
#include "internal/collections_repository_impl.hpp"

namespace vellum::cms {

template class basic_collections_repository<pg::connection>;
template basic_collections_repository<pg::connection> basic_store<pg::connection>::collections();

}  // namespace vellum::cms
