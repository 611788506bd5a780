// basic_autosave_repository on PostgreSQL (its members: internal/autosave_repository_impl.hpp).
#include "internal/pg_cms_backend.hpp"
#include "internal/autosave_repository_impl.hpp"

namespace vellum::cms {

template class basic_autosave_repository<pg::connection>;
template basic_autosave_repository<pg::connection> basic_store<pg::connection>::autosaves();

}  // namespace vellum::cms
