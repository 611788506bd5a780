// The CMS schema on PostgreSQL (docs/postgres.md, "The CMS schema on PostgreSQL"): the table
// definitions' PostgreSQL DDL runs on the server; the database migrations/postgres builds equals
// the one the definitions build (the PostgreSQL twin of tests/unit/cms/schema_equality_test.cpp),
// compared through the catalogue: columns (type, NOT NULL, default, identity), indexes
// (pg_indexes.indexdef) and constraints (pg_get_constraintdef: PRIMARY KEY, UNIQUE, FOREIGN KEY,
// CHECK). Triggers, functions and the search objects of 004 are left out, as on SQLite. The
// seed rows equal SQLite's.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "pg_test_server.hpp"
#include "vellum/cms/bundled_migrations.hpp"
#include "vellum/cms/bundled_postgres_migrations.hpp"
#include "vellum/cms/schema.hpp"
#include "vellum/core/error.hpp"
#include "vellum/database.hpp"
#include "vellum/migrate.hpp"
#include "vellum/migrate/pg_migration_runner.hpp"
#include "vellum/pg_database.hpp"

using vellum::testing::pg_test_schema;
namespace cms = vellum::cms;
namespace mg = vellum::migrate;

namespace {

// The search table of 004 has another shape on each backend (FTS5 rowids on SQLite), so its
// definition is SQLite's only; the migrations' tracking table is the runner's.
using pg_tables = vellum::difference_t<cms::all_tables, vellum::type_list<cms::content_search_doc>>;

void migrate(vellum::pg::connection& db) {
  vellum::pg::migration_runner{db, mg::load_embedded(cms::detail::bundled_postgres_migrations())}.up();
}

/// Creates the tables of Rows… from their definitions: all tables first, then the foreign keys
/// (collections and workflows reference each other), then the indexes.
template <class... Rows>
void create_from_definitions(vellum::pg::connection& db, vellum::type_list<Rows...> = {}) {
  constexpr auto pg = vellum::dialect::postgres;
  db.transaction([&] {
    (db.execute(vellum::create_table_without_references_sql<Rows, false, pg>()), ...);
    ((vellum::add_references_sql<Rows>().empty() ? void() : db.execute(vellum::add_references_sql<Rows>())), ...);
    ((vellum::create_indexes_sql<Rows, false, pg>().empty() ? void()
                                                           : db.execute(vellum::create_indexes_sql<Rows, false, pg>())),
     ...);
  });
}

/// One line per column, index and constraint of the connection's schema (its search_path),
/// leaving out the tables named in `skip` and the `rowid` columns: migration 001 gives the two
/// tables the CMS reads in insertion order (plugin_hooks, workflow_history) the implicit rowid
/// SQLite tables have, which no definition names.
std::set<std::string> catalogue(vellum::pg::connection& db, const std::vector<std::string>& skip) {
  std::string skipped = "'{";
  for (std::size_t i = 0; i < skip.size(); ++i) skipped += (i > 0 ? "," : "") + skip[i];
  skipped += "}'";
  std::set<std::string> out;
  const auto read = [&](const std::string& sql) {
    auto st = db.prepare(sql);
    while (st.step()) out.insert(st.get<std::string>(0));
  };
  read("SELECT 'column ' || table_name || '.' || column_name || ': ' || data_type"
       " || CASE WHEN is_nullable = 'NO' THEN ' NOT NULL' ELSE '' END"
       " || coalesce(' DEFAULT ' || column_default, '')"
       " || CASE WHEN is_identity = 'YES' THEN ' IDENTITY ' || identity_generation ELSE '' END"
       " FROM information_schema.columns WHERE table_schema = current_schema()"
       " AND table_name <> ALL(" + skipped + "::text[]) AND column_name <> 'rowid'");
  read("SELECT 'index ' || tablename || '.' || indexname || ': ' || replace(indexdef, current_schema() || '.', '')"
       " FROM pg_catalog.pg_indexes WHERE schemaname = current_schema() AND tablename <> ALL(" + skipped +
       "::text[])");
  read("SELECT 'constraint ' || c.conrelid::regclass::text || '.' || c.conname || ': ' || pg_get_constraintdef(c.oid)"
       " FROM pg_catalog.pg_constraint AS c JOIN pg_catalog.pg_class AS t ON t.oid = c.conrelid"
       " WHERE c.connamespace = current_schema()::regnamespace AND t.relname <> ALL(" + skipped + "::text[])");
  return out;
}

std::vector<std::string> only_in(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::vector<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

std::string lines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& line : items) out += line + "\n";
  return out;
}

std::size_t count_prefix(const std::set<std::string>& items, const std::string& prefix, const std::string& part = {}) {
  return static_cast<std::size_t>(std::count_if(items.begin(), items.end(), [&](const std::string& s) {
    return s.starts_with(prefix) && s.find(part) != std::string::npos;
  }));
}

const std::vector<std::string> left_out = {"migrations", "content_search_docs"};

/// The migrated schema's catalogue and the definitions' (each in a schema of its own).
struct both_schemas {
  pg_test_schema migrated_schema;
  pg_test_schema defined_schema;
  vellum::pg::connection migrated{migrated_schema.url()};
  vellum::pg::connection defined{defined_schema.url()};
  both_schemas() {
    migrate(migrated);
    create_from_definitions(defined, pg_tables{});
  }
};

/// Whether two rows hold the same value in every column of their table definition.
template <class Row>
bool same_columns(const Row& a, const Row& b) {
  bool same = true;
  std::apply([&](const auto&... c) { ((same = same && a.*(c.member) == b.*(c.member)), ...); },
             vellum::table_of<Row>.columns);
  return same;
}

template <class Row>
void check_same_rows(vellum::database& sqlite, vellum::pg::database& pg) {
  constexpr auto& table = vellum::table_of<Row>;
  INFO("table " << table.name);
  const auto expected = sqlite.select<Row>().order_by(vellum::col<&Row::id>).all();
  const auto actual = pg.select<Row>().order_by(vellum::col<&Row::id>).all();
  REQUIRE(!expected.empty());
  REQUIRE(actual.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("row " << expected[i].id);
    CHECK(same_columns(actual[i], expected[i]));
  }
}

}  // namespace

TEST_CASE("pg every CMS table definition renders DDL the server accepts", "[postgres][cms][schema]") {
  pg_test_schema schema;
  vellum::pg::database db{schema.url()};
  create_from_definitions(db, cms::all_tables{});  // the SQLite-shaped search table included
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                                     "current_schema()") == static_cast<std::int64_t>(cms::all_tables::size));

  // The dialect's forms hold: now() stamps, BOOLEAN defaults, jsonb shape and regex checks.
  cms::user ann;
  ann.id = "u1";
  ann.email = "ann@example.com";
  ann.username = "ann";
  db.insert(ann);
  db.execute("INSERT INTO collections (id, name, display_name, schema) VALUES ('c1', 'posts', 'Posts', '{}')");
  const auto posts = db.select<cms::collection>().where(vellum::col<&cms::collection::id> == "c1").one();
  REQUIRE(posts.has_value());
  CHECK(posts->is_active);
  CHECK_FALSE(posts->managed);
  CHECK(posts->created_at > vellum::unix_millis{std::chrono::milliseconds{1735689600000}});  // DEFAULT now()
  CHECK(db.query_value<std::string>("SELECT column_default FROM information_schema.columns "
                                    "WHERE table_schema = current_schema() AND table_name = 'collections' "
                                    "AND column_name = 'created_at'") == "now()");
  CHECK_THROWS_AS(db.execute("INSERT INTO collections (id, name, display_name, schema) "
                             "VALUES ('c2', 'Posts', 'Posts', '{}')"),  // CS-2: lower case only
                  vellum::constraint_error);
  CHECK_THROWS_AS(db.execute("INSERT INTO collections (id, name, display_name, schema) "
                             "VALUES ('c2', 'pages', 'Pages', '[]')"),  // an object, not an array
                  vellum::constraint_error);
  CHECK_THROWS_AS(db.execute("INSERT INTO permissions (id, name, category) VALUES ('p1', 'content:publish', 'c')"),
                  vellum::constraint_error);
  CHECK_NOTHROW(db.execute("INSERT INTO permissions (id, name, category) VALUES ('p1', 'content.update_own', 'c')"));
  CHECK_THROWS_AS(db.execute("INSERT INTO permissions (id, name, category) VALUES ('p2', 'a.b.c', 'c')"),
                  vellum::constraint_error);
  CHECK_THROWS_AS(db.execute("INSERT INTO workflow_states (id, name, color) VALUES ('s1', 'S', '#12345G')"),
                  vellum::constraint_error);
  CHECK_THROWS_AS(db.execute("INSERT INTO api_tokens (id, name, token_hash, prefix, user_id) "
                             "VALUES ('t1', 'T', repeat('A', 64), 'vt_', 'u1')"),  // lower-case hex only
                  vellum::constraint_error);
  CHECK_NOTHROW(db.execute("INSERT INTO api_tokens (id, name, token_hash, prefix, user_id) "
                           "VALUES ('t1', 'T', repeat('a', 64), 'vt_', 'u1')"));
}

TEST_CASE("pg the CMS migrations and the table definitions build the same schema", "[postgres][cms][schema]") {
  both_schemas s;
  const auto from_migrations = catalogue(s.migrated, left_out);
  const auto from_definitions = catalogue(s.defined, left_out);
  const auto missing = only_in(from_definitions, from_migrations);
  const auto extra = only_in(from_migrations, from_definitions);
  INFO("in the definitions only:\n" << lines(missing) << "in the migrations only:\n" << lines(extra));
  CHECK(missing.empty());
  CHECK(extra.empty());

  // The comparison saw what it should (a catalogue that read nothing would compare equal too):
  // every table but the search table, the 48 named indexes (4 partial unique) of
  // docs/cms-schema.md, 38 foreign keys, and the CHECKs SQLite has less the 20 boolean and 5
  // nullable-JSON checks that PostgreSQL's types make unnecessary.
  std::set<std::string> tables;
  for (const auto& line : from_migrations)
    if (line.starts_with("column ")) tables.insert(line.substr(7, line.find('.') - 7));
  CHECK(tables.size() == pg_tables::size);
  CHECK(count_prefix(from_migrations, "index ", ": CREATE") - count_prefix(from_migrations, "index ", "_pkey") -
            count_prefix(from_migrations, "index ", "_key ON") ==
        48);
  CHECK(count_prefix(from_migrations, "index ", " WHERE ") == 4);
  CHECK(count_prefix(from_migrations, "constraint ", ": FOREIGN KEY") == 38);
  CHECK(count_prefix(from_migrations, "constraint ", ": CHECK") == 85 - 20 - 5);
  CHECK(count_prefix(from_migrations, "column ", "timestamp with time zone NOT NULL DEFAULT now()") == 32);
}

TEST_CASE("pg the CMS schema comparison reports an altered column index or constraint", "[postgres][cms][schema]") {
  both_schemas s;
  const auto from_definitions = catalogue(s.defined, left_out);
  struct drift {
    std::string change;    // SQL run on the migrated schema
    std::string expected;  // a line of the migrated schema the definitions lack
  };
  const drift drifts[] = {
      {"ALTER TABLE audit_events ALTER COLUMN at DROP NOT NULL", "column audit_events.at: timestamp with time zone"},
      {"ALTER TABLE content ALTER COLUMN revision TYPE INTEGER",
       "column content.revision: integer NOT NULL DEFAULT 1"},
      {"ALTER TABLE users ALTER COLUMN updated_at SET DEFAULT CURRENT_TIMESTAMP",
       "column users.updated_at: timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP"},
      {"DROP INDEX idx_media_uploaded_at; CREATE INDEX idx_media_uploaded_at ON media (uploaded_at, id DESC)",
       "index media.idx_media_uploaded_at: CREATE INDEX idx_media_uploaded_at ON media USING btree (uploaded_at, id "
       "DESC)"},
      {"ALTER TABLE content_locks DROP CONSTRAINT content_locks_user_id_fkey;"
       "ALTER TABLE content_locks ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL",
       "constraint content_locks.content_locks_user_id_fkey: FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE SET "
       "NULL"},
  };
  for (const auto& [change, expected] : drifts) {
    pg_test_schema altered_schema;
    vellum::pg::connection altered{altered_schema.url()};
    migrate(altered);
    altered.execute(change);
    const auto found = only_in(catalogue(altered, left_out), from_definitions);
    INFO("after: " << change << "\nin the migrations only:\n" << lines(found));
    CHECK(found == std::vector<std::string>{expected});
    CHECK(only_in(from_definitions, catalogue(altered, left_out)).size() == 1);  // the line it replaced
  }
}

TEST_CASE("pg the CMS seed rows equal SQLite's after migrating", "[postgres][cms][schema]") {
  pg_test_schema schema;
  vellum::pg::database pg{schema.url()};
  migrate(pg);
  vellum::database sqlite{":memory:"};
  mg::migration_runner{sqlite, mg::load_embedded(cms::detail::bundled_migrations())}.up();

  check_same_rows<cms::workflow_state>(sqlite, pg);
  check_same_rows<cms::permission>(sqlite, pg);
  check_same_rows<cms::role_permission>(sqlite, pg);
  check_same_rows<cms::workflow>(sqlite, pg);
  check_same_rows<cms::workflow_transition>(sqlite, pg);
  check_same_rows<cms::log_config>(sqlite, pg);
  CHECK(pg.query_value<std::int64_t>("SELECT count(*) FROM users") == 0);  // no user is seeded
  const auto draft = pg.select<cms::workflow_state>().where(vellum::col<&cms::workflow_state::id> == "draft").one();
  REQUIRE(draft.has_value());
  CHECK(draft->is_initial);
  CHECK(draft->created_at == vellum::unix_millis{std::chrono::milliseconds{1735689600000}});

  // Migrating again applies nothing.
  CHECK(vellum::pg::migration_runner{pg, mg::load_embedded(cms::detail::bundled_postgres_migrations())}.up().empty());
}

TEST_CASE("pg the CMS append-only triggers refuse updates", "[postgres][cms][schema]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  migrate(db);
  db.execute("INSERT INTO users (id, email, username) VALUES ('u1', 'ann@example.com', 'ann');"
             "INSERT INTO collections (id, name, display_name, schema) VALUES ('c1', 'posts', 'Posts', '{}');"
             "INSERT INTO content (id, collection_id, slug, title, data, author_id) "
             "VALUES ('i1', 'c1', 'hello', 'Hello', '{}', 'u1');"
             "INSERT INTO content_versions (id, content_id, version, data, author_id, title, slug, kind, schema_version)"
             " VALUES ('v1', 'i1', 1, '{}', 'u1', 'Hello', 'hello', 'create', 1);"
             "INSERT INTO workflow_history (id, content_id, workflow_id, to_state_id, user_id, version, action)"
             " VALUES ('h1', 'i1', 'default', 'draft', 'u1', 1, 'enter');"
             "INSERT INTO audit_events (id, at, actor, action, entity_type, entity_id)"
             " VALUES ('a1', now(), 'user:u1', 'create', 'content', 'i1')");

  CHECK_NOTHROW(db.execute("UPDATE content_versions SET label = 'first', pinned = true WHERE id = 'v1'"));  // VR-13
  CHECK_THROWS_WITH(db.execute("UPDATE content_versions SET title = 'Changed' WHERE id = 'v1'"),
                    Catch::Contains("content_versions rows are immutable"));
  CHECK_THROWS_AS(db.execute("UPDATE content_versions SET data = '{\"a\": 1}' WHERE id = 'v1'"), vellum::constraint_error);
  CHECK_THROWS_WITH(db.execute("UPDATE workflow_history SET comment = 'x'"),
                    Catch::Contains("workflow_history is append-only"));
  CHECK_THROWS_AS(db.execute("UPDATE audit_events SET actor = 'user:u2'"), vellum::constraint_error);
  CHECK_THROWS_WITH(db.execute("UPDATE audit_events SET actor = 'user:u2'"), Catch::Contains("audit_events is append-only"));
  CHECK_NOTHROW(db.execute("DELETE FROM audit_events WHERE id = 'a1'"));  // retention may delete (GX-8)
  CHECK(db.query_value<std::string>("SELECT title FROM content_versions WHERE id = 'v1'") == "Hello");
}
