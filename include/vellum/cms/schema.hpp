// The CMS schema as table definitions: every table of migrations/001_initial_schema.sql (with
// the indexes of 002_indexes.sql) and the ordinary table of 004_content_search.sql as a row struct and its `table<>`
// definition, in namespace vellum::cms. The two forms are kept equal by tests/unit/cms/schema_equality_test.cpp.
//
//   db.select<vellum::cms::content>().where(col<&vellum::cms::content::slug> == "hello").one();
#pragma once

#include "vellum/cms/schema/api_tokens.hpp"
#include "vellum/cms/schema/audit_events.hpp"
#include "vellum/cms/schema/autosaves.hpp"
#include "vellum/cms/schema/collections.hpp"
#include "vellum/cms/schema/comments.hpp"
#include "vellum/cms/schema/content.hpp"
#include "vellum/cms/schema/content_locks.hpp"
#include "vellum/cms/schema/content_search.hpp"
#include "vellum/cms/schema/content_workflow.hpp"
#include "vellum/cms/schema/logs.hpp"
#include "vellum/cms/schema/media.hpp"
#include "vellum/cms/schema/permissions.hpp"
#include "vellum/cms/schema/plugins.hpp"
#include "vellum/cms/schema/scheduled_content.hpp"
#include "vellum/cms/schema/users.hpp"
#include "vellum/cms/schema/workflow.hpp"
#include "vellum/core/type_list.hpp"

namespace vellum::cms {

/// Every CMS row type, in the order the migrations create the tables (the FTS5 table
/// content_search is virtual and has no definition).
using all_tables = type_list<user, collection, media, workflow_state, workflow, permission, role_permission,
                             workflow_transition, content, content_version, workflow_history,
                             content_workflow_status, scheduled_content, plugin, plugin_hook, plugin_route,
                             api_token, system_log, log_config, comment, audit_event, content_lock, autosave,
                             content_search_doc>;

}  // namespace vellum::cms
