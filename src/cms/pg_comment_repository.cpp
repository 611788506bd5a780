// basic_comment_repository on PostgreSQL (its members: internal/comment_repository_impl.hpp).
#include "internal/pg_cms_backend.hpp"
#include "internal/comment_repository_impl.hpp"

namespace vellum::cms {

template class basic_comment_repository<pg::connection>;
template basic_comment_repository<pg::connection> basic_store<pg::connection>::comments();

}  // namespace vellum::cms
