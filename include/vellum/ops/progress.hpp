// `progress`: how far a long operation (backup, export, import) has come, reported to an
// optional callback a few times a second at most, so a command line can draw a bar.
//
//   opts.progress = [](const vellum::ops::progress& p) { fmt::print("{}/{} {}\n", p.done, p.total, p.unit); };
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

namespace vellum::ops {

struct progress {
  std::uint64_t done = 0;
  std::uint64_t total = 0;  // 0 when unknown (an import read from a stream)
  std::string_view unit;    // "pages" or "rows"
  bool finished = false;    // the last report of the operation
};

using progress_callback = std::function<void(const progress&)>;

}  // namespace vellum::ops
