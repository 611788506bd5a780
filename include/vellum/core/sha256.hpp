// SHA-256 of bytes, as lowercase hex: migration checksums and API-token hashes.
//
//   std::string h = vellum::sha256_hex("hello");  // "2cf24dba…"
#pragma once

#include <string>
#include <string_view>

namespace vellum {

[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace vellum
