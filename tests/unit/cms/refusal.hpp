// Test helpers of the CMS repository tests: `refused<E>` runs a call that must be refused with E
// and checks the database is byte-for-byte what it was; `audit_of` reads an entity's audit trail
// in order. Both take the test store of either backend (cms_backend_fixture.hpp).
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <vellum/cms/schema/audit_events.hpp>

#include "cms_backend_fixture.hpp"

namespace vellum_test {

template <class E, class Store, class F>
E refused(Store& ms, F&& call) {
  const auto before = cms_backend::dump(ms.db());
  try {
    call();
  } catch (const E& e) {
    CHECK(cms_backend::dump(ms.db()) == before);
    return e;
  }
  FAIL("expected an exception");
  throw;  // unreachable: FAIL throws
}

template <class Store>
std::vector<vellum::cms::audit_event> audit_of(Store& ms, const std::string& entity_type,
                                               const std::string& entity_id) {
  using vellum::col;
  using event = vellum::cms::audit_event;
  auto events = ms.db()
                    .template select<event>()
                    .where(col<&event::entity_type> == entity_type && col<&event::entity_id> == entity_id)
                    .all();
  // Events of one clock tick are in the order they were written: their ids come from the test
  // store's sequential generator ("id-9" before "id-10"). PostgreSQL has no rowid to sort by.
  std::stable_sort(events.begin(), events.end(), [](const event& a, const event& b) {
    return std::tuple(a.at, a.id.size(), std::string_view(a.id)) < std::tuple(b.at, b.id.size(), std::string_view(b.id));
  });
  return events;
}

}  // namespace vellum_test
