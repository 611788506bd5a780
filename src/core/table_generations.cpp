#include "vellum/core/table_generations.hpp"

#include <sqlite3.h>

namespace vellum {

table_generations::table_generations(sqlite3* db) : db_(db), total_changes_seen_(sqlite3_total_changes64(db)) {
  sqlite3_update_hook(
      db_, [](void* self, int op, const char* database, const char* table, sqlite3_int64 rowid) {
        on_update(self, op, database, table, rowid);
      },
      this);
  sqlite3_set_authorizer(db_, &table_generations::on_authorize, this);
}

table_generations::~table_generations() {
  sqlite3_update_hook(db_, nullptr, nullptr);
  sqlite3_set_authorizer(db_, nullptr, nullptr);
}

void table_generations::on_update(void* self, int, const char*, const char* table, std::int64_t) {
  auto& me = *static_cast<table_generations*>(self);
  ++me.total_changes_seen_;
  ++me.rows_seen_;
  const std::string_view name(table);
  if (const auto it = me.counts_.find(name); it != me.counts_.end()) ++it->second;
  else me.counts_.emplace(name, 1);
}

int table_generations::on_authorize(void* self, int action, const char*, const char*, const char*, const char*) {
  // Schema changes move rows without the update hook (a table rebuilt under a new name and
  // renamed): count them as a change of everything. Called when such a statement is prepared.
  switch (action) {
    case SQLITE_DROP_TABLE:
    case SQLITE_DROP_TEMP_TABLE:
    case SQLITE_DROP_VIEW:
    case SQLITE_ALTER_TABLE:
      ++static_cast<table_generations*>(self)->epoch_;
      break;
    default:
      break;
  }
  return SQLITE_OK;
}

void table_generations::catch_up() {
  // Rows counted by SQLite that the hook never named (truncate optimisation, WITHOUT ROWID).
  const std::int64_t total = sqlite3_total_changes64(db_);
  if (total != total_changes_seen_) {
    ++epoch_;
    total_changes_seen_ = total;
  }
}

std::uint64_t table_generations::epoch() {
  catch_up();
  return epoch_;
}

std::uint64_t table_generations::any_table() {
  catch_up();
  return epoch_ + rows_seen_;
}

std::uint64_t table_generations::generation(std::string_view table) {
  catch_up();
  const auto it = counts_.find(table);
  return epoch_ + (it == counts_.end() ? 0 : it->second);
}

}  // namespace vellum
