// What the logger hook sees for each executed statement: SQL text (never values), how many
// parameters were bound, how long it ran, how many rows it returned or changed, and whether it
// had to be prepared (a statement-cache miss).
//
//   db.set_logger([](const vellum::query_event& e) { std::clog << e.sql << '\n'; });
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

namespace vellum {

struct query_event {
  std::string_view sql;
  int parameter_count = 0;
  std::chrono::nanoseconds duration{};
  std::int64_t rows = 0;  // rows returned by a query, or rows changed by a write
  bool prepared = false;  // true when this execution had to prepare the SQL
};

using query_logger = std::function<void(const query_event&)>;

}  // namespace vellum
