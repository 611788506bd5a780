// basic_content_repository on PostgreSQL (its members: internal/content_repository_impl.hpp).
#include "internal/pg_cms_backend.hpp"
#include "internal/content_repository_impl.hpp"

namespace vellum::cms {

template class basic_content_repository<pg::connection>;
template basic_content_repository<pg::connection> basic_store<pg::connection>::content();

}  // namespace vellum::cms
