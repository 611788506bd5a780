// basic_media_repository on PostgreSQL (its members: internal/media_repository_impl.hpp).
#include "internal/pg_cms_backend.hpp"
#include "internal/media_repository_impl.hpp"

namespace vellum::cms {

template class basic_media_repository<pg::connection>;
template basic_media_repository<pg::connection> basic_store<pg::connection>::media();

}  // namespace vellum::cms
