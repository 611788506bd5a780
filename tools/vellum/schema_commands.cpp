#include "schema_commands.hpp"

#include <string>
#include <vector>

#include <vellum/cli/schema_commands.hpp>
#include <vellum/cms/schema.hpp>

namespace vellum::tools {

std::span<const migrate::table_definition> cms_table_definitions() {
  static const std::vector<migrate::table_definition> definitions =
      migrate::table_definitions(vellum::cms::all_tables{});
  return definitions;
}

schema_commands::schema_commands(CLI::App& app, command_action& action) {
  const auto add = [&](const char* name, const char* help) {
    // Not add_command: the options are the library's, passed on unparsed, so what to run is
    // known only once the parser has collected them.
    CLI::App* sub = app.add_subcommand(name, help);
    sub->prefix_command();
    sub->callback([&action, sub] { action = [sub] { return run(*sub); }; });
  };
  add("generate",
      "Write the next migration from the diff between --db and the CMS definitions "
      "(--name NAME [--dir DIR] [--rename TABLE.OLD=NEW] [--allow-destructive])");
  add("push",
      "Apply the diff to a development database directly, after showing it "
      "(--db FILE [--rename TABLE.OLD=NEW] [--allow-destructive] [--dry-run])");
  add("check", "Exit 1 naming each difference when --db does not match the CMS definitions");
}

int schema_commands::run(const CLI::App& sub) {
  std::vector<std::string> args{"vellum", sub.get_name()};
  for (const auto& arg : sub.remaining()) args.push_back(arg);
  std::vector<const char*> argv;
  for (const auto& arg : args) argv.push_back(arg.c_str());
  return vellum::cli::schema_command(cms_table_definitions(), static_cast<int>(argv.size()), argv.data());
}

}  // namespace vellum::tools
