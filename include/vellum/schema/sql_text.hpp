// Building SQL text, usable in constant evaluation: `sql_writer` appends quoted identifiers,
// literals and placeholders in its dialect (`?` on SQLite, `$1…$n` on PostgreSQL, numbered in
// rendering order, which is binding order); `fixed_string` carries a string as a template
// argument; and `static_text<R, D>` freezes what `R::render(sql_writer&)` writes in dialect D
// into static storage.
//
//   struct one { static constexpr void render(vellum::sql_writer& w) { w.raw("SELECT 1"); } };
//   constexpr std::string_view sql = vellum::static_text<one>::view;
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "vellum/core/dialect.hpp"

namespace vellum {

template <std::size_t N>
struct fixed_string {
  char data[N]{};
  constexpr fixed_string(const char (&text)[N]) { std::copy_n(text, N, data); }  // NOLINT: implicit by design
  [[nodiscard]] constexpr std::string_view view() const { return {data, N - 1}; }
  [[nodiscard]] static constexpr std::size_t size() { return N - 1; }
};

class sql_writer {
 public:
  constexpr sql_writer() = default;
  constexpr explicit sql_writer(vellum::dialect d) : dialect_(d) {}
  [[nodiscard]] constexpr vellum::dialect sql_dialect() const noexcept { return dialect_; }
  [[nodiscard]] constexpr bool postgres() const noexcept { return dialect_ == dialect::postgres; }

  constexpr void raw(std::string_view text) {
    if (std::is_constant_evaluated()) {
      // Character by character: under -fsanitize=undefined, GCC 12 cannot constant-evaluate
      // std::string::append(pointer, size) on text held in a constexpr table definition.
      for (char c : text) out_ += c;
    } else {
      out_ += text;
    }
  }
  constexpr void raw(char c) { out_ += c; }
  /// An identifier in double quotes, with embedded quotes doubled.
  constexpr void identifier(std::string_view name) {
    out_ += '"';
    for (char c : name) {
      if (c == '"') out_ += '"';
      out_ += c;
    }
    out_ += '"';
  }
  /// A string literal in single quotes, with embedded quotes doubled (DDL defaults only; values
  /// in queries are always bound).
  constexpr void string_literal(std::string_view text) {
    out_ += '\'';
    for (char c : text) {
      if (c == '\'') out_ += '\'';
      out_ += c;
    }
    out_ += '\'';
  }
  constexpr void integer(std::int64_t value) {
    if (value < 0) {
      out_ += '-';
      // negate via unsigned to survive INT64_MIN
      return unsigned_integer(~static_cast<std::uint64_t>(value) + 1);
    }
    unsigned_integer(static_cast<std::uint64_t>(value));
  }
  constexpr void unsigned_integer(std::uint64_t value) {
    char digits[24]{};
    int n = 0;
    do {
      digits[n++] = static_cast<char>('0' + value % 10);
      value /= 10;
    } while (value != 0);
    while (n > 0) out_ += digits[--n];
  }
  /// The next parameter: `?` (SQLite), `$n` (PostgreSQL: n counts placeholders in rendering order).
  constexpr void placeholder() {
    ++parameters_;
    if (dialect_ == dialect::postgres) {
      out_ += '$';
      unsigned_integer(static_cast<std::uint64_t>(parameters_));
    } else {
      out_ += '?';
    }
  }
  [[nodiscard]] constexpr const std::string& str() const noexcept { return out_; }
  [[nodiscard]] constexpr std::string take() noexcept { return std::move(out_); }
  [[nodiscard]] constexpr int parameters() const noexcept { return parameters_; }

 private:
  std::string out_;
  int parameters_ = 0;
  vellum::dialect dialect_ = dialect::sqlite;
};

/// The text `Renderer::render(sql_writer&)` writes in dialect D during constant evaluation, in
/// static storage: one constant per (renderer, dialect).
template <class Renderer, dialect D = dialect::sqlite>
struct static_text {
 private:
  static constexpr std::size_t size = [] {
    sql_writer w{D};
    Renderer::render(w);
    return w.str().size();
  }();
  static constexpr std::array<char, size + 1> storage = [] {
    sql_writer w{D};
    Renderer::render(w);
    std::array<char, size + 1> out{};
    std::copy_n(w.str().data(), size, out.data());
    return out;
  }();

 public:
  static constexpr std::string_view view{storage.data(), size};
};

}  // namespace vellum
