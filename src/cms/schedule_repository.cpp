// basic_schedule_repository on SQLite (its members: internal/schedule_repository_impl.hpp).
#include "internal/schedule_repository_impl.hpp"

namespace vellum::cms {

template class basic_schedule_repository<connection>;
template basic_schedule_repository<connection> basic_store<connection>::schedules();

std::size_t schedule_run_report::count(schedule_status status) const {
  return static_cast<std::size_t>(std::count_if(outcomes.begin(), outcomes.end(), [&](const schedule_outcome& o) {
    return o.executed && o.action.status == status;
  }));
}

}  // namespace vellum::cms
