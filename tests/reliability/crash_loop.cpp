#include "crash_loop.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <vellum/cms/bundled_migrations.hpp>
#include <vellum/cms/content_repository.hpp>
#include <vellum/cms/schedule_repository.hpp>
#include <vellum/cms/schema.hpp>
#include <vellum/cms/store.hpp>
#include <vellum/core/error.hpp>
#include <vellum/migrate/migration_runner.hpp>
#include <vellum/migrate/migration_source.hpp>
#include <vellum/ops/integrity_check.hpp>

#include "support/scratch_folder.hpp"

namespace crash_loop {

namespace {

namespace cms = vellum::cms;
namespace migrate = vellum::migrate;
using json = nlohmann::json;

constexpr int test_migrations = 6;     // ids 101…106, after the CMS bundle
constexpr int rows_per_migration = 400;  // enough work that kills land inside a migration
const std::string actor_id = "u-crash";
const std::string collection_id = "c-crash";

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31U);
}

/// The migration folder the child runs: the CMS bundle, then test migrations that each create
/// a table, fill it, index it and add a column (four statements, one transaction), with downs.
void write_migrations(const vellum::testing::scratch_folder& dir) {
  for (const auto& m : migrate::load_embedded(cms::detail::bundled_migrations())) dir.write("migrations/" + m.filename, m.sql);
  for (int k = 1; k <= test_migrations; ++k) {
    const std::string t = "crash_t" + std::to_string(k);
    const std::string id = std::to_string(100 + k);
    dir.write("migrations/" + id + "_crash_" + std::to_string(k) + ".sql",
              "CREATE TABLE " + t + " (n INTEGER PRIMARY KEY, tag TEXT NOT NULL);\n"
              "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < " +
                  std::to_string(rows_per_migration) + ")\n  INSERT INTO " + t + " (n, tag) SELECT n, 'm" +
                  std::to_string(k) + "' FROM s;\n"
                  "CREATE INDEX " + t + "_tag ON " + t + " (tag);\n"
                  "ALTER TABLE " + t + " ADD COLUMN extra TEXT NOT NULL DEFAULT 'x';\n");
    dir.write("migrations/" + id + "_crash_" + std::to_string(k) + ".down.sql", "DROP TABLE " + t + ";\n");
  }
}

// --- the child ------------------------------------------------------------------------------

class reporter {
 public:
  explicit reporter(const std::string& path) : fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600)) {}
  /// One write(2) per line: the line is in the kernel's page cache before the next operation
  /// starts, so a SIGKILL cannot lose it.
  void line(const std::string& text) const {
    const std::string l = text + "\n";
    std::size_t done = 0;
    while (done < l.size()) {
      const auto n = ::write(fd_, l.data() + done, l.size() - done);
      if (n <= 0) ::_exit(4);
      done += static_cast<std::size_t>(n);
    }
  }

 private:
  int fd_;
};

std::vector<std::string> item_ids(vellum::database& db) {
  std::vector<std::string> ids;
  auto st = db.prepare("SELECT id FROM content ORDER BY id");
  while (st.step()) ids.push_back(st.get<std::string>(0));
  return ids;
}

std::int64_t revision_of(vellum::database& db, const std::string& id) {
  return db.query_value<std::int64_t>("SELECT revision FROM content WHERE id = ?", id).value_or(-1);
}

void ensure_actor_and_collection(vellum::database& db, const cms::store& store) {
  db.transaction([&] {
    if (!db.query_value<std::string>("SELECT id FROM users WHERE id = ?", actor_id)) {
      cms::user u;
      u.id = actor_id;
      u.email = "crash@example.com";
      u.username = "crash";
      u.role = cms::user_role::admin;
      db.insert(u);
    }
    if (!db.query_value<std::string>("SELECT id FROM collections WHERE id = ?", collection_id)) {
      cms::collection c;
      c.id = collection_id;
      c.name = "crash";
      c.display_name = "Crash";
      c.schema = {{"properties", json::object()}, {"additionalProperties", true}};
      c.created_at = store.now();
      c.updated_at = store.now();
      db.insert(c);
    }
  });
}

[[noreturn]] void child_main(const std::string& file, const std::string& migrations_dir, const std::string& report_path,
                             std::uint64_t seed) {
  const reporter report(report_path);
  try {
    std::mt19937_64 rng(seed);
    vellum::database db{file};
    const auto migrations = migrate::load_folder(migrations_dir);
    migrate::migration_runner runner{db, migrations};
    report.line("B up");
    std::string ids_text;
    for (const auto& id : runner.up()) ids_text += " " + id;
    report.line("D up" + ids_text);
    std::size_t applied = migrations.size();

    cms::store store{db, {.migrate = false}};
    ensure_actor_and_collection(db, store);
    const auto who = cms::actor::user(actor_id);
    auto ids = item_ids(db);
    const auto pick = [&] { return ids[rng() % ids.size()]; };

    for (std::uint64_t n = 0;; ++n) {
      const auto r = rng() % 100;
      try {
        if (r < 6) {
          const bool down = applied > migrations.size() - test_migrations && (applied == migrations.size() || rng() % 2 == 0);
          if (down) {
            report.line("B down");
            report.line("D down " + runner.down_last().at(0));
            --applied;
          } else {
            report.line("B up");
            report.line("D up " + runner.up_to(migrations[applied].id).at(0));
            ++applied;
          }
        } else if (r < 30 || ids.empty()) {
          report.line("B create");
          const auto item = store.content().create(
              who, {.collection_id = collection_id, .title = "Item " + std::to_string(seed % 100000) + "-" + std::to_string(n),
                    .data = {{"body", std::string(rng() % 2000, 'x')}, {"n", n}}, .auto_suffix = true});
          ids.push_back(item.id);
          report.line("D create " + item.id + " " + std::to_string(item.revision));
        } else if (r < 60) {
          const auto id = pick();
          report.line("B save " + id);
          const auto item = store.content().patch(who, id, {{"n", n}, {"tags", json::array({rng() % 7, rng() % 5})}});
          report.line("D save " + id + " " + std::to_string(item.revision));
        } else if (r < 72) {
          const auto id = pick();
          report.line("B save " + id);
          const auto item = store.content().update(who, id, {.title = "Renamed " + std::to_string(n), .auto_suffix = true});
          report.line("D save " + id + " " + std::to_string(item.revision));
        } else if (r < 84) {
          const auto id = pick();
          report.line("B publish " + id);
          const auto item = store.content().publish(who, id);
          report.line("D publish " + id + " " + std::to_string(item.revision));
        } else if (r < 93) {
          const auto id = pick();
          report.line("B schedule " + id);
          // 10 s ahead: still in the future when schedule() checks it on a loaded machine (1 ms
          // was not), and due for the next run, which runs at now + 1 min.
          const auto at = store.now() + std::chrono::seconds(10);
          const auto job = store.schedules().schedule(who, {.content_id = id, .action = cms::schedule_action::publish, .at = at});
          report.line("D schedule " + job.id);
        } else {
          report.line("B run");
          const auto ran = store.schedules().run_due(store.now() + std::chrono::minutes(1), 10, "crash-runner");
          std::string done = "D run";
          for (const auto& o : ran.outcomes)
            done += " " + o.action.content_id + " " + std::to_string(revision_of(db, o.action.content_id));
          report.line(done);
        }
      } catch (const vellum::conflict&) {
        report.line("D none");  // refused (a pending schedule, a taken slug): nothing written
      } catch (const vellum::invalid_state&) {
        report.line("D none");
      }
    }
  } catch (const std::exception& e) {
    std::string what = e.what();
    for (auto& c : what)
      if (c == '\n') c = ' ';
    report.line(std::string("E ") + what);
    ::_exit(2);
  }
  ::_exit(3);
}

// --- the parent's checks ----------------------------------------------------------------------

/// The schema as sqlite_master holds it, without the tracking table (created on its own before
/// the first migration).
std::string schema_fingerprint(vellum::connection& db) {
  std::string out;
  auto st = db.prepare(
      "SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT IN ('migrations', 'sqlite_sequence') "
      "AND name NOT LIKE 'sqlite_autoindex_migrations%' ORDER BY type, name");
  while (st.step()) out += st.get<std::string>(0) + " " + st.get<std::string>(1) + " " + st.get<std::string>(2) + "\n";
  return out;
}

std::vector<std::string> strings_of(vellum::connection& db, const std::string& sql) {
  std::vector<std::string> out;
  auto st = db.prepare(sql);
  while (st.step()) out.push_back(st.get<std::string>(0));
  return out;
}

struct model {
  std::size_t applied = 0;                       // migrations applied, a prefix of the source
  std::map<std::string, std::int64_t> revision;  // every item reported created, its last revision
  std::set<std::string> schedules;
};

struct report_summary {
  std::string in_flight;  // the "B" line without its "D", empty when none
  std::uint64_t committed = 0;
  std::string error;
};

report_summary apply_report(const std::string& path, model& m) {
  report_summary s;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string tag, op;
    words >> tag >> op;
    if (tag == "E") {
      s.error = line;
      continue;
    }
    if (tag == "B") {
      s.in_flight = op;
      continue;
    }
    s.in_flight.clear();
    ++s.committed;
    if (op == "up") {
      std::string id;
      while (words >> id) ++m.applied;
    } else if (op == "down") {
      --m.applied;
    } else if (op == "create" || op == "save" || op == "publish" || op == "run") {
      std::string id;
      std::int64_t rev = 0;
      while (words >> id >> rev) m.revision[id] = rev;
    } else if (op == "schedule") {
      std::string id;
      words >> id;
      m.schedules.insert(id);
    }
  }
  return s;
}

class checker {
 public:
  checker(std::string file, std::vector<migrate::migration> migrations)
      : file_(std::move(file)), migrations_(std::move(migrations)) {
    for (std::size_t n = 0; n <= migrations_.size(); ++n) {
      vellum::connection db{":memory:"};
      migrate::migration_runner runner{db, migrations_};
      if (n > 0) (void)runner.up_to(migrations_[n - 1].id);
      reference_.push_back(schema_fingerprint(db));
    }
  }

  /// Checks the database after a kill against what the child reported; then takes the state
  /// the database holds as the model (an operation in flight may or may not have committed).
  void check(const report_summary& report, model& m, std::vector<std::string>& problems) {
    vellum::connection db{file_};
    for (const auto& p : vellum::ops::check_integrity(db).problems) problems.push_back("integrity_check: " + p);
    for (const auto& v : vellum::ops::check_foreign_keys(db))
      problems.push_back("foreign_key_check: " + v.table + " rowid " + std::to_string(v.rowid) + " -> " + v.parent);
    check_migrations(db, report.in_flight, m, problems);
    if (m.applied >= 3) check_content(db, report.in_flight, m, problems);
  }

 private:
  void check_migrations(vellum::connection& db, const std::string& in_flight, model& m, std::vector<std::string>& problems) {
    std::vector<std::string> applied;
    if (db.query_value<std::int64_t>("SELECT count(*) FROM sqlite_master WHERE name = 'migrations'").value_or(0) > 0)
      applied = strings_of(db, "SELECT id FROM migrations ORDER BY id");
    const std::size_t n = applied.size();
    for (std::size_t i = 0; i < n; ++i)
      if (i >= migrations_.size() || applied[i] != migrations_[i].id) {
        problems.push_back("the applied migrations are not a prefix of the source: " + applied[i]);
        return;
      }
    if (schema_fingerprint(db) != reference_[n])
      problems.push_back("half-applied migration: the schema is not that of the first " + std::to_string(n) +
                         " migrations");
    for (std::size_t i = migrations_.size() - test_migrations; i < n; ++i) {
      const std::string t = "crash_t" + std::to_string(i - (migrations_.size() - test_migrations) + 1);
      const auto rows = db.query_value<std::int64_t>("SELECT count(*) FROM " + t + " WHERE extra = 'x'").value_or(-1);
      if (rows != rows_per_migration) problems.push_back(t + " holds " + std::to_string(rows) + " complete rows");
    }
    const bool ok = in_flight == "up" ? n >= m.applied : in_flight == "down" ? (n == m.applied || n + 1 == m.applied)
                                                                             : n == m.applied;
    if (!ok)
      problems.push_back("lost migration commit: " + std::to_string(n) + " applied, the child reported " +
                         std::to_string(m.applied) + (in_flight.empty() ? "" : " (" + in_flight + " in flight)"));
    m.applied = n;
  }

  void check_content(vellum::connection& db, const std::string& in_flight, model& m, std::vector<std::string>& problems) {
    std::map<std::string, std::int64_t> actual;
    {
      auto st = db.prepare("SELECT id, revision FROM content");
      while (st.step()) actual[st.get<std::string>(0)] = st.get<std::int64_t>(1);
    }
    for (const auto& [id, rev] : m.revision) {
      const auto it = actual.find(id);
      if (it == actual.end()) problems.push_back("lost commit: content '" + id + "' is missing");
      else if (it->second < rev || (in_flight.empty() && it->second != rev))
        problems.push_back("lost commit: content '" + id + "' has revision " + std::to_string(it->second) +
                           ", the child reported " + std::to_string(rev));
    }
    std::size_t unreported = 0;
    for (const auto& [id, rev] : actual)
      if (!m.revision.contains(id)) ++unreported;
    if (unreported > (in_flight == "create" ? 1U : 0U))
      problems.push_back(std::to_string(unreported) + " content items the child never reported");
    for (const auto& id : m.schedules)
      if (!db.query_value<std::string>("SELECT id FROM scheduled_content WHERE id = ?", id))
        problems.push_back("lost commit: scheduled action '" + id + "' is missing");

    // Every item with its versions, history and audit trail, and nothing of them without it.
    const std::pair<const char*, const char*> orphans[] = {
        {"content without its head version",
         "SELECT c.id FROM content c WHERE NOT EXISTS (SELECT 1 FROM content_versions v WHERE v.content_id = c.id "
         "AND v.version = c.head_version)"},
        {"a version beyond its item's head",
         "SELECT v.id FROM content_versions v JOIN content c ON c.id = v.content_id WHERE v.version > c.head_version"},
        {"versions not numbered 1…head",
         "SELECT c.id FROM content c WHERE (SELECT count(*) FROM content_versions v WHERE v.content_id = c.id) <> "
         "c.head_version"},
        {"a published version that does not exist",
         "SELECT c.id FROM content c WHERE c.published_version IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
         "content_versions v WHERE v.content_id = c.id AND v.version = c.published_version)"},
        {"a version without its item",
         "SELECT v.id FROM content_versions v WHERE NOT EXISTS (SELECT 1 FROM content c WHERE c.id = v.content_id)"},
        {"history without its item",
         "SELECT h.id FROM workflow_history h WHERE NOT EXISTS (SELECT 1 FROM content c WHERE c.id = h.content_id)"},
        {"an item's audit events not one per revision",
         "SELECT c.id FROM content c WHERE c.revision <> (SELECT count(*) FROM audit_events a WHERE "
         "a.entity_type = 'content' AND a.entity_id = c.id AND a.action NOT LIKE 'schedule.%')"},
        {"an audit event without its item",
         "SELECT a.id FROM audit_events a WHERE a.entity_type = 'content' AND NOT EXISTS (SELECT 1 FROM content c "
         "WHERE c.id = a.entity_id)"},
        {"a scheduled action without its item",
         "SELECT s.id FROM scheduled_content s WHERE NOT EXISTS (SELECT 1 FROM content c WHERE c.id = s.content_id)"},
        {"a scheduled action without its audit event",
         "SELECT s.id FROM scheduled_content s WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.action = "
         "'schedule.create' AND a.entity_id = s.content_id AND json_extract(a.data, '$.schedule_id') = s.id)"},
        {"an executed scheduled action without its audit event",
         "SELECT s.id FROM scheduled_content s WHERE s.status IN ('completed', 'failed') AND NOT EXISTS (SELECT 1 FROM "
         "audit_events a WHERE a.action = 'schedule.execute' AND json_extract(a.data, '$.schedule_id') = s.id)"},
    };
    for (const auto& [what, sql] : orphans)
      for (const auto& id : strings_of(db, sql)) problems.push_back(std::string(what) + ": " + id);
    m.revision = std::move(actual);
    if (!in_flight.empty()) {
      m.schedules.clear();
      for (const auto& id : strings_of(db, "SELECT id FROM scheduled_content")) m.schedules.insert(id);
    }
  }

  std::string file_;
  std::vector<migrate::migration> migrations_;
  std::vector<std::string> reference_;
};

}  // namespace

std::uint64_t seed_from_environment(std::uint64_t fallback) {
  if (const char* text = std::getenv("VELLUM_CRASH_SEED"); text != nullptr && *text != '\0')
    return std::strtoull(text, nullptr, 10);
  return fallback;
}

result run(const options& opts) {
  const auto started = std::chrono::steady_clock::now();
  vellum::testing::scratch_folder dir;
  write_migrations(dir);
  const std::string file = dir.file("crash.db");
  const std::string migrations_dir = dir.file("migrations");
  const std::string report_path = dir.file("report.txt");
  checker check{file, migrate::load_folder(migrations_dir)};
  model m;
  result out;
  std::mt19937_64 rng(splitmix(opts.seed));

  for (int cycle = 0;; ++cycle) {
    out.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    if (out.kills >= opts.min_kills || out.elapsed >= opts.max_time) break;
    if (opts.stop_at_first_failure && !out.failures.empty()) break;
    const auto child_seed = splitmix(opts.seed ^ (static_cast<std::uint64_t>(cycle) << 32U));
    const auto delay = std::chrono::microseconds(rng() % (static_cast<std::uint64_t>(opts.max_kill_delay_ms) * 1000 + 1));
    // Emptied here, not by the child: a child killed before it opens the file must not leave
    // the previous child's lines to be counted twice.
    std::ofstream{report_path, std::ios::trunc}.close();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("crash loop: fork failed");
    if (pid == 0) child_main(file, migrations_dir, report_path, child_seed);
    std::this_thread::sleep_for(delay);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    const bool killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    if (killed) ++out.kills;
    else ++out.children_finished_on_their_own;

    const auto report = apply_report(report_path, m);
    out.operations_committed += report.committed;
    std::vector<std::string> problems;
    if (!report.error.empty()) problems.push_back("the child failed: " + report.error);
    else if (!killed) problems.push_back("the child exited with status " + std::to_string(status));
    check.check(report, m, problems);
    for (const auto& p : problems)
      out.failures.push_back("cycle " + std::to_string(cycle) + " (seed " + std::to_string(opts.seed) + ", child seed " +
                             std::to_string(child_seed) + ", killed after " + std::to_string(delay.count()) +
                             " us): " + p);
  }
  out.items = static_cast<std::int64_t>(m.revision.size());
  return out;
}

}  // namespace crash_loop
