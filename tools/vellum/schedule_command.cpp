#include "schedule_command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>

#include <vellum/cms/schedule_repository.hpp>
#include <vellum/core/enum_names.hpp>

#include "database_file.hpp"

namespace vellum::tools {

namespace {

namespace cms = vellum::cms;

// A runner id that tells runners apart in claimed_by and the audit log: host and process.
std::string default_runner_id() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  return fmt::format("vellum-cli@{}:{}", host[0] != '\0' ? host.data() : "localhost", getpid());
}

void print_outcome(const cms::schedule_outcome& outcome) {
  const auto& a = outcome.action;
  const auto what = fmt::format("{} {} of {}", a.id, enum_to_name(a.action), a.content_id);
  if (!outcome.executed) {
    fmt::print("skipped {}: claimed by another runner meanwhile\n", what);
    return;
  }
  fmt::print("{} {} late_ms={}{}{}\n", enum_to_name(a.status), what, a.late_ms.value_or(0),
             a.error_message ? ": " : "", a.error_message.value_or(""));
}

}  // namespace

schedule_command::schedule_command(CLI::App& app, command_action& action) {
  CLI::App* group = app.add_subcommand("schedule", "Run scheduled publish, unpublish and archive actions");
  group->require_subcommand(1);
  group->add_option("--db", db_, "SQLite database file (its CMS schema up to date)")->envname("VELLUM_DB");
  CLI::App* pass = add_command(*group, "run", "Claim the actions due now and execute them, once", action,
                               [this] { return run(); });
  pass->add_option("--limit", limit_, "at most this many actions in this pass")
      ->check(CLI::Range(std::int64_t{1}, cms::max_schedule_batch))
      ->capture_default_str();
  pass->add_option("--runner-id", runner_id_, "the name this runner claims actions under (default: vellum-cli@HOST:PID)");
}

int schedule_command::run() {
  if (runner_id_.empty()) runner_id_ = default_runner_id();
  cms_database cms{db_};
  auto& store = cms.store();
  const auto report = store.schedules().run_due(store.now(), limit_, runner_id_);
  for (const auto& outcome : report.outcomes) print_outcome(outcome);
  const auto failed = report.count(cms::schedule_status::failed);
  if (report.outcomes.empty()) fmt::print("nothing due\n");
  else
    fmt::print("{} completed, {} failed, {} cancelled, {} skipped\n", report.count(cms::schedule_status::completed),
               failed, report.count(cms::schedule_status::cancelled),
               static_cast<std::size_t>(std::count_if(report.outcomes.begin(), report.outcomes.end(),
                                                      [](const auto& o) { return !o.executed; })));
  std::fflush(stdout);
  return failed == 0 ? exit_ok : exit_failed;
}

}  // namespace vellum::tools
