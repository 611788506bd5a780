// basic_content_statistics on PostgreSQL (its members: internal/content_statistics_impl.hpp).
#include "internal/pg_cms_backend.hpp"
#include "internal/content_statistics_impl.hpp"

namespace vellum::cms {

template class basic_content_statistics<pg::connection>;
template basic_content_statistics<pg::connection> basic_store<pg::connection>::statistics();

}  // namespace vellum::cms
