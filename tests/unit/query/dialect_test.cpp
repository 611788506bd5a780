// The same typed queries in the PostgreSQL dialect: `$n` placeholders numbered in binding order,
// the PostgreSQL forms of IN lists, OFFSET without LIMIT, whole-row inserts and DDL; and the
// execution tests written once over a connection fixture (SQLite now; PostgreSQL adds one).
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "blog_fixture.hpp"

namespace {

using namespace blog;
using v::col;

template <class Q>
std::string pg_sql(const Q&) {
  return std::string(v::sql_for<Q, v::dialect::postgres>);
}
/// Renders a dynamic query in the PostgreSQL dialect.
template <class Q>
std::string pg_render(const Q& q) {
  v::sql_writer w{v::dialect::postgres};
  Q::render(w, &q);
  return w.take();
}

/// Counts the values a query binds, and their order, by binding into a recording statement.
struct recording_statement {
  std::vector<int> indexes;
  template <class T>
  void bind(int index, const T&) {
    indexes.push_back(index);
  }
  void bind_null(int index) { indexes.push_back(index); }
};
template <class Q>
std::vector<int> binding_order(const Q& q) {
  recording_statement st;
  v::binder<std::tuple<>, recording_statement> b{&st};
  q.bind(b);
  return st.indexes;
}
std::vector<int> one_to(int n) {
  std::vector<int> out;
  for (int i = 1; i <= n; ++i) out.push_back(i);
  return out;
}

constexpr std::string_view post_columns =
    R"("posts"."id", "posts"."author_id", "posts"."title", "posts"."status", "posts"."views", "posts"."score", "posts"."updated_at")";

}  // namespace

TEST_CASE("postgres: select with joins, where, order, limit and offset numbers $1…$n in binding order",
          "[query][dialect][postgres]") {
  const auto q = v::select(col<&post::title>, col<&user::email>)
                     .from<post>()
                     .join<user>(col<&user::id> == col<&post::author_id>)
                     .where(col<&post::views> > 10 && col<&user::active> == true)
                     .order_by(v::desc(col<&post::views>))
                     .limit(5)
                     .offset(10);
  using q_t = std::remove_cvref_t<decltype(q)>;
  static_assert(v::sql_for<q_t, v::dialect::postgres> ==
                R"(SELECT "posts"."title", "users"."email" FROM "posts" INNER JOIN "users" ON "users"."id" = "posts"."author_id" WHERE ("posts"."views" > $1 AND "users"."active" = $2) ORDER BY "posts"."views" DESC LIMIT $3 OFFSET $4)");
  static_assert(v::sql_v<q_t> ==
                R"(SELECT "posts"."title", "users"."email" FROM "posts" INNER JOIN "users" ON "users"."id" = "posts"."author_id" WHERE ("posts"."views" > ? AND "users"."active" = ?) ORDER BY "posts"."views" DESC LIMIT ? OFFSET ?)");
  CHECK(binding_order(q) == one_to(4));
  // OFFSET alone: SQLite needs LIMIT -1, PostgreSQL says LIMIT ALL
  CHECK(pg_sql(v::select<post>().offset(3)) == "SELECT " + std::string(post_columns) + R"( FROM "posts" LIMIT ALL OFFSET $1)");
}

TEST_CASE("postgres: subquery IN, EXISTS, IN lists and UNION keep one numbering", "[query][dialect][postgres]") {
  const auto authors = v::select(col<&user::id>).from<user>().where(col<&user::user_role> == role::author);
  const auto q = v::select<post>().where(col<&post::views> > 1 && v::in(col<&post::author_id>, authors) &&
                                         v::exists(v::select(col<&user::id>).from<user>().where(col<&user::id> == "u1")));
  CHECK(pg_sql(q) == "SELECT " + std::string(post_columns) +
                         R"( FROM "posts" WHERE (("posts"."views" > $1 AND "posts"."author_id" IN (SELECT "users"."id" FROM "users" WHERE "users"."role" = $2)) AND EXISTS (SELECT "users"."id" FROM "users" WHERE "users"."id" = $3)))");
  CHECK(binding_order(q) == one_to(3));

  const auto listed = v::select(col<&post::id>).from<post>().where(
      v::in(col<&post::views>, std::vector<std::int64_t>{1, 2}) && v::not_in(col<&post::author_id>, {std::string("u9")}));
  CHECK(pg_sql(listed) ==
        R"(SELECT "posts"."id" FROM "posts" WHERE ("posts"."views" IN (SELECT CAST(value AS BIGINT) FROM jsonb_array_elements_text(CAST($1 AS JSONB))) AND "posts"."author_id" NOT IN (SELECT value FROM jsonb_array_elements_text(CAST($2 AS JSONB)))))");
  CHECK(binding_order(listed) == one_to(2));

  const auto both = v::union_all(v::select(col<&user::email>).from<user>().where(col<&user::active> == true),
                                 v::select(col<&user::email>).from<user>().where(col<&user::id> == "u2"));
  CHECK(pg_sql(both) ==
        R"(SELECT "users"."email" FROM "users" WHERE "users"."active" = $1 UNION ALL SELECT "users"."email" FROM "users" WHERE "users"."id" = $2)");
  CHECK(binding_order(both) == one_to(2));
}

TEST_CASE("postgres: insert, upsert, returning, update and delete", "[query][dialect][postgres]") {
  const auto upsert = v::insert_into<user>()
                          .values(v::set<&user::id>(std::string("u9")), v::set<&user::email>(std::string("x@example.com")))
                          .on_conflict_do_update(v::target(col<&user::email>), col<&user::name> = v::excluded<&user::name>)
                          .where(col<&user::active> == true)
                          .returning(col<&user::id>);
  CHECK(pg_sql(upsert) ==
        R"(INSERT INTO "users" ("id", "email") VALUES ($1, $2) ON CONFLICT ("email") DO UPDATE SET "name" = excluded."name" WHERE "users"."active" = $3 RETURNING "users"."id")");
  CHECK(binding_order(upsert) == one_to(3));

  const auto ignore = v::insert_into<user>()
                          .values(v::set<&user::id>(std::string("u9")), v::set<&user::email>(std::string("x@example.com")))
                          .on_conflict_do_nothing();
  CHECK(pg_sql(ignore) == R"(INSERT INTO "users" ("id", "email") VALUES ($1, $2) ON CONFLICT DO NOTHING)");

  const auto update = v::update<post>().set(col<&post::views> = col<&post::views> + 1).where(col<&post::id> == 3).returning(col<&post::views>);
  CHECK(pg_sql(update) == R"(UPDATE "posts" SET "views" = ("posts"."views" + $1) WHERE "posts"."id" = $2 RETURNING "posts"."views")");
  CHECK(binding_order(update) == one_to(2));

  const auto remove = v::delete_from<post>().where(v::like(col<&post::title>, "%x%") || col<&post::views> < 3);
  CHECK(pg_sql(remove) == R"(DELETE FROM "posts" WHERE ("posts"."title" LIKE $1 OR "posts"."views" < $2))");

  // the whole-row insert reads an autoincrement key back through RETURNING (no last_insert_rowid);
  // a key of 0 binds NULL, which draws the identity's next value
  CHECK(v::detail::insert_row_sql<post, v::dialect::postgres> ==
        R"(INSERT INTO "posts" ("id", "author_id", "title", "status", "views", "score", "updated_at") VALUES (COALESCE($1, nextval(pg_get_serial_sequence('"posts"', 'id'))), $2, $3, $4, $5, $6, $7) RETURNING "id")");
  CHECK(v::detail::insert_row_sql<user, v::dialect::postgres> ==
        R"(INSERT INTO "users" ("id", "email", "name", "role", "active", "manager_id") VALUES ($1, $2, $3, $4, $5, $6))");
  CHECK(v::detail::insert_row_sql<post, v::dialect::sqlite> ==
        R"(INSERT INTO "posts" ("id", "author_id", "title", "status", "views", "score", "updated_at") VALUES (?, ?, ?, ?, ?, ?, ?))");
}

TEST_CASE("postgres: a named parameter used twice takes one $n per occurrence", "[query][dialect][postgres][prepared]") {
  const auto q = v::select<post>().where(col<&post::author_id> == v::param<"who"> || col<&post::title> == v::param<"who_title"> ||
                                         col<&post::author_id> == v::param<"who">);
  CHECK(pg_sql(q) == "SELECT " + std::string(post_columns) +
                         R"( FROM "posts" WHERE (("posts"."author_id" = $1 OR "posts"."title" = $2) OR "posts"."author_id" = $3))");
}

TEST_CASE("postgres: aggregates and ilike", "[query][dialect][postgres]") {
  const auto totals = v::select(col<&post::author_id>, v::count(), v::sum(col<&post::views>))
                          .from<post>()
                          .group_by(col<&post::author_id>)
                          .having(v::count() > 1);
  CHECK(pg_sql(totals) ==
        R"(SELECT "posts"."author_id", COUNT(*), SUM("posts"."views") FROM "posts" GROUP BY "posts"."author_id" HAVING COUNT(*) > $1)");

  const auto search = v::select(col<&user::id>).from<user>().where(v::ilike(col<&user::email>, "%@EXAMPLE.com") &&
                                                                   v::not_ilike(col<&user::email>, "bob%"));
  CHECK(pg_sql(search) == R"(SELECT "users"."id" FROM "users" WHERE ("users"."email" ILIKE $1 AND "users"."email" NOT ILIKE $2))");
  CHECK(binding_order(search) == one_to(2));
}

TEST_CASE("postgres DDL: types, identity key, TRUE/FALSE defaults, enum CHECK, foreign keys, indexes",
          "[schema][dialect][postgres]") {
  static_assert(v::create_table_sql<post, true, v::dialect::postgres>() ==
                "CREATE TABLE IF NOT EXISTS \"posts\" (\n"
                "  \"id\" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
                "  \"author_id\" TEXT NOT NULL REFERENCES \"users\"(\"id\") ON DELETE CASCADE,\n"
                "  \"title\" TEXT NOT NULL,\n"
                "  \"status\" TEXT NOT NULL DEFAULT 'draft' CHECK (\"status\" IN ('draft', 'published', 'archived')),\n"
                "  \"views\" BIGINT NOT NULL DEFAULT 0,\n"
                "  \"score\" DOUBLE PRECISION,\n"
#ifdef VELLUM_TEST_BACKEND_POSTGRES  // the model's default_sql text is per backend (model.hpp)
                "  \"updated_at\" TIMESTAMPTZ NOT NULL DEFAULT now()\n"
#else
                "  \"updated_at\" TIMESTAMPTZ NOT NULL DEFAULT (unixepoch() * 1000)\n"
#endif
                ")");
  static_assert(v::create_table_sql<user, false, v::dialect::postgres>() ==
                "CREATE TABLE \"users\" (\n"
                "  \"id\" TEXT PRIMARY KEY NOT NULL,\n"
                "  \"email\" TEXT NOT NULL UNIQUE,\n"
                "  \"name\" TEXT,\n"
                "  \"role\" TEXT NOT NULL DEFAULT 'viewer' CHECK (\"role\" IN ('admin', 'editor', 'author', 'viewer')),\n"
                "  \"active\" BOOLEAN NOT NULL DEFAULT TRUE,\n"
                "  \"manager_id\" TEXT REFERENCES \"users\"(\"id\") ON DELETE SET NULL\n"
                ")");
  static_assert(v::create_indexes_sql<post, true, v::dialect::postgres>() ==
                R"(CREATE INDEX IF NOT EXISTS "idx_posts_author_updated" ON "posts" ("author_id", "updated_at" DESC))");
  // the SQLite text is unchanged by the dialect parameter
  static_assert(v::create_table_sql<post, true>() == v::create_table_sql<post, true, v::dialect::sqlite>());
}

// --- execution, written once over the connection type ------------------------------------------
// A fixture provides `db` (a basic_database<Conn>) holding the blog rows: blog_db is SQLite in
// vellum_unit_query and PostgreSQL in vellum_postgres_query_tests (backend_fixture.hpp).

TEMPLATE_TEST_CASE("the same typed queries run on the fixture's connection", "[query][dialect][execution]", blog_db) {
  TestType b;
  auto& db = b.db;
  STATIC_REQUIRE(std::remove_cvref_t<decltype(db)>::sql_dialect == decltype(db.template select<post>())::sql_dialect);

  const auto published = db.template select<post>()
                             .where(col<&post::state> == status::published)
                             .order_by(v::desc(col<&post::views>))
                             .all();
  REQUIRE(published.size() == 2);
  CHECK(published[0].title == "Bob's news");

  const auto listed = db.run(v::select(col<&post::id>).template from<post>().where(v::in(col<&post::views>, {10, 250})).order_by(col<&post::id>));
  CHECK(listed == std::vector<std::int64_t>{2, 3});

  post fresh = make_post("u4", "Fresh", status::draft, 7, std::nullopt, 9000);
  const post stored = db.insert(fresh);
  CHECK(stored.id == 6);

  CHECK(db.template update<post>().set(col<&post::views> = col<&post::views> + 1).where(col<&post::id> == stored.id).returning(col<&post::views>).one() == 8);
  const auto by_author = db.prepare(v::select(col<&post::title>).template from<post>().where(col<&post::author_id> == v::param<"a">).order_by(col<&post::id>));
  CHECK(by_author.all(v::arg<"a">("u2")) == std::vector<std::string>{"Bob's news", "Archived"});
  CHECK(db.template delete_from<post>().where(col<&post::id> == stored.id).run() == 1);
  CHECK(db.template select<post>().offset(4).all().size() == 1);
}
