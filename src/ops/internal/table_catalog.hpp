// What the dump and export code needs to know about the database's tables, read from
// sqlite_schema, pragma_table_list and pragma_table_xinfo. Private to the library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/core/connection.hpp"
#include "vellum/ops/progress.hpp"

namespace vellum::ops::internal {

struct column_info {
  std::string name{};
  int key_position = 0;  // 1-based position in the primary key, 0 when not part of it
  bool generated = false;
};

struct table_info {
  std::string name{};
  std::string sql{};      // CREATE statement as stored
  bool is_virtual = false;
  bool virtual_rowid = false;  // a virtual table with rowids (FTS3/4/5): they are part of its rows
  bool without_rowid = false;
  std::vector<column_info> columns{};  // stored columns only (generated ones are left out)
  bool has_generated = false;

  /// Primary-key columns in key order; empty for a rowid table without a declared key.
  [[nodiscard]] std::vector<std::string> primary_key() const;
  /// " ORDER BY …" that lists the rows in a stable order (key, else rowid); for a virtual table,
  /// by rowid when it has them, else empty.
  [[nodiscard]] std::string order_by() const;
  /// `"a", "b", …` of the stored columns.
  [[nodiscard]] std::string column_list() const;
};

/// Ordinary and virtual tables of the main database in creation order, without SQLite's own
/// tables (sqlite_*) and the shadow tables of virtual tables.
[[nodiscard]] std::vector<table_info> user_tables(connection& db);

/// One table; not_found when the main database has no such table.
[[nodiscard]] table_info describe_table(connection& db, std::string_view name);

/// Lower-case hex of `size` bytes.
void append_hex(std::string& out, const void* bytes, std::size_t size);

/// Decodes hex text into bytes; false when `hex` is not an even number of hex digits.
[[nodiscard]] bool decode_hex(std::string_view hex, std::string& out);

/// Calls the callback every `every` units and once at the end, so reporting costs nothing.
class progress_reporter {
 public:
  progress_reporter(const progress_callback& callback, std::string_view unit, std::uint64_t total = 0)
      : callback_(&callback), unit_(unit), total_(total) {}
  void set_total(std::uint64_t total) noexcept { total_ = total; }
  void add(std::uint64_t n = 1) {
    done_ += n;
    if (*callback_ && done_ - reported_ >= every) report(false);
  }
  void finish() {
    if (*callback_) report(true);
  }
  [[nodiscard]] std::uint64_t done() const noexcept { return done_; }

  static constexpr std::uint64_t every = 2048;

 private:
  void report(bool finished) {
    reported_ = done_;
    (*callback_)(progress{.done = done_, .total = total_, .unit = unit_, .finished = finished});
  }
  const progress_callback* callback_;
  std::string_view unit_;
  std::uint64_t total_ = 0;
  std::uint64_t done_ = 0;
  std::uint64_t reported_ = 0;
};

/// Runs `fn` with foreign-key enforcement off on `db` (it can only change outside a
/// transaction), restoring the previous setting afterwards.
class foreign_keys_off {
 public:
  explicit foreign_keys_off(connection& db);
  foreign_keys_off(const foreign_keys_off&) = delete;
  foreign_keys_off& operator=(const foreign_keys_off&) = delete;
  ~foreign_keys_off();

 private:
  connection& db_;
  bool was_on_;
};

}  // namespace vellum::ops::internal
