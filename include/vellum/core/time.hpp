// Time points stored as INTEGER: `unix_seconds` and `unix_millis` are `std::chrono::sys_time`
// with those units, so chrono arithmetic and formatting work on them directly.
//
//   vellum::unix_millis now = vellum::now_millis();
#pragma once

#include <chrono>

namespace vellum {

using unix_seconds = std::chrono::sys_seconds;
using unix_millis = std::chrono::sys_time<std::chrono::milliseconds>;

[[nodiscard]] inline unix_millis now_millis() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

}  // namespace vellum
