// Runs the built `vellum` executable (VELLUM_CLI_PATH) through a shell, as a user would, and
// returns its exit code and output; the command-line integration tests share it.
//
//   const auto r = vellum_test::vellum_cli("migrate up --db " + dir.file("cms.db"));
//   CHECK(r.exit_code == 0);
//   vellum_test::expect_usage("migrate up", "--db FILE is required");
#pragma once

#include <catch2/catch.hpp>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace vellum_test {

struct cli_result {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

/// `args` is appended to the command line as written; paths from scratch_folder hold no spaces.
/// VELLUM_DB is unset so the tests never see the caller's database.
inline cli_result vellum_cli(const std::string& args) {
  const std::string command = "env -u VELLUM_DB '" VELLUM_CLI_PATH "' " + args + " 2>&1";
  cli_result result;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer{};
  while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) result.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  REQUIRE(WIFEXITED(status));
  result.exit_code = WEXITSTATUS(status);
  return result;
}

/// Checks that `args` is refused as bad usage or input: exit code 2 and `message` in the output.
inline void expect_usage(const std::string& args, const std::string& message) {
  const auto r = vellum_cli(args);
  INFO(args << "\n" << r.output);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Catch::Contains(message));
}

}  // namespace vellum_test
