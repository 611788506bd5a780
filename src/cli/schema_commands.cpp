#include "vellum/cli/schema_commands.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "vellum/core/connection.hpp"
#include "vellum/core/error.hpp"
#include "vellum/migrate/schema_check.hpp"
#include "vellum/migrate/schema_generate.hpp"

namespace vellum::cli {

namespace {

namespace fs = std::filesystem;
namespace mg = vellum::migrate;

constexpr int exit_ok = 0;
constexpr int exit_failed = 1;
constexpr int exit_usage = 2;

class usage_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

void print_plan(std::FILE* out, const mg::migration_plan& plan) {
  for (const auto& change : plan.changes()) {
    fmt::print(out, "  {}\n", change.summary);
    for (const auto& reason : change.reasons) fmt::print(out, "      {}\n", reason);
  }
  for (const auto& note : plan.notes()) fmt::print(out, "  note: {}\n", note);
}

int generate_file(std::span<const mg::table_definition> definitions, const schema_command_options& o, std::FILE* out) {
  if (o.name.empty()) throw usage_error("--name NAME is required (the new migration's name)");
  // A database that does not exist yet is an empty one: the whole schema becomes the first file.
  const bool exists = fs::exists(o.db);
  connection db{exists ? o.db : std::string(":memory:"), connection_options{.read_only = exists, .create = false}};
  const auto generated = mg::generate_migration(db, definitions, o.dir, o.name, o.diff);
  if (!generated.file) {
    fmt::print(out, "no changes: {} matches the definitions (with the migrations of {})\n", o.db, o.dir);
    return exit_ok;
  }
  fmt::print(out, "created {}\n", generated.file->string());
  print_plan(out, generated.plan);
  return exit_ok;
}

int push(std::span<const mg::table_definition> definitions, const schema_command_options& o, std::FILE* out) {
  connection db{o.db};
  const auto plan = mg::plan_migration(db, definitions, o.diff);
  if (plan.empty()) {
    fmt::print(out, "no changes: {} matches the definitions\n", o.db);
    return exit_ok;
  }
  fmt::print(out, "{}\n", plan.sql("push"));
  if (o.dry_run) {
    fmt::print(out, "dry run: nothing was changed\n");
    return exit_ok;
  }
  (void)mg::push_schema(db, definitions, o.diff);
  fmt::print(out, "pushed {} change{} to {}\n", plan.changes().size(), plan.changes().size() == 1 ? "" : "s", o.db);
  return exit_ok;
}

int check(std::span<const mg::table_definition> definitions, const schema_command_options& o, std::FILE* out) {
  if (!fs::exists(o.db)) throw usage_error(fmt::format("the database {} does not exist", o.db));
  connection db{o.db, connection_options{.read_only = true, .create = false}};
  const auto differences = mg::check_schema(db, definitions);
  for (const auto& d : differences) fmt::print(out, "{}\n", d.describe());
  if (differences.empty()) {
    fmt::print(out, "{} matches the definitions\n", o.db);
    return exit_ok;
  }
  fmt::print(out, "{} difference{} between {} and the definitions\n", differences.size(),
             differences.size() == 1 ? "" : "s", o.db);
  return exit_failed;
}

mg::column_rename parse_rename(std::string_view text) {
  const auto dot = text.find('.');
  const auto equals = text.find('=');
  if (dot == std::string_view::npos || equals == std::string_view::npos || equals < dot || dot == 0 ||
      equals == dot + 1 || equals + 1 == text.size())
    throw usage_error(fmt::format("--rename {}: write TABLE.OLD=NEW", text));
  return {std::string(text.substr(0, dot)), std::string(text.substr(dot + 1, equals - dot - 1)),
          std::string(text.substr(equals + 1))};
}

}  // namespace

int run_schema_command(std::span<const mg::table_definition> definitions, const schema_command_options& options,
                       std::FILE* out, std::FILE* err) {
  const auto report = [&](const char* what, int code) {
    fmt::print(err, "{}: {}\n", options.command.empty() ? "vellum" : options.command, what);
    return code;
  };
  try {
    if (options.db.empty()) throw usage_error("--db FILE is required");
    if (options.command == "generate") return generate_file(definitions, options, out);
    if (options.command == "push") return push(definitions, options, out);
    if (options.command == "check") return check(definitions, options, out);
    throw usage_error(fmt::format("unknown command '{}': use generate, push or check", options.command));
  } catch (const usage_error& e) {
    return report(e.what(), exit_usage);
  } catch (const validation_error& e) {
    return report(e.what(), exit_usage);
  } catch (const not_found& e) {
    return report(e.what(), exit_usage);
  } catch (const error& e) {
    return report(e.what(), exit_failed);  // a refused or failed change, or the database failing
  } catch (const std::exception& e) {
    return report(e.what(), exit_failed);
  }
}

int schema_command(std::span<const mg::table_definition> definitions, int argc, const char* const* argv) {
  schema_command_options options;
  if (const char* env = std::getenv("VELLUM_DB")) options.db = env;  // as `vellum migrate` does
  try {
    if (argc < 2) throw usage_error("usage: generate|push|check --db FILE [options]");
    options.command = argv[1];
    for (int i = 2; i < argc; ++i) {
      const std::string_view arg = argv[i];
      const auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw usage_error(fmt::format("{} needs a value", arg));
        return argv[++i];
      };
      if (arg == "--db") options.db = value();
      else if (arg == "--dir") options.dir = value();
      else if (arg == "--name") options.name = value();
      else if (arg == "--rename") options.diff.renames.push_back(parse_rename(value()));
      else if (arg == "--allow-destructive") options.diff.allow_destructive = true;
      else if (arg == "--dry-run") options.dry_run = true;
      else throw usage_error(fmt::format("unknown option '{}'", arg));
    }
  } catch (const usage_error& e) {
    fmt::print(stderr, "{}\n", e.what());
    return exit_usage;
  }
  return run_schema_command(definitions, options);
}

}  // namespace vellum::cli
