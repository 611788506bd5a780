// The `vellum` command line. Exit codes: 0 success, 1 a migration failed (or the database
// failed while working), 2 bad usage or input. Messages go to stderr, one or two lines each.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include <vellum/core/error.hpp>

#include "migrate_command.hpp"
#include "schema_commands.hpp"

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failed = 1;
constexpr int exit_usage = 2;

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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"vellum: the command line of the vellum data layer", "vellum"};
  app.require_subcommand(1);
  vellum::tools::migrate_command migrate(app);
  vellum::tools::schema_commands schema(app);

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

  if (schema.chosen()) return schema.run();  // reports its own errors
  try {
    return migrate.run();
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
    return report(e.what(), exit_usage);  // a malformed migration folder or tracking table
  } catch (const vellum::not_found& e) {
    return report(e.what(), exit_usage);  // an id that is not in the source
  } catch (const vellum::error& e) {
    return report(e.what(), exit_failed);
  } catch (const std::exception& e) {
    return report(e.what(), exit_failed);
  }
}
