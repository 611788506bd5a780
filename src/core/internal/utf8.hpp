// UTF-8 decoding for text checks (CMS titles, slugs, labels; JSON export). Private to the library.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace vellum::internal {

/// Decodes the code point at `text[i]` and moves `i` past it; an invalid sequence (truncated,
/// overlong, a surrogate, past U+10FFFF) is nullopt and `i` moves one byte on.
[[nodiscard]] constexpr std::optional<char32_t> next_code_point(std::string_view text, std::size_t& i) noexcept {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  std::size_t length = 0;
  char32_t cp = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07;
  }
  bool ok = length > 0 && i + length <= text.size();
  for (std::size_t k = 1; ok && k < length; ++k) {
    const auto c = static_cast<unsigned char>(text[i + k]);
    ok = (c & 0xC0) == 0x80;
    cp = (cp << 6) | (c & 0x3F);
  }
  ok = ok && !((length == 2 && cp < 0x80) || (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000) ||
               (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF);
  if (!ok) {
    ++i;
    return std::nullopt;
  }
  i += length;
  return cp;
}

[[nodiscard]] constexpr bool valid_utf8(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size();)
    if (!next_code_point(text, i)) return false;
  return true;
}

/// Code points in `text`, which must be valid UTF-8.
[[nodiscard]] constexpr std::size_t utf8_length(std::string_view text) noexcept {
  std::size_t n = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace vellum::internal
