// basic_version_repository on SQLite (its members: internal/version_repository_impl.hpp).
#include "internal/version_repository_impl.hpp"

namespace vellum::cms {

template class basic_version_repository<connection>;
template basic_version_repository<connection> basic_store<connection>::versions();

}  // namespace vellum::cms
