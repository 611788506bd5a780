#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "pg_test_server.hpp"
#include "vellum/core/error.hpp"
#include "vellum/core/pg_pool.hpp"

using vellum::testing::pg_test_schema;

TEST_CASE("pg pool shares a few connections between many threads", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::pool pool{schema.url(), {.size = 3}};
  pool.acquire()->execute("CREATE TABLE t (x INT)");
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      try {
        for (int i = 0; i < 10; ++i) {
          auto db = pool.acquire();
          db->transaction([&] { db->run("INSERT INTO t VALUES ($1)", t * 100 + i); });
        }
      } catch (...) {
        ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(failures == 0);
  CHECK(pool.open_connections() <= 3);
  CHECK(pool.acquire()->query_value<std::int64_t>("SELECT count(*) FROM t") == 60);
}

TEST_CASE("pg pool acquire times out with busy when every connection is lent", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::pool pool{schema.url(), {.size = 1, .acquire_timeout = std::chrono::milliseconds(100)}};
  auto held = pool.acquire();
  const auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_AS(pool.acquire(), vellum::busy);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(90));
}

TEST_CASE("pg pool rolls back a transaction left open by a lease", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::pool pool{schema.url(), {.size = 1}};
  pool.acquire()->execute("CREATE TABLE t (x INT)");
  {
    auto db = pool.acquire();
    db->execute("BEGIN; INSERT INTO t VALUES (1)");
  }
  auto db = pool.acquire();
  CHECK_FALSE(db->server_in_transaction());
  CHECK(db->query_value<std::int64_t>("SELECT count(*) FROM t") == 0);
}

TEST_CASE("pg pool replaces a connection whose server link broke", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::pool pool{schema.url(), {.size = 1}};
  int pid = 0;
  {
    auto db = pool.acquire();
    pid = *db->query_value<int>("SELECT pg_backend_pid()");
    vellum::pg::connection killer{schema.url()};
    killer.run("SELECT pg_terminate_backend($1)", pid);
    CHECK_THROWS_AS(db->run("SELECT 1"), vellum::error);
  }
  auto db = pool.acquire();
  CHECK(db->query_value<int>("SELECT pg_backend_pid()") != pid);
}
