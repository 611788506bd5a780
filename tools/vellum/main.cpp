// The `vellum` command line. Exit codes: 0 success; 1 the work failed (a migration, a collection
// definition, a scheduled action, or the database while working); 2 bad usage or input, when
// nothing was attempted. Results go to stdout, messages to stderr, one or two lines each.
// Each command group lives in its own <group>_command.cpp; command.hpp says how to add one.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include <vellum/core/error.hpp>

#include "collections_command.hpp"
#include "command.hpp"
#include "migrate_command.hpp"
#include "ops_command.hpp"
#include "schedule_command.hpp"
#include "schema_commands.hpp"

namespace {

using vellum::tools::exit_failed;
using vellum::tools::exit_ok;
using vellum::tools::exit_usage;

int report(const char* what, int code) {
  fmt::print(stderr, "vellum: {}\n", what);
  return code;
}

// CLI11 reports `vellum migrate sideways` as a missing subcommand; name the word it did not know.
bool report_unknown_command(const CLI::App& app) {
  for (const CLI::App* level = &app; level != nullptr;) {
    const auto rest = level->remaining();
    if (!rest.empty() && !rest.front().starts_with("-")) {
      fmt::print(stderr, "vellum: unknown command '{}'\nRun with --help for more information.\n", rest.front());
      return true;
    }
    const auto parsed = level->get_subcommands();
    level = parsed.empty() ? nullptr : parsed.front();
  }
  return false;
}

// Runs the chosen command; what it throws becomes a message and an exit code.
int run(const vellum::tools::command_action& action) {
  try {
    return action();
  } catch (const vellum::tools::usage_error& e) {
    return report(e.what(), exit_usage);
  } catch (const vellum::migration_error& e) {
    fmt::print(stderr, "vellum: {}\n", e.what());
    if (!e.statement().empty()) {
      constexpr std::size_t shown = 400;
      const std::string& s = e.statement();
      fmt::print(stderr, "  statement: {}{}\n", s.substr(0, shown), s.size() > shown ? " …" : "");
    }
    return exit_failed;
  } catch (const vellum::validation_error& e) {
    return report(e.what(), exit_usage);  // input the command was given: a malformed folder, a bad limit…
  } catch (const vellum::not_found& e) {
    return report(e.what(), exit_usage);  // an id that is not in the source
  } catch (const vellum::error& e) {
    return report(e.what(), exit_failed);
  } catch (const std::exception& e) {
    return report(e.what(), exit_failed);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"vellum: the command line of the vellum data layer", "vellum"};
  app.require_subcommand(1);
  vellum::tools::command_action action;  // set by the subcommand the parser picks

  // The command groups, in the order --help lists them.
  vellum::tools::migrate_command migrate{app, action};
  vellum::tools::collections_command collections{app, action};
  vellum::tools::schedule_command schedule{app, action};
  vellum::tools::schema_commands schema{app, action};
  vellum::tools::ops_command ops{app, action};

  try {
    app.parse(argc, argv);
  } catch (const CLI::RequiredError& e) {
    if (report_unknown_command(app)) return exit_usage;
    app.exit(e);
    return exit_usage;
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints the help text, or the parse error and a hint
    return code == 0 ? exit_ok : exit_usage;
  }
  if (!action) return report("a subcommand is required", exit_usage);
  return run(action);
}
