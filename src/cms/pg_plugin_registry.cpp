// basic_plugin_registry on PostgreSQL (its members: internal/plugin_registry_impl.hpp).
#include "internal/pg_cms_backend.hpp"
#include "internal/plugin_registry_impl.hpp"

namespace vellum::cms {

template class basic_plugin_registry<pg::connection>;
template basic_plugin_registry<pg::connection> basic_store<pg::connection>::plugins();

}  // namespace vellum::cms
