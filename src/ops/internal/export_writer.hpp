// The frame every export shares: a read snapshot of the database, and an output stream whose
// failures become vellum::error. Private to the library.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "table_catalog.hpp"
#include "vellum/core/connection.hpp"
#include "vellum/core/error.hpp"
#include "vellum/core/quoted_identifier.hpp"

namespace vellum::ops::internal {

/// invalid_state when `db` has an open transaction: an export must read one snapshot of
/// committed data, an import must own its transaction to stay all-or-nothing.
inline void require_no_transaction(const connection& db, std::string_view what) {
  if (db.in_transaction()) throw invalid_state(std::string(what) + ": finish the open transaction first");
}

/// Runs `fn` in a read transaction (one consistent snapshot).
template <class F>
auto in_read_snapshot(connection& db, std::string_view what, F&& fn) {
  require_no_transaction(db, what);
  return db.transaction(std::forward<F>(fn), transaction_mode::deferred);
}

/// Rows in `tables`, for a progress total.
inline std::uint64_t count_rows(connection& db, const std::vector<table_info>& tables) {
  std::uint64_t total = 0;
  for (const auto& t : tables)
    total += db.query_value<std::uint64_t>("SELECT count(*) FROM " + quote_identifier(t.name)).value_or(0);
  return total;
}

class export_writer {
 public:
  export_writer(std::ostream& out, std::string_view what) : out_(out), what_(what) {}
  void write(std::string_view text) {
    out_.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out_) fail();
  }
  void finish() {
    out_.flush();
    if (!out_) fail();
  }

 private:
  [[noreturn]] void fail() const { throw error(std::string(what_) + ": writing the output failed"); }
  std::ostream& out_;
  std::string_view what_;
};

}  // namespace vellum::ops::internal
