#include "schema_commands.hpp"

#include <string>
#include <vector>

#include <vellum/cli/schema_commands.hpp>
#include <vellum/cms/schema.hpp>

namespace vellum::tools {

namespace {

CLI::App* add(CLI::App& app, const char* name, const char* help) {
  CLI::App* sub = app.add_subcommand(name, help);
  sub->prefix_command();  // the options are the library's: passed on unparsed
  return sub;
}

}  // namespace

schema_commands::schema_commands(CLI::App& app)
    : generate_(add(app, "generate",
                    "Write the next migration from the diff between --db and the CMS definitions "
                    "(--name NAME [--dir DIR] [--rename TABLE.OLD=NEW] [--allow-destructive])")),
      push_(add(app, "push",
                "Apply the diff to a development database directly, after showing it "
                "(--db FILE [--rename TABLE.OLD=NEW] [--allow-destructive] [--dry-run])")),
      check_(add(app, "check", "Exit 1 naming each difference when --db does not match the CMS definitions")) {}

bool schema_commands::chosen() const { return generate_->parsed() || push_->parsed() || check_->parsed(); }

int schema_commands::run() {
  CLI::App* sub = generate_->parsed() ? generate_ : push_->parsed() ? push_ : check_;
  std::vector<std::string> args{"vellum", sub->get_name()};
  for (auto& arg : sub->remaining()) args.push_back(arg);
  std::vector<const char*> argv;
  for (const auto& arg : args) argv.push_back(arg.c_str());
  return vellum::cli::schema_command(vellum::migrate::table_definitions(vellum::cms::all_tables{}),
                                     static_cast<int>(argv.size()), argv.data());
}

}  // namespace vellum::tools
