// basic_collections_repository on SQLite (its members: internal/collections_repository_impl.hpp).
#include "internal/collections_repository_impl.hpp"

namespace vellum::cms {

template class basic_collections_repository<connection>;
template basic_collections_repository<connection> basic_store<connection>::collections();

}  // namespace vellum::cms
