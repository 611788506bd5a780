// basic_content_statistics on SQLite (its members: internal/content_statistics_impl.hpp).
#include "internal/content_statistics_impl.hpp"

namespace vellum::cms {

template class basic_content_statistics<connection>;
template basic_content_statistics<connection> basic_store<connection>::statistics();

}  // namespace vellum::cms
