#include "vellum/cms/data_transfer.hpp"

namespace vellum::cms {

const std::vector<std::string>& transfer_tables() {
  static const std::vector<std::string> tables{
      "users",           "permissions",      "role_permissions",  "workflow_states",
      "workflows",       "collections",      "workflow_transitions", "media",
      "content",         "content_versions", "content_workflow_status", "workflow_history",
      "scheduled_content", "comments",       "content_locks",     "autosaves",
      "plugins",         "plugin_hooks",     "plugin_routes",     "api_tokens",
      "system_logs",     "log_config",       "audit_events"};
  return tables;
}

ops::json_export_summary export_json(connection& db, std::ostream& out, ops::json_export_options options) {
  options.tables = transfer_tables();
  return ops::export_json(db, out, options);
}

ops::json_import_report import_json(connection& db, std::istream& in, ops::json_import_options options) {
  options.tables = transfer_tables();
  return ops::import_json(db, in, options);
}

}  // namespace vellum::cms
