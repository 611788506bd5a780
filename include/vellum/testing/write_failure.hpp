// `vellum::testing::write_failure`: while alive, every INSERT (or UPDATE, or DELETE) on one
// table fails inside SQLite, as a full disk or a broken trigger would. Tests use it to show
// that a multi-row operation leaves nothing behind when its last write fails (GX-1).
//
//   {
//     vellum::testing::write_failure audit_down{ms.db(), "audit_events"};
//     REQUIRE_THROWS_AS(ms.store().users().create(who, input), vellum::error);
//   }  // the trigger is gone again
#pragma once

#include <string>
#include <string_view>

#include "vellum/core/connection.hpp"

namespace vellum::testing {

class write_failure {
 public:
  enum class statement { insert, update, remove };

  /// Installs a TEMP trigger raising `ABORT` before each `kind` statement on `table`; throws
  /// vellum::not_found when the main database has no such table. The failure reaches the
  /// caller as a vellum::constraint_error of kind `other`.
  write_failure(connection& db, std::string_view table, statement kind = statement::insert);
  write_failure(const write_failure&) = delete;
  write_failure& operator=(const write_failure&) = delete;
  /// Drops the trigger.
  ~write_failure();

 private:
  connection* db_;
  std::string trigger_;
};

}  // namespace vellum::testing
