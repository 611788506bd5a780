// One model, two forms (issue 5, Done-when 2; issue 8, Done-when 5): the database the migrations
// build and the one the table definitions render must look the same to SQLite, table by table:
// columns (type, NOT NULL, default, primary key), indexes (unique, columns, DESC, partial WHERE),
// foreign keys (target, ON UPDATE/ON DELETE), CHECK constraints and STRICT, compared by the
// library's own introspection and check (vellum/migrate/schema_check.hpp). Triggers live only in
// SQL and are not compared. A second test alters one side and shows each change is reported.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <vellum/cms/bundled_migrations.hpp>
#include <vellum/cms/schema.hpp>
#include <vellum/core/connection.hpp>
#include <vellum/database.hpp>
#include <vellum/migrate.hpp>

namespace {

namespace cms = vellum::cms;
namespace mg = vellum::migrate;
using mg::schema_model;

/// Runs every NNN_name.sql of the source tree's migrations/ folder in order (no .down.sql).
void run_migrations(vellum::connection& db) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(VELLUM_MIGRATIONS_DIR)) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".sql") && !name.ends_with(".down.sql")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 2);
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    INFO("migration " << file.filename().string());
    db.execute(text.str());
  }
}

/// The schema of the migrations, after `change` (SQL) when one is given.
schema_model migrated(const std::string& change = {}) {
  vellum::connection db{":memory:"};
  run_migrations(db);
  if (!change.empty()) db.execute(change);
  return mg::introspect(db);
}

/// The schema of the definitions `Rows…`.
template <class... Rows>
schema_model rendered(vellum::type_list<Rows...> rows = {}) {
  return mg::model_of(mg::table_definitions(rows));
}

std::vector<std::string> differences(const schema_model& migrations, const schema_model& definitions) {
  std::vector<std::string> out;
  for (const auto& d : mg::compare_schemas(migrations, definitions)) out.push_back(d.describe());
  return out;
}

std::string lines(const std::vector<std::string>& differences) {
  std::string out;
  for (const auto& line : differences) out += line + "\n";
  return out;
}

}  // namespace

// The audit_events table as an older definition might have declared it: `at` nullable.
namespace drifted {
struct audit_event {
  std::string id;
  std::optional<vellum::unix_millis> at;
  std::string actor;
  std::string action;
  std::string entity_type;
  std::string entity_id;
  std::optional<nlohmann::json> data;
};
constexpr auto vellum_table(vellum::tag<audit_event>) {
  namespace v = vellum;
  return v::table<audit_event>("audit_events", v::column(&audit_event::id, "id").primary_key(),
                               v::column(&audit_event::at, "at"), v::column(&audit_event::actor, "actor"),
                               v::column(&audit_event::action, "action"),
                               v::column(&audit_event::entity_type, "entity_type"),
                               v::column(&audit_event::entity_id, "entity_id"),
                               v::column(&audit_event::data, "data").check("data IS NULL OR json_valid(data)"))
      .strict()
      .index("idx_audit_events_entity", &audit_event::entity_type, &audit_event::entity_id, &audit_event::at)
      .index("idx_audit_events_at", &audit_event::at)
      .index("idx_audit_events_actor", &audit_event::actor, &audit_event::at);
}
}  // namespace drifted

TEST_CASE("the migrations and the table definitions build the same schema", "[cms][schema]") {
  const schema_model from_migrations = migrated();
  const schema_model from_definitions = rendered(cms::all_tables{});

  REQUIRE(from_migrations.tables.size() == cms::all_tables::size);
  const auto found = differences(from_migrations, from_definitions);
  INFO(lines(found));
  REQUIRE(found.empty());

  // The comparison saw what it should: all 24 STRICT tables, their named and automatic indexes,
  // foreign keys and CHECKs (a snapshot that read nothing would compare equal too).
  std::size_t indexes = 0, partial = 0, foreign_keys = 0, checks = 0;
  for (const auto& table : from_migrations.tables) {
    CHECK(table.strict);
    indexes += static_cast<std::size_t>(std::count_if(table.indexes.begin(), table.indexes.end(),
                                                      [](const auto& i) { return i.origin == "c"; }));
    partial += static_cast<std::size_t>(std::count_if(table.indexes.begin(), table.indexes.end(),
                                                      [](const auto& i) { return !i.where.empty(); }));
    foreign_keys += table.foreign_keys.size();
    checks += table.checks.size();
  }
  CHECK(indexes == 48);  // docs/cms-schema.md: 48 named indexes, 4 of them partial unique
  CHECK(partial == 4);
  CHECK(foreign_keys == 38);
  CHECK(checks == 85);
}

TEST_CASE("the schema comparison reports a drifted column, index, foreign key or check", "[cms][schema]") {
  SECTION("a change to the migrated database") {
    const schema_model from_definitions = rendered(cms::all_tables{});
    struct drift {
      std::string change;    // SQL run on the migrated database
      std::string expected;  // a line the comparison must report
    };
    const drift drifts[] = {
        {"ALTER TABLE content ADD COLUMN extra TEXT",
         "table content, column extra: in the database, not in the definitions"},
        {"DROP INDEX idx_content_status",
         "table content, index idx_content_status: missing in the database: (status)"},
        {"DROP INDEX ux_content_slug; CREATE UNIQUE INDEX ux_content_slug ON content (collection_id, locale, slug)",
         "table content, index ux_content_slug: UNIQUE (collection_id, locale, slug) in the database, "
         "UNIQUE (collection_id, locale, slug) WHERE deleted_at is null in the definitions"},
        {"DROP INDEX idx_media_uploaded_at; CREATE INDEX idx_media_uploaded_at ON media (uploaded_at, id DESC)",
         "table media, index idx_media_uploaded_at: (uploaded_at, id DESC) in the database, "
         "(uploaded_at DESC, id DESC) in the definitions"},
        {"DROP TABLE content_locks;"
         "CREATE TABLE content_locks (content_id TEXT PRIMARY KEY NOT NULL REFERENCES content (id) ON DELETE CASCADE,"
         " user_id TEXT NOT NULL REFERENCES users (id) ON DELETE SET NULL, acquired_at INTEGER NOT NULL,"
         " expires_at INTEGER NOT NULL, CHECK (expires_at > acquired_at)) STRICT;"
         "CREATE INDEX idx_content_locks_user ON content_locks (user_id)",
         "table content_locks: foreign key (user_id) -> users(id) ON DELETE CASCADE in the definitions only"},
        {"DROP TABLE content_locks;"
         "CREATE TABLE content_locks (content_id TEXT PRIMARY KEY NOT NULL REFERENCES content (id) ON DELETE CASCADE,"
         " user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE, acquired_at INTEGER NOT NULL,"
         " expires_at INTEGER NOT NULL, CHECK (expires_at >= acquired_at)) STRICT;"
         "CREATE INDEX idx_content_locks_user ON content_locks (user_id)",
         "table content_locks: CHECK (expires_at>=acquired_at) in the database only"},
    };
    for (const auto& [change, expected] : drifts) {
      const auto found = differences(migrated(change), from_definitions);
      INFO("after: " << change << "\nreported:\n" << lines(found));
      CHECK(std::find(found.begin(), found.end(), expected) != found.end());
      // Only the change itself is reported (a changed foreign key or CHECK shows as one line each way).
      CHECK(found.size() <= 2);
    }
  }

  SECTION("a definition that drifted from the migrations") {
    using drifted_tables = vellum::difference_t<cms::all_tables, vellum::type_list<cms::audit_event>>;
    const auto found =
        differences(migrated(), rendered(vellum::concat_t<drifted_tables, vellum::type_list<drifted::audit_event>>{}));
    INFO(lines(found));
    REQUIRE(found.size() == 1);
    CHECK(found[0] == "table audit_events, column at: NOT NULL in the database only");
  }
}

// Issue 8, Done-when 5: the CMS definitions diffed against a database the bundled CMS migrations
// built report no changes, through the public API a service uses at start-up.
TEST_CASE("a database built by the CMS migrations matches the CMS definitions", "[cms][schema][schema-diff]") {
  vellum::database db{":memory:"};
  mg::migration_runner{db, mg::load_embedded(cms::detail::bundled_migrations())}.up();
  // The FTS5 table and its shadow tables are there, and are neither drift nor to be dropped.
  for (const char* name : {"content_search", "content_search_data", "content_search_idx", "content_search_content",
                           "content_search_docsize", "content_search_config"}) {
    INFO(name);
    REQUIRE(db.query_value<int>("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", std::string(name)));
  }
  const auto found = db.check_schema(cms::all_tables{});
  std::vector<std::string> described;
  for (const auto& d : found) described.push_back(d.describe());
  INFO(lines(described));
  CHECK(found.empty());
  CHECK(mg::plan_migration(db, mg::table_definitions(cms::all_tables{})).empty());

  db.execute("ALTER TABLE content ADD COLUMN extra TEXT");
  REQUIRE(db.check_schema(cms::all_tables{}).size() == 1);
  CHECK(db.check_schema(cms::all_tables{})[0].describe() ==
        "table content, column extra: in the database, not in the definitions");
}
