// How a command group plugs into the `vellum` command line. A group (migrate, collections,
// schedule, …) is a class whose constructor adds its subcommands to the app; the subcommand
// the parser picks stores what to run in the shared `command_action`, and main() runs it and
// turns exceptions into exit codes. Adding a group: `<group>_command.hpp/.cpp`, one line in
// main.cpp, one source in tools/CMakeLists.txt.
//
//   collections_command(CLI::App& app, command_action& action) {
//     CLI::App* group = app.add_subcommand("collections", "…");
//     add_command(*group, "sync", "…", action, [this] { return sync(); });
//   }
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <stdexcept>

namespace vellum::tools {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failed = 1;  // the work failed: a migration, a definition, an action, the database
inline constexpr int exit_usage = 2;   // bad usage or input: nothing was attempted

/// Bad usage or input the parser could not see (a missing --db, an unknown id…): exit code 2.
class usage_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What the parsed command line runs: returns the exit code, or throws (main.cpp maps it).
using command_action = std::function<int()>;

/// Adds subcommand `name` to `parent`; when the parser picks it, `run` becomes `action`. Options
/// of `parent` (such as --db) may follow the subcommand on the command line.
CLI::App* add_command(CLI::App& parent, const char* name, const char* help, command_action& action,
                      std::function<int()> run);

}  // namespace vellum::tools
