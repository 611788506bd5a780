// basic_log_repository on SQLite (its members: internal/log_repository_impl.hpp).
#include "internal/log_repository_impl.hpp"

namespace vellum::cms {

template class basic_log_repository<connection>;
template basic_log_repository<connection> basic_store<connection>::logs();

}  // namespace vellum::cms
