// The operations commands of the command line (docs/operations.md): `backup`, `export`,
// `import` and `doctor`, registered on a CLI11 app and run after parsing.
//
//   vellum backup --db cms.db --out cms-backup.db
//   vellum export --db cms.db --format json --out cms.json
//   vellum import --db other.db cms.json
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "command.hpp"

namespace vellum::tools {

class ops_command {
 public:
  ops_command(CLI::App& app, command_action& action);
  ops_command(const ops_command&) = delete;
  ops_command& operator=(const ops_command&) = delete;

 private:
  int backup();
  int export_data();
  int import_data();
  int doctor();

  std::string db_;
  std::string out_;
  std::string input_;
  std::string format_;
  std::string on_conflict_ = "skip";
  bool force_ = false;
  int pages_per_step_ = 1024;
};

}  // namespace vellum::tools
