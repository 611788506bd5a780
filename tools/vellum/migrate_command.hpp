// `vellum migrate …`: the migration subcommands of the command line (status, up, down, baseline,
// mark-applied, new), registered on a CLI11 app and run after parsing.
//
//   vellum::tools::migrate_command migrate{app};
//   app.parse(argc, argv);
//   return migrate.run();
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <stdexcept>
#include <string>

namespace vellum::tools {

/// Bad usage or input the parser could not see (a missing --db, an unknown id…): exit code 2.
class usage_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class migrate_command {
 public:
  explicit migrate_command(CLI::App& app);
  migrate_command(const migrate_command&) = delete;
  migrate_command& operator=(const migrate_command&) = delete;

  /// True when the parsed command line chose `migrate`.
  [[nodiscard]] bool chosen() const;
  /// Runs the chosen subcommand; returns the exit code or throws (see main.cpp for the mapping).
  int run();

 private:
  int status();
  int up();
  int down();
  int baseline();
  int mark_applied();
  int create();

  CLI::App* command_ = nullptr;
  std::function<int()> action_;
  std::string db_;
  std::string dir_;
  std::string to_;
  std::string id_;
  std::string name_;
  bool allow_changed_ = false;
  bool with_down_ = false;
};

}  // namespace vellum::tools
