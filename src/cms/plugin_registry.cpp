// basic_plugin_registry on SQLite (its members: internal/plugin_registry_impl.hpp).
#include "internal/plugin_registry_impl.hpp"

namespace vellum::cms {

template class basic_plugin_registry<connection>;
template basic_plugin_registry<connection> basic_store<connection>::plugins();

}  // namespace vellum::cms
