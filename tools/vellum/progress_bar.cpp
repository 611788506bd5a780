#include "progress_bar.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace vellum::tools {

namespace {

std::string duration_text(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, s / 60 % 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

}  // namespace

progress_bar::progress_bar(std::string label)
    : label_(std::move(label)), terminal_(isatty(fileno(stderr)) != 0), start_(std::chrono::steady_clock::now()) {}

progress_bar::~progress_bar() {
  if (drawn_) std::fputs("\n", stderr);  // an error message starts on its own line
}

void progress_bar::operator()(const ops::progress& p) {
  if (!terminal_ || (p.total < threshold && p.done < threshold)) return;
  const auto now = std::chrono::steady_clock::now();
  if (!p.finished && drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  draw(p, p.finished);
}

void progress_bar::draw(const ops::progress& p, bool last) {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(p.done) / elapsed : 0;
  std::string line = "\r" + label_ + " ";
  if (p.total > 0) {
    constexpr int width = 30;
    const auto filled = static_cast<int>(static_cast<double>(width) * static_cast<double>(p.done) /
                                         static_cast<double>(p.total));
    line += "[" + std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(width - filled), ' ') + "] ";
    line += fmt::format("{}/{} {}", p.done, p.total, p.unit);
  } else {
    line += fmt::format("{} {}", p.done, p.unit);
  }
  line += fmt::format("  {:.0f} {}/s", rate, p.unit);
  if (p.total > p.done && rate > 0)
    line += "  ETA " + duration_text(static_cast<double>(p.total - p.done) / rate);
  else if (last)
    line += "  in " + duration_text(elapsed);
  line += "\x1b[K";  // clear what a longer previous line left
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace vellum::tools
