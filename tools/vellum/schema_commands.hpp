// `vellum generate | push | check`: the schema commands of the command line, against the CMS
// model (vellum::cms::all_tables). Parsing and running are the library's
// (vellum/cli/schema_commands.hpp), which host programs use with their own definitions.
//
//   vellum::tools::schema_commands schema{app};
//   app.parse(argc, argv);
//   if (schema.chosen()) return schema.run();
#pragma once

#include <CLI/CLI.hpp>

namespace vellum::tools {

class schema_commands {
 public:
  explicit schema_commands(CLI::App& app);
  schema_commands(const schema_commands&) = delete;
  schema_commands& operator=(const schema_commands&) = delete;

  /// True when the parsed command line chose generate, push or check.
  [[nodiscard]] bool chosen() const;
  /// Runs it; returns the exit code (0 done, 1 differences or a refused change, 2 bad usage).
  int run();

 private:
  CLI::App* generate_ = nullptr;
  CLI::App* push_ = nullptr;
  CLI::App* check_ = nullptr;
};

}  // namespace vellum::tools
