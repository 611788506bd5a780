// The PostgreSQL server the tests use, and a fresh schema per test case.
//
//   vellum::testing::pg_test_schema schema;           // skips the test when there is no server
//   vellum::pg::connection db{schema.url()};           // its tables land in the fresh schema
//
// The URL comes from VELLUM_PG_URL (a server of the user's), else from the file named by
// VELLUM_PG_URL_FILE, which the CTest fixture `postgres` writes after starting a throwaway
// cluster (tests/postgres/pg_cluster.sh). With neither, the test process prints why and exits
// with pg_skip_exit_code, which CTest reports as skipped (SKIP_RETURN_CODE).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>

#include "vellum/core/pg_connection.hpp"

namespace vellum::testing {

inline constexpr int pg_skip_exit_code = 4;

[[noreturn]] inline void skip_postgres_test(const std::string& why) {
  std::printf("SKIPPED: %s\n", why.c_str());
  std::fflush(stdout);
  std::_Exit(pg_skip_exit_code);  // no leak checks or destructors of a half-run test
}

/// The test server's URL, or a skipped test when there is none.
inline std::string pg_server_url() {
  if (const char* url = std::getenv("VELLUM_PG_URL"); url != nullptr && *url != '\0') return url;
  const char* file = std::getenv("VELLUM_PG_URL_FILE");
  if (file == nullptr || *file == '\0')
    skip_postgres_test("no PostgreSQL server: set VELLUM_PG_URL, or run the tests through CTest (fixture postgres)");
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  if (url.empty())
    skip_postgres_test(std::string("no PostgreSQL server was started (no URL in ") + file +
                       "; see the output of the test postgres_cluster_start)");
  return url;
}

/// `url` with the session option `-c <setting>` added, in URL or key=value form.
inline std::string pg_url_with_option(const std::string& url, const std::string& setting) {
  if (url.find("://") != std::string::npos) {
    std::string encoded;
    for (const char c : setting) encoded += c == '=' ? std::string("%3D") : std::string(1, c);
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-c%20" + encoded;
  }
  return url + " options='-c " + setting + "'";
}

/// A schema of its own for one test case, dropped with everything in it afterwards. Declare it
/// before the connections that use it.
class pg_test_schema {
 public:
  pg_test_schema() : server_url_(pg_server_url()) {
    std::random_device random;
    name_ = "vellum_t" + std::to_string(random()) + std::to_string(random() % 100000);
    vellum::pg::connection admin{server_url_};
    admin.execute("CREATE SCHEMA " + name_);
    url_ = pg_url_with_option(server_url_, "search_path=" + name_);
  }
  pg_test_schema(const pg_test_schema&) = delete;
  pg_test_schema& operator=(const pg_test_schema&) = delete;
  ~pg_test_schema() {
    try {
      vellum::pg::connection admin{server_url_};
      admin.execute("DROP SCHEMA IF EXISTS " + name_ + " CASCADE");
    } catch (...) {  // a leftover schema must not fail the test that made it
    }
  }
  /// A URL whose connections create and find tables in this schema.
  [[nodiscard]] const std::string& url() const noexcept { return url_; }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const std::string& server_url() const noexcept { return server_url_; }

 private:
  std::string server_url_;
  std::string name_;
  std::string url_;
};

}  // namespace vellum::testing
