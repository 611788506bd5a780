// `vellum collections …`: collection sync from a folder of JSON definitions (CS-1…CS-9; the
// format is docs/repositories.md's "Collection sync").
//
//   vellum collections sync --db cms.db --dir collections/
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "command.hpp"

namespace vellum::tools {

class collections_command {
 public:
  collections_command(CLI::App& app, command_action& action);
  collections_command(const collections_command&) = delete;
  collections_command& operator=(const collections_command&) = delete;

 private:
  int sync();

  std::string db_;
  std::string dir_;
};

}  // namespace vellum::tools
