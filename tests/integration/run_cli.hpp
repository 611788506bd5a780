// `vellum_cli(args)`: runs the built `vellum` executable (VELLUM_CLI_PATH) through a shell, without
// VELLUM_DB from the environment, and returns its exit code and output (stdout and stderr).
//
//   const auto r = vellum_cli("migrate status --db " + db);
//   CHECK(r.exit_code == 0);
#pragma once

#include <catch2/catch.hpp>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

struct cli_result {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// `args` is appended to the command line as written; paths from scratch_folder hold no spaces.
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
