#include "vellum/core/pg_value.hpp"

#include <fmt/format.h>

#include <cmath>

#include "vellum/core/error.hpp"

namespace vellum::pg::detail {

void throw_mapping_error(const field& f, std::string_view problem) {
  throw mapping_error(fmt::format("reading column '{}': it {}", f.column, problem), std::string(), std::string(f.column));
}

void throw_bind_error(std::string_view problem) { throw error(fmt::format("binding a parameter: {}", problem)); }

void throw_text_with_nul() {
  throw validation_error("binding a parameter: PostgreSQL text cannot hold a NUL character");
}

namespace {

bool read_digits(std::string_view& s, std::size_t count, int& out) {
  if (s.size() < count) return false;
  int v = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  s.remove_prefix(count);
  return true;
}

bool consume(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

}  // namespace

std::string format_timestamp_us(std::int64_t micros) {
  using namespace std::chrono;
  const sys_time<microseconds> tp{microseconds(micros)};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss<microseconds> time{tp - day};
  const int y = static_cast<int>(ymd.year());
  if (y < 1) throw_bind_error("a time point before year 1 has no ISO timestamp");
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06}+00", y, static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()), time.hours().count(), time.minutes().count(),
                     time.seconds().count(), time.subseconds().count());
}

std::optional<std::int64_t> parse_timestamp_us(std::string_view s) {
  using namespace std::chrono;
  // YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM[:SS]]]; the year may have more than four digits.
  std::size_t year_digits = 0;
  while (year_digits < s.size() && s[year_digits] >= '0' && s[year_digits] <= '9') ++year_digits;
  if (year_digits < 4 || year_digits > 6) return std::nullopt;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!read_digits(s, year_digits, y) || !consume(s, '-') || !read_digits(s, 2, mo) || !consume(s, '-') ||
      !read_digits(s, 2, d) || !consume(s, ' ') || !read_digits(s, 2, h) || !consume(s, ':') ||
      !read_digits(s, 2, mi) || !consume(s, ':') || !read_digits(s, 2, sec))
    return std::nullopt;
  std::int64_t fraction = 0;
  if (consume(s, '.')) {
    int digits = 0;
    while (!s.empty() && s.front() >= '0' && s.front() <= '9') {
      if (digits < 6) fraction = fraction * 10 + (s.front() - '0');
      ++digits;
      s.remove_prefix(1);
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 6; ++digits) fraction *= 10;
  }
  std::int64_t offset_seconds = 0;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    const int sign = s.front() == '-' ? -1 : 1;
    s.remove_prefix(1);
    int oh = 0, om = 0, os = 0;
    if (!read_digits(s, 2, oh)) return std::nullopt;
    if (consume(s, ':') && !read_digits(s, 2, om)) return std::nullopt;
    if (consume(s, ':') && !read_digits(s, 2, os)) return std::nullopt;
    offset_seconds = sign * (oh * 3600 + om * 60 + os);
  }
  if (!s.empty()) return std::nullopt;  // " BC", or text that is no timestamp
  const year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  const auto local = sys_days(ymd) + hours(h) + minutes(mi) + seconds(sec) + microseconds(fraction);
  return (local - seconds(offset_seconds)).time_since_epoch().count();
}

std::string format_double(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  return fmt::format("{}", v);  // shortest text that reads back as the same double
}

std::optional<double> parse_double(std::string_view text) {
  if (text == "NaN") return std::nan("");
  if (text == "Infinity") return HUGE_VAL;
  if (text == "-Infinity") return -HUGE_VAL;
  double v = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc{} || ptr != end || text.empty()) return std::nullopt;
  return v;
}

std::string encode_bytea(std::span<const std::byte> bytes) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 + bytes.size() * 2);
  out += "\\x";
  for (const std::byte b : bytes) {
    const auto v = static_cast<unsigned>(b);
    out += hex[v >> 4];
    out += hex[v & 0xf];
  }
  return out;
}

std::optional<blob> decode_bytea(std::string_view text) {
  // bytea_output = hex, the default since PostgreSQL 9.0.
  if (!text.starts_with("\\x") || text.size() % 2 != 0) return std::nullopt;
  const auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  blob out;
  out.reserve((text.size() - 2) / 2);
  for (std::size_t i = 2; i < text.size(); i += 2) {
    const int hi = nibble(text[i]);
    const int lo = nibble(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<std::byte>(hi * 16 + lo));
  }
  return out;
}

}  // namespace vellum::pg::detail
