// basic_schedule_repository on PostgreSQL (its members: internal/schedule_repository_impl.hpp).
#include "internal/pg_cms_backend.hpp"
#include "internal/schedule_repository_impl.hpp"

namespace vellum::cms {

template class basic_schedule_repository<pg::connection>;
template basic_schedule_repository<pg::connection> basic_store<pg::connection>::schedules();

}  // namespace vellum::cms
