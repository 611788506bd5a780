// `vellum::testing::dump`: the whole content of a database as text (every table's rows in a
// fixed order), so a test can show that a refused call changed nothing at all.
//
//   const auto before = vellum::testing::dump(ms.db());
//   REQUIRE_THROWS_AS(users.create(who, bad_input), vellum::validation_error);
//   CHECK(vellum::testing::dump(ms.db()) == before);
#pragma once

#include <string>

#include "vellum/core/connection.hpp"

namespace vellum::testing {

/// One line per row, `table|value|value…`, tables by name and rows ordered by all their columns;
/// NULL as `NULL`, text quoted, blobs in hex. SQLite's internal tables and the shadow tables
/// of virtual tables (whose own rows stand for them) are left out.
[[nodiscard]] std::string dump(connection& db);

}  // namespace vellum::testing
