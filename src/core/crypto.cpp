// SHA-256 and random bytes over OpenSSL's libcrypto.
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>

#include "vellum/core/error.hpp"
#include "vellum/core/random.hpp"
#include "vellum/core/sha256.hpp"

namespace vellum {

namespace {
constexpr char hex_digits[] = "0123456789abcdef";

std::string to_hex(const unsigned char* data, std::size_t size) {
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += hex_digits[data[i] >> 4];
    out += hex_digits[data[i] & 0x0f];
  }
  return out;
}
}  // namespace

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
    throw error("computing SHA-256: OpenSSL failed");
  return to_hex(digest.data(), length);
}

std::vector<std::byte> random_bytes(std::size_t count) {
  std::vector<std::byte> out(count);
  if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1)
    throw error("generating random bytes: OpenSSL's generator failed");
  return out;
}

std::string random_hex(std::size_t byte_count) {
  const auto bytes = random_bytes(byte_count);
  return to_hex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string random_uuid() {
  auto bytes = random_bytes(16);
  bytes[6] = (bytes[6] & std::byte{0x0f}) | std::byte{0x40};  // version 4
  bytes[8] = (bytes[8] & std::byte{0x3f}) | std::byte{0x80};  // RFC variant
  const std::string hex = to_hex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' + hex.substr(16, 4) + '-' +
         hex.substr(20);
}

}  // namespace vellum
