// Test helpers of the users, collections and testing tests: `refused<E>` runs a call that must
// be refused with E and checks the database is byte-for-byte what it was; `audit_of` reads an
// entity's audit trail in order.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <vellum/cms/schema/audit_events.hpp>
#include <vellum/testing/database_dump.hpp>
#include <vellum/testing/memory_store.hpp>

namespace vellum_test {

template <class E, class F>
E refused(vellum::testing::memory_store& ms, F&& call) {
  const auto before = vellum::testing::dump(ms.db());
  try {
    call();
  } catch (const E& e) {
    CHECK(vellum::testing::dump(ms.db()) == before);
    return e;
  }
  FAIL("expected an exception");
  throw;  // unreachable: FAIL throws
}

inline std::vector<vellum::cms::audit_event> audit_of(vellum::testing::memory_store& ms, const std::string& entity_type,
                                                      const std::string& entity_id) {
  using vellum::col;
  using event = vellum::cms::audit_event;
  return ms.db()
      .select<event>()
      .where(col<&event::entity_type> == entity_type && col<&event::entity_id> == entity_id)
      .order_by(vellum::asc(col<&event::at>))
      .all();
}

}  // namespace vellum_test
