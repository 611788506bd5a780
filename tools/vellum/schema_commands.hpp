// `vellum generate | push | check`: the schema commands of the command line, against the CMS
// model (vellum::cms::all_tables). Parsing and running are the library's
// (vellum/cli/schema_commands.hpp), which host programs use with their own definitions; this
// group only forwards its arguments there.
//
//   vellum::tools::schema_commands schema{app, action};
#pragma once

#include <CLI/CLI.hpp>

#include <span>

#include <vellum/migrate/table_definitions.hpp>

#include "command.hpp"

namespace vellum::tools {

/// The CMS model's table definitions (what `vellum check` and `vellum doctor` compare with).
[[nodiscard]] std::span<const migrate::table_definition> cms_table_definitions();

class schema_commands {
 public:
  schema_commands(CLI::App& app, command_action& action);
  schema_commands(const schema_commands&) = delete;
  schema_commands& operator=(const schema_commands&) = delete;

 private:
  /// Runs `sub` (generate, push or check) with its unparsed arguments; returns the exit code
  /// (0 done, 1 differences or a refused change, 2 bad usage). Reports its own errors.
  static int run(const CLI::App& sub);
};

}  // namespace vellum::tools
