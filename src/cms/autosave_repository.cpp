// basic_autosave_repository on SQLite (its members: internal/autosave_repository_impl.hpp).
#include "internal/autosave_repository_impl.hpp"

namespace vellum::cms {

template class basic_autosave_repository<connection>;
template basic_autosave_repository<connection> basic_store<connection>::autosaves();

}  // namespace vellum::cms
