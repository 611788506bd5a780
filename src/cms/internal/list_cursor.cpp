#include "list_cursor.hpp"

#include <cstdint>
#include <optional>

#include "vellum/core/error.hpp"

namespace vellum::cms::internal {

namespace {

constexpr std::string_view base64url_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += base64url_alphabet[(buffer >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += base64url_alphabet[(buffer << (6 - bits)) & 0x3F];
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const auto at = base64url_alphabet.find(c);
    if (at == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(at);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace

std::string encode_cursor(unix_millis time, std::string_view id) {
  return base64url_encode(std::to_string(time.time_since_epoch().count()) + ":" + std::string(id));
}

list_cursor decode_cursor(std::string_view cursor, std::string_view operation) {
  const auto bad = [&] {
    return validation_error(std::string(operation) + ": the cursor is not one " + std::string(operation) + "() returned",
                            {{"cursor", {"malformed cursor"}}});
  };
  const auto text = base64url_decode(cursor);
  if (!text) throw bad();
  const auto colon = text->find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text->size() || colon > 18) throw bad();
  std::int64_t ms = 0;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = (*text)[i];
    if (c < '0' || c > '9') throw bad();
    ms = ms * 10 + (c - '0');
  }
  return {unix_millis(std::chrono::milliseconds(ms)), text->substr(colon + 1)};
}

}  // namespace vellum::cms::internal
