#include "collections_command.hpp"

#include <fmt/format.h>

#include <cstdio>

#include <vellum/cms/collections_repository.hpp>
#include <vellum/core/error.hpp>

#include "database_file.hpp"

namespace vellum::tools {

namespace {

namespace cms = vellum::cms;

// The actor sync's audit events name (GX-4).
const cms::actor sync_actor = cms::actor::system("collections-sync");

void print_result(const cms::collection_sync_result& r) {
  switch (r.action) {
    case cms::sync_action::updated:
      fmt::print("updated {} ({})\n", r.name, fmt::join(r.changed, ", "));
      break;
    case cms::sync_action::error:
      if (r.errors.empty()) {
        fmt::print("error {}: {}\n", r.name, r.message);
        break;
      }
      fmt::print("error {}: invalid definition\n", r.name);
      for (const auto& [field, messages] : r.errors)
        for (const auto& message : messages) fmt::print("  {}: {}\n", field, message);
      break;
    default:
      fmt::print("{} {}\n", cms::to_string(r.action), r.name);
  }
}

}  // namespace

collections_command::collections_command(CLI::App& app, command_action& action) {
  CLI::App* group = app.add_subcommand("collections", "Keep collections in line with definition files");
  group->require_subcommand(1);
  group->add_option("--db", db_, "SQLite database file (its CMS schema up to date)")->envname("VELLUM_DB");
  add_command(*group, "sync",
              "Create, update or reactivate each <name>.json's collection; deactivate managed ones left out",
              action, [this] { return sync(); })
      ->add_option("--dir", dir_, "folder of <name>.json collection definitions")
      ->required();
}

int collections_command::sync() {
  cms::collection_definition_folder folder;
  try {
    folder = cms::load_collection_definitions(dir_);
  } catch (const validation_error& e) {
    throw usage_error(e.what());
  }
  // An empty folder would deactivate every managed collection: far more likely a wrong path.
  if (folder.definitions.empty() && folder.unusable.empty())
    throw usage_error(fmt::format("no collection definitions (<name>.json) in {}: nothing to sync", dir_));

  cms_database cms{db_};
  const auto report = cms.store().collections().sync(sync_actor, folder);
  for (const auto& r : report.results) print_result(r);
  fmt::print("{} created, {} updated, {} unchanged, {} deactivated, {} failed\n",
             report.count(cms::sync_action::created), report.count(cms::sync_action::updated),
             report.count(cms::sync_action::unchanged), report.count(cms::sync_action::deactivated),
             report.count(cms::sync_action::error));
  std::fflush(stdout);
  return report.ok() ? exit_ok : exit_failed;
}

}  // namespace vellum::tools
