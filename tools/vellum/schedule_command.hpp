// `vellum schedule …`: the scheduler's runner as a command, for cron or a systemd timer
// (SC-5…SC-7; docs/repositories.md, "Scheduling").
//
//   vellum schedule run --db cms.db --limit 100 --runner-id "$(hostname)-cron"
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

#include "command.hpp"

namespace vellum::tools {

class schedule_command {
 public:
  schedule_command(CLI::App& app, command_action& action);
  schedule_command(const schedule_command&) = delete;
  schedule_command& operator=(const schedule_command&) = delete;

 private:
  int run();

  std::string db_;
  std::int64_t limit_ = 100;
  std::string runner_id_;
};

}  // namespace vellum::tools
