// One model, two forms (issue 5, Done-when 2): the database the migrations build and the one the
// table definitions render must look the same to SQLite, table by table: columns (type, NOT NULL,
// default, primary key), indexes (unique, columns, DESC, partial WHERE), foreign keys (target,
// ON UPDATE/ON DELETE), CHECK constraints and STRICT. Triggers live only in SQL and are not
// compared. A second test alters one side and shows each change is reported.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <vellum/cms/schema.hpp>
#include <vellum/core/connection.hpp>
#include <vellum/schema/ddl.hpp>

#include "schema_snapshot.hpp"

namespace {

namespace cms = vellum::cms;
using vellum::testing::schema_differences;
using vellum::testing::schema_snapshot;
using vellum::testing::snapshot_of;

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
schema_snapshot migrated(const std::string& change = {}) {
  vellum::connection db{":memory:"};
  run_migrations(db);
  if (!change.empty()) db.execute(change);
  return snapshot_of(db);
}

/// The schema of the definitions `Rows…`: create_table_sql and create_indexes_sql of each.
template <class... Rows>
schema_snapshot rendered(vellum::type_list<Rows...> = {}) {
  vellum::connection db{":memory:"};
  (db.execute(vellum::create_table_sql<Rows>()), ...);
  (db.execute(vellum::create_indexes_sql<Rows>()), ...);
  return snapshot_of(db);
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
  const schema_snapshot from_migrations = migrated();
  const schema_snapshot from_definitions = rendered(cms::all_tables{});

  REQUIRE(from_migrations.tables.size() == cms::all_tables::size);
  const auto differences = schema_differences(from_migrations, from_definitions, "migrations", "definitions");
  INFO(lines(differences));
  REQUIRE(differences.empty());

  // The comparison saw what it should: all 23 STRICT tables, their named and automatic indexes,
  // foreign keys and CHECKs (a snapshot that read nothing would compare equal too).
  std::size_t indexes = 0, partial = 0, foreign_keys = 0, checks = 0;
  for (const auto& table : from_migrations.tables) {
    CHECK(table.strict);
    indexes += static_cast<std::size_t>(std::count_if(table.indexes.begin(), table.indexes.end(),
                                                      [](const auto& i) { return i.origin == "c"; }));
    partial += static_cast<std::size_t>(std::count_if(table.indexes.begin(), table.indexes.end(),
                                                      [](const auto& i) { return i.partial && !i.where.empty(); }));
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
    const schema_snapshot from_definitions = rendered(cms::all_tables{});
    struct drift {
      std::string change;    // SQL run on the migrated database
      std::string expected;  // a line the comparison must report
    };
    const drift drifts[] = {
        {"ALTER TABLE content ADD COLUMN extra TEXT",
         "table content: column 35 extra TEXT only in migrations"},
        {"DROP INDEX idx_content_status",
         "table content: index idx_content_status (status) [origin c] only in definitions"},
        {"DROP INDEX ux_content_slug; CREATE UNIQUE INDEX ux_content_slug ON content (collection_id, locale, slug)",
         "table content: index differs: migrations has ux_content_slug UNIQUE (collection_id, locale, slug) [origin c]; "
         "definitions has ux_content_slug UNIQUE (collection_id, locale, slug) WHERE deleted_at IS NULL [origin c]"},
        {"DROP INDEX idx_media_uploaded_at; CREATE INDEX idx_media_uploaded_at ON media (uploaded_at, id DESC)",
         "table media: index differs: migrations has idx_media_uploaded_at (uploaded_at, id DESC) [origin c]; "
         "definitions has idx_media_uploaded_at (uploaded_at DESC, id DESC) [origin c]"},
        {"DROP TABLE content_locks;"
         "CREATE TABLE content_locks (content_id TEXT PRIMARY KEY NOT NULL REFERENCES content (id) ON DELETE CASCADE,"
         " user_id TEXT NOT NULL REFERENCES users (id) ON DELETE SET NULL, acquired_at INTEGER NOT NULL,"
         " expires_at INTEGER NOT NULL, CHECK (expires_at > acquired_at)) STRICT;"
         "CREATE INDEX idx_content_locks_user ON content_locks (user_id)",
         "table content_locks: foreign key user_id -> users(id) ON UPDATE NO ACTION ON DELETE CASCADE only in "
         "definitions"},
        {"DROP TABLE content_locks;"
         "CREATE TABLE content_locks (content_id TEXT PRIMARY KEY NOT NULL REFERENCES content (id) ON DELETE CASCADE,"
         " user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE, acquired_at INTEGER NOT NULL,"
         " expires_at INTEGER NOT NULL, CHECK (expires_at >= acquired_at)) STRICT;"
         "CREATE INDEX idx_content_locks_user ON content_locks (user_id)",
         "table content_locks: CHECK (expires_at >= acquired_at) only in migrations"},
    };
    for (const auto& [change, expected] : drifts) {
      const auto differences = schema_differences(migrated(change), from_definitions, "migrations", "definitions");
      INFO("after: " << change << "\nreported:\n" << lines(differences));
      CHECK(std::find(differences.begin(), differences.end(), expected) != differences.end());
      // Only the change itself is reported (a changed foreign key or CHECK shows as one line each way).
      CHECK(differences.size() <= 2);
    }
  }

  SECTION("a definition that drifted from the migrations") {
    using drifted_tables = vellum::difference_t<cms::all_tables, vellum::type_list<cms::audit_event>>;
    const auto differences = schema_differences(
        migrated(), rendered(vellum::concat_t<drifted_tables, vellum::type_list<drifted::audit_event>>{}),
        "migrations", "definitions");
    INFO(lines(differences));
    REQUIRE(differences.size() == 1);
    CHECK(differences[0] ==
          "table audit_events: column 1 differs: migrations has at INTEGER NOT NULL; definitions has at INTEGER");
  }
}
