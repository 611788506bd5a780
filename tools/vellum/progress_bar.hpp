// `progress_bar`: a one-line bar on stderr for backup, export and import ("rows done, rate,
// ETA"), drawn only when stderr is a terminal and the work is more than a few thousand units;
// silent otherwise, so scripts and pipes see no control characters.
//
//   progress_bar bar{"export"};
//   options.progress = std::ref(bar);
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include <vellum/ops/progress.hpp>

namespace vellum::tools {

class progress_bar {
 public:
  explicit progress_bar(std::string label);
  progress_bar(const progress_bar&) = delete;
  progress_bar& operator=(const progress_bar&) = delete;
  ~progress_bar();

  void operator()(const ops::progress& p);

  /// Work smaller than this is not worth a bar.
  static constexpr std::uint64_t threshold = 5000;

 private:
  void draw(const ops::progress& p, bool last);

  std::string label_;
  bool terminal_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace vellum::tools
