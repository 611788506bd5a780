#include "command.hpp"

#include <utility>

namespace vellum::tools {

CLI::App* add_command(CLI::App& parent, const char* name, const char* help, command_action& action,
                      std::function<int()> run) {
  CLI::App* sub = parent.add_subcommand(name, help);
  sub->fallthrough();
  sub->callback([&action, run = std::move(run)] { action = run; });
  return sub;
}

}  // namespace vellum::tools
