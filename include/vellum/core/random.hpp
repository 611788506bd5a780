// Cryptographically strong random values from OpenSSL: ids and secrets.
//
//   std::string id = vellum::random_uuid();        // "3f0c…-4…" (RFC 9562 version 4)
//   std::string secret = vellum::random_hex(32);   // 64 hex characters
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace vellum {

[[nodiscard]] std::vector<std::byte> random_bytes(std::size_t count);
[[nodiscard]] std::string random_hex(std::size_t byte_count);
[[nodiscard]] std::string random_uuid();

}  // namespace vellum
