#include "vellum/testing/write_failure.hpp"

#include <cstdint>

#include "vellum/core/error.hpp"

namespace vellum::testing {

write_failure::write_failure(connection& db, std::string_view table, statement kind) : db_(&db) {
  // The name comes from the database itself, so it is a real table's identifier.
  const auto name = db.query_value<std::string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name = ?",
                                                std::string(table));
  if (!name) throw not_found("write_failure: no table '" + std::string(table) + "'");
  const char* verb = kind == statement::insert ? "INSERT" : kind == statement::update ? "UPDATE" : "DELETE";
  std::string quoted = "\"";
  for (const char c : *name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  quoted += '"';
  trigger_ = "vellum_testing_fail_" + std::string(verb) + "_" + std::to_string(reinterpret_cast<std::uintptr_t>(this));
  db.execute("CREATE TEMP TRIGGER \"" + trigger_ + "\" BEFORE " + verb + " ON " + quoted +
             " BEGIN SELECT RAISE(ABORT, 'vellum::testing::write_failure: injected failure'); END");
}

write_failure::~write_failure() {
  try {
    db_->execute("DROP TRIGGER IF EXISTS temp.\"" + trigger_ + "\"");
  } catch (const error&) {
    // A destructor must not throw; the trigger dies with the connection at the latest.
  }
}

}  // namespace vellum::testing
