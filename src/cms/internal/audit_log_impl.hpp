// append_audit, a template over the connection: instantiated for SQLite in src/cms/audit_log.cpp
// and for PostgreSQL in src/cms/pg_audit_log.cpp.
#pragma once

#include "vellum/cms/audit_log.hpp"

#include "vellum/cms/schema/audit_events.hpp"
#include "vellum/cms/store.hpp"

namespace vellum::cms {

template <class Conn>
void append_audit(basic_store<Conn>& s, const actor& who, std::string_view action, std::string_view entity_type,
                  std::string_view entity_id, std::optional<nlohmann::json> data) {
#ifdef VELLUM_TEST_SPLIT_AUDIT_WRITE
  // The deliberately broken build of the crash loop's own test (tests/reliability, never the
  // library): the write so far commits, and the audit event goes into a second transaction.
  if (s.db().transaction_depth() == 1) {
    s.db().execute("COMMIT");
    s.db().execute("BEGIN IMMEDIATE");
  }
#endif
  s.db().insert(audit_event{s.new_id(), s.now(), who.label(), std::string(action), std::string(entity_type),
                            std::string(entity_id), std::move(data)});
}

}  // namespace vellum::cms
