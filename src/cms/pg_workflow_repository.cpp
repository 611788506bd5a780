// basic_workflow_repository on PostgreSQL (its members: internal/workflow_repository_impl.hpp).
#include "internal/pg_cms_backend.hpp"
#include "internal/workflow_repository_impl.hpp"

namespace vellum::cms {

template class basic_workflow_repository<pg::connection>;
template basic_workflow_repository<pg::connection> basic_store<pg::connection>::workflows();

}  // namespace vellum::cms
