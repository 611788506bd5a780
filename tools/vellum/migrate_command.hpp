// `vellum migrate …`: the migration subcommands of the command line (status, up, down, baseline,
// mark-applied, new), registered on a CLI11 app and run after parsing.
//
//   vellum::tools::migrate_command migrate{app, action};   // action: see command.hpp
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "command.hpp"

namespace vellum::tools {

class migrate_command {
 public:
  migrate_command(CLI::App& app, command_action& action);
  migrate_command(const migrate_command&) = delete;
  migrate_command& operator=(const migrate_command&) = delete;

 private:
  int status();
  int up();
  int down();
  int baseline();
  int mark_applied();
  int create();

  std::string db_;
  std::string dir_;
  std::string to_;
  std::string id_;
  std::string name_;
  bool allow_changed_ = false;
  bool with_down_ = false;
};

}  // namespace vellum::tools
