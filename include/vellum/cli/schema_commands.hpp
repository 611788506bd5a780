// The schema commands of a command line — `generate`, `push` and `check` — over a program's own
// table definitions, so a host program can offer what `vellum` offers for the CMS model:
//
//   int main(int argc, char** argv) { return vellum::cli::generate<user, post>(argc, argv); }
//
//   app generate --db dev.db --name add_tags [--dir migrations] [--rename posts.body=text] [--allow-destructive]
//   app push     --db dev.db [--rename …] [--allow-destructive] [--dry-run]
//   app check    --db app.db
//
// Exit codes: 0 done (or no changes; for check: the database matches), 1 check found differences
// or a change was refused or failed, 2 bad usage or input. Reports go to stdout, errors to stderr.
#pragma once

#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "vellum/migrate/schema_diff.hpp"
#include "vellum/migrate/table_definitions.hpp"

namespace vellum::cli {

struct schema_command_options {
  std::string command;      // "generate", "push" or "check"
  std::string db;           // the SQLite file
  std::string dir = "migrations";  // generate: the migrations folder
  std::string name;         // generate: the new migration's name
  migrate::diff_options diff;
  bool dry_run = false;     // push: show the plan, change nothing
};

/// Runs one schema command against `definitions`, printing to `out` and `err`; returns the exit
/// code (errors are reported, not thrown).
int run_schema_command(std::span<const migrate::table_definition> definitions, const schema_command_options& options,
                       std::FILE* out = stdout, std::FILE* err = stderr);

/// Parses `argv` (argv[1] is the command, options follow; --db defaults to the environment
/// variable VELLUM_DB) and runs it.
int schema_command(std::span<const migrate::table_definition> definitions, int argc, const char* const* argv);

/// `generate`, `push` and `check` against the definitions of Tables….
template <mapped_row... Tables>
int generate(int argc, const char* const* argv) {
  return schema_command(migrate::table_definitions<Tables...>(), argc, argv);
}

}  // namespace vellum::cli
