// SHA-256 and random values over OpenSSL.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <string>
#include <vellum/core.hpp>

TEST_CASE("sha256_hex matches the FIPS 180-2 vectors", "[core][crypto]") {
  CHECK(vellum::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(vellum::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(vellum::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(vellum::sha256_hex(std::string("a\0b", 3)) != vellum::sha256_hex("a"));  // bytes, not C strings
}

TEST_CASE("random_uuid is a version 4, RFC variant UUID", "[core][crypto]") {
  const std::regex shape("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 64; ++i) {
    const auto id = vellum::random_uuid();
    CHECK(std::regex_match(id, shape));
    seen.insert(id);
  }
  CHECK(seen.size() == 64);
}

TEST_CASE("random_hex and random_bytes return what was asked", "[core][crypto]") {
  const auto hex = vellum::random_hex(32);
  CHECK(hex.size() == 64);
  CHECK(hex.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(vellum::random_hex(32) != hex);
  CHECK(vellum::random_bytes(0).empty());
  CHECK(vellum::random_bytes(17).size() == 17);
}
