// `table_generations`: a per-table write counter for one connection, fed by SQLite's update hook,
// so a cache can tell whether a table changed since it read it without asking the database.
// `connection::watch_tables()` installs it on first use.
//
//   auto& gens = db.watch_tables();
//   const auto before = gens.generation("content");
//   db.run("UPDATE content SET title = ?", "x");
//   assert(gens.generation("content") != before);
//
// What counts as a change: every row inserted, updated or deleted on this connection (triggers
// and foreign-key actions included), counted when the row changes, so a write inside an open
// transaction is seen at once. Changes the update hook cannot name (the truncate optimisation of
// `DELETE FROM t`, WITHOUT ROWID tables) are caught by comparing sqlite3_total_changes64() with
// the rows the hook saw, and schema changes (DROP/ALTER) by an authorizer; both bump every
// table's generation. Writes by other connections are not seen. One thread, like the connection.
// It owns the connection's update hook and authorizer: do not set them through native_handle().
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;

namespace vellum {

class table_generations {
 public:
  /// Installs the update hook and authorizer on `db`; the destructor removes them.
  explicit table_generations(sqlite3* db);
  table_generations(const table_generations&) = delete;
  table_generations& operator=(const table_generations&) = delete;
  ~table_generations();

  /// A number that changes whenever a row of `table` changes (or an unnamed change happens).
  [[nodiscard]] std::uint64_t generation(std::string_view table);
  /// Bumped by changes no table name can be given for; part of every generation().
  [[nodiscard]] std::uint64_t epoch();
  /// A number that changes whenever any table's generation does.
  [[nodiscard]] std::uint64_t any_table();

 private:
  struct name_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  static void on_update(void* self, int op, const char* database, const char* table, std::int64_t rowid);
  static int on_authorize(void* self, int action, const char*, const char*, const char*, const char*);
  void catch_up();

  sqlite3* db_;
  std::unordered_map<std::string, std::uint64_t, name_hash, std::equal_to<>> counts_;
  std::uint64_t epoch_ = 0;
  std::int64_t total_changes_seen_ = 0;  // sqlite3_total_changes64() the hook accounted for
  std::uint64_t rows_seen_ = 0;
};

}  // namespace vellum
