// The PostgreSQL connection layer: a pool, a transaction, typed values and typed errors.
//
//   ./postgres_basics postgresql://user@127.0.0.1:5432/dbname
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "vellum/core/error.hpp"
#include "vellum/core/pg_pool.hpp"
#include "vellum/core/time.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <postgresql URL>\n", argv[0]);
    return 2;
  }
  try {
    vellum::pg::pool pool{argv[1], {.size = 2}};
    auto db = pool.acquire();
    db->execute(
        "CREATE TEMP TABLE notes (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, slug TEXT UNIQUE NOT NULL, "
        "data JSONB NOT NULL, created_at TIMESTAMPTZ NOT NULL)");
    db->transaction([&] {
      db->run("INSERT INTO notes (slug, data, created_at) VALUES ($1, $2, $3)", "hello",
              nlohmann::json{{"title", "Hello"}}, vellum::now_millis());
    });
    try {
      db->run("INSERT INTO notes (slug, data, created_at) VALUES ($1, $2, $3)", "hello", nlohmann::json::object(),
              vellum::now_millis());
    } catch (const vellum::constraint_error& e) {
      std::printf("refused: %s on %s.%s\n", vellum::to_string(e.kind()), e.table().c_str(), e.columns().at(0).c_str());
    }
    const auto title = db->query_value<std::string>("SELECT data->>'title' FROM notes WHERE slug = $1", "hello");
    std::printf("title: %s\n", title.value_or("?").c_str());
  } catch (const vellum::error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
