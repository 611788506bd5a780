// Built by the consumer tests when vellum::postgres exists: its headers compile in a strict
// consumer build without libpq's, and the library links with libpq through the exported target.
#include <cstdio>

#include "vellum/core/error.hpp"
#include "vellum/core/pg_pool.hpp"

int main() {
  try {
    vellum::pg::connection db{"postgresql://nobody@127.0.0.1:1/none"};
  } catch (const vellum::error&) {
    std::puts("vellum postgres consumer: ok");
    return 0;
  }
  return 1;
}
