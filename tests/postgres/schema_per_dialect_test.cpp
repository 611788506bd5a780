// Table definitions whose SQL text differs per dialect (vellum/schema/per_dialect.hpp,
// column_def::default_now) and tables that reference each other (create_table_without_references_sql,
// add_references_sql): the pinned text of both dialects, and the PostgreSQL form run on the server.
#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "pg_test_server.hpp"
#include "vellum/core/error.hpp"
#include "vellum/pg_database.hpp"
#include "vellum/schema/ddl.hpp"

using vellum::testing::pg_test_schema;

namespace shop {

struct team;
struct member {
  std::string id;
  std::string team_id;
  bool active = true;
  vellum::unix_millis joined_at{};
  std::optional<vellum::unix_seconds> seen_at;
};
struct team {
  std::string id;
  std::optional<std::string> lead_id;  // a member: the two tables reference each other
  std::string code;
};

constexpr auto vellum_table(vellum::tag<member>) {
  namespace v = vellum;
  return v::table<member>("members", v::column(&member::id, "id").primary_key(),
                          v::column(&member::team_id, "team_id").references<&team::id>().on_delete(v::fk_action::cascade),
                          v::column(&member::active, "active")
                              .default_value(true)
                              .check(v::per_dialect{.sqlite = "active IN (0, 1)"}),
                          v::column(&member::joined_at, "joined_at").default_now(),
                          v::column(&member::seen_at, "seen_at").default_now())
      .check(v::per_dialect{.sqlite = "seen_at IS NULL OR seen_at * 1000 >= joined_at",
                            .postgres = "seen_at IS NULL OR seen_at >= date_trunc('second', joined_at)"})
      .check(v::per_dialect{.postgres = "id <> ''"});
}
constexpr auto vellum_table(vellum::tag<team>) {
  namespace v = vellum;
  return v::table<team>("teams", v::column(&team::id, "id").primary_key(),
                        v::column(&team::lead_id, "lead_id").references<&member::id>().on_delete(v::fk_action::set_null),
                        v::column(&team::code, "code")
                            .check(v::per_dialect{.sqlite = "code GLOB '[A-Z][A-Z]'", .postgres = "code ~ '^[A-Z]{2}$'"}));
}

}  // namespace shop

namespace {

constexpr auto pg = vellum::dialect::postgres;

constexpr std::string_view members_sqlite = R"sql(CREATE TABLE "members" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "team_id" TEXT NOT NULL REFERENCES "teams"("id") ON DELETE CASCADE,
  "active" INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  "joined_at" INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  "seen_at" INTEGER DEFAULT (unixepoch()),
  CHECK (seen_at IS NULL OR seen_at * 1000 >= joined_at)
))sql";

constexpr std::string_view members_postgres = R"sql(CREATE TABLE "members" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "team_id" TEXT NOT NULL REFERENCES "teams"("id") ON DELETE CASCADE,
  "active" BOOLEAN NOT NULL DEFAULT TRUE,
  "joined_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "seen_at" TIMESTAMPTZ DEFAULT now(),
  CHECK (seen_at IS NULL OR seen_at >= date_trunc('second', joined_at)),
  CHECK (id <> '')
))sql";

constexpr std::string_view teams_postgres_without_references = R"sql(CREATE TABLE "teams" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "lead_id" TEXT,
  "code" TEXT NOT NULL CHECK (code ~ '^[A-Z]{2}$')
))sql";

static_assert(vellum::create_table_sql<shop::member>() == members_sqlite);
static_assert(vellum::create_table_sql<shop::member, false, pg>() == members_postgres);
static_assert(vellum::create_table_without_references_sql<shop::team, false, pg>() ==
              teams_postgres_without_references);
static_assert(vellum::add_references_sql<shop::team>() ==
              R"(ALTER TABLE "teams" ADD FOREIGN KEY ("lead_id") REFERENCES "members"("id") ON DELETE SET NULL)");
static_assert(vellum::add_references_sql<shop::member>() ==
              R"(ALTER TABLE "members" ADD FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE)");

}  // namespace

TEST_CASE("pg per-dialect checks and default_now render and hold on the server", "[postgres][schema][ddl]") {
  CHECK(std::string(vellum::create_table_sql<shop::member>()) == std::string(members_sqlite));
  CHECK(std::string(vellum::create_table_sql<shop::member, false, pg>()) == std::string(members_postgres));
  CHECK(std::string(vellum::create_table_sql<shop::team>()) ==
        "CREATE TABLE \"teams\" (\n  \"id\" TEXT PRIMARY KEY NOT NULL,\n"
        "  \"lead_id\" TEXT REFERENCES \"members\"(\"id\") ON DELETE SET NULL,\n"
        "  \"code\" TEXT NOT NULL CHECK (code GLOB '[A-Z][A-Z]')\n)");

  pg_test_schema schema;
  vellum::pg::database db{schema.url()};
  // The two tables reference each other: neither CREATE TABLE with its keys can go first.
  CHECK_THROWS_AS(db.execute(vellum::create_table_sql<shop::team, false, pg>()), vellum::error);
  db.execute(vellum::create_table_without_references_sql<shop::team, false, pg>());
  db.execute(vellum::create_table_without_references_sql<shop::member, false, pg>());
  db.execute(vellum::add_references_sql<shop::team>());
  db.execute(vellum::add_references_sql<shop::member>());
  CHECK(db.query_value<std::string>(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'teams_lead_id_fkey'") ==
        "FOREIGN KEY (lead_id) REFERENCES members(id) ON DELETE SET NULL");

  db.execute("INSERT INTO teams (id, code) VALUES ('t1', 'AB')");
  db.execute("INSERT INTO members (id, team_id) VALUES ('m1', 't1')");
  const auto m1 = db.select<shop::member>().where(vellum::col<&shop::member::id> == "m1").one();
  REQUIRE(m1.has_value());
  CHECK(m1->active);
  CHECK(m1->joined_at > vellum::unix_millis{std::chrono::milliseconds{1735689600000}});  // now()
  REQUIRE(m1->seen_at.has_value());
  CHECK_THROWS_AS(db.execute("INSERT INTO teams (id, code) VALUES ('t2', 'abc')"), vellum::constraint_error);
  CHECK_THROWS_AS(db.execute("INSERT INTO members (id, team_id) VALUES ('', 't1')"),  // the PostgreSQL-only check
                  vellum::constraint_error);
  db.execute("UPDATE teams SET lead_id = 'm1'");
  db.execute("DELETE FROM members");  // ON DELETE SET NULL
  CHECK(db.query_value<std::string>("SELECT coalesce(lead_id, 'none') FROM teams") == "none");
}
