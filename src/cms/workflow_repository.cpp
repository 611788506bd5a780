// basic_workflow_repository on SQLite (its members: internal/workflow_repository_impl.hpp).
#include "internal/workflow_repository_impl.hpp"

namespace vellum::cms {

template class basic_workflow_repository<connection>;
template basic_workflow_repository<connection> basic_store<connection>::workflows();

}  // namespace vellum::cms
