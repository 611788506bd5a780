// The consumer tests' program: uses vellum as an outside project would, through its public
// headers and the vellum::vellum target alone. It includes the umbrella header, so every public
// header must be installed and compile warning-free under the consumer's -Werror.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vellum/vellum.hpp>

int main() {
  vellum::connection db{":memory:"};
  db.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  db.transaction([&] { db.run("INSERT INTO notes(body) VALUES (?)", std::string("hello")); });
  const auto body = db.query_value<std::string>("SELECT body FROM notes WHERE id = ?", 1);
  const auto count = db.query_value<std::int64_t>("SELECT count(*) FROM notes");
  // sha256_hex needs libcrypto: the export must carry vellum's link-only dependencies.
  const bool hashed = vellum::sha256_hex("abc").starts_with("ba7816bf");
  if (body != "hello" || count != 1 || !hashed) {
    std::puts("vellum consumer: wrong results");
    return 1;
  }
  std::puts("vellum consumer: ok");
  return 0;
}
