// basic_store on SQLite (internal/store_impl.hpp).
#include "internal/store_impl.hpp"

namespace vellum::cms {

template class basic_store<connection>;

}  // namespace vellum::cms
