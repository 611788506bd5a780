// Compile-time SQL and the statement cache, run-time shapes (dynamic filters, a sort column
// chosen by name), prepared queries with named parameters, and EXPLAIN QUERY PLAN.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "blog_fixture.hpp"

namespace {
namespace v = vellum;
using blog::post;
using blog::status;
using blog::user;
using std::nullopt;
using v::col;
using ids = std::vector<std::int64_t>;
using names = std::vector<std::string>;

// --- The SQL of a static query is a constant expression -------------------------------------------

using user_by_email = decltype(v::select<user>().where(col<&user::email> == std::string()));
static_assert(v::sql_v<user_by_email> ==
              R"(SELECT "users"."id", "users"."email", "users"."name", "users"."role", "users"."active", )"
              R"("users"."manager_id" FROM "users" WHERE "users"."email" = ?)");
static_assert(v::sql_v<decltype(v::select(col<&post::title>, v::count())
                                    .from<post>()
                                    .group_by(col<&post::title>)
                                    .order_by(v::desc(v::count()))
                                    .limit(3))> ==
              R"(SELECT "posts"."title", COUNT(*) FROM "posts" GROUP BY "posts"."title" ORDER BY COUNT(*) DESC LIMIT ?)");
static_assert(v::sql_v<decltype(v::update<post>().set(col<&post::views> = 1).where(col<&post::id> == 2))> ==
              R"(UPDATE "posts" SET "views" = ? WHERE "posts"."id" = ?)");
static_assert(v::sql_v<decltype(v::delete_from<post>().where(col<&post::id> == 2))> ==
              R"(DELETE FROM "posts" WHERE "posts"."id" = ?)");
static_assert(v::sql_v<decltype(v::insert_into<user>().values(v::set<&user::id>("a"), v::set<&user::email>("b")))> ==
              R"(INSERT INTO "users" ("id", "email") VALUES (?, ?))");

}  // namespace

TEST_CASE("sql_v of a static query is a constant expression equal to to_sql()", "[query][static]") {
  blog::blog_db b;
  auto q = b.db.select(col<&user::id>).from<user>().where(col<&user::active> == true && v::like(col<&user::email>, "%@example.com"));
  // the constant is in the query's own dialect: its database's
#ifdef VELLUM_TEST_BACKEND_POSTGRES
  constexpr std::string_view expected =
      R"(SELECT "users"."id" FROM "users" WHERE ("users"."active" = $1 AND "users"."email" LIKE $2))";
#else
  constexpr std::string_view expected =
      R"(SELECT "users"."id" FROM "users" WHERE ("users"."active" = ? AND "users"."email" LIKE ?))";
#endif
  static_assert(decltype(q)::is_static);
  static_assert(v::sql_v<decltype(q)> == expected);
  CHECK(q.to_sql() == expected);
  CHECK(q.all().size() == 3);
}

TEST_CASE("running one static query 10,000 times prepares it once", "[query][static][cache]") {
  blog::blog_db b;
  using query_type = decltype(b.db.select<user>().where(col<&user::id> == std::string()));
  constexpr std::string_view sql = v::sql_v<query_type>;
  int runs = 0;
  int prepares = 0;
  b.db.set_logger([&](const v::query_event& e) {
    if (e.sql != sql) return;
    ++runs;
    if (e.prepared) ++prepares;
  });
  const auto prepared_before = b.db.stats().statements_prepared;
  const auto hits_before = b.db.stats().cache_hits;

  const std::vector<std::string> keys = {"u1", "u2", "u3", "u4", "nobody"};
  int found = 0;
  for (int i = 0; i < 10000; ++i) {
    const std::string& key = keys[static_cast<std::size_t>(i) % keys.size()];
    const auto u = b.db.select<user>().where(col<&user::id> == key).one();
    if (u && u->id == key) ++found;
  }
  CHECK(found == 8000);
  CHECK(runs == 10000);
  CHECK(prepares == 1);
  CHECK(b.db.stats().statements_prepared - prepared_before == 1);
  CHECK(b.db.stats().cache_hits - hits_before == 9999);
}

TEST_CASE("dynamic() conditions switch parts of WHERE on and off", "[query][dynamic]") {
  blog::blog_db b;
  auto search = [&](std::optional<std::string> author, std::optional<std::int64_t> min_views) {
    return b.db.select(col<&post::id>)
        .from<post>()
        .where(v::dynamic(author.has_value(), col<&post::author_id> == author.value_or("")) &&
               v::dynamic(min_views.has_value(), col<&post::views> >= min_views.value_or(0)))
        .order_by(col<&post::id>);
  };
  static_assert(!decltype(search(nullopt, nullopt))::is_static);

  const auto both = search("u1", 50);
  CHECK(SQL_OF(both) ==
        R"(SELECT "posts"."id" FROM "posts" WHERE ("posts"."author_id" = ? AND "posts"."views" >= ?) ORDER BY "posts"."id")");
  CHECK(both.all() == ids{1});

  const auto author_only = search("u1", nullopt);
  CHECK(SQL_OF(author_only) == R"(SELECT "posts"."id" FROM "posts" WHERE "posts"."author_id" = ? ORDER BY "posts"."id")");
  CHECK(author_only.all() == ids{1, 2});

  const auto views_only = search(nullopt, 50);
  CHECK(SQL_OF(views_only) == R"(SELECT "posts"."id" FROM "posts" WHERE "posts"."views" >= ? ORDER BY "posts"."id")");
  CHECK(views_only.all() == ids{1, 3});

  const auto neither = search(nullopt, nullopt);
  CHECK(SQL_OF(neither) == R"(SELECT "posts"."id" FROM "posts" ORDER BY "posts"."id")");
  CHECK(neither.all() == ids{1, 2, 3, 4, 5});

  // Beside a static condition, inside OR and NOT.
  auto mixed = [&](bool only_popular, bool or_drafts) {
    return b.db.select(col<&post::id>)
        .from<post>()
        .where(col<&post::author_id> != "u3" &&
               (v::dynamic(only_popular, col<&post::views> > 99) || v::dynamic(or_drafts, col<&post::state> == status::draft)) &&
               !v::dynamic(or_drafts, col<&post::views> == 10))
        .order_by(col<&post::id>);
  };
  CHECK(SQL_OF(mixed(true, true)) ==
        R"(SELECT "posts"."id" FROM "posts" WHERE (("posts"."author_id" <> ? AND ("posts"."views" > ? OR )"
        R"("posts"."status" = ?)) AND NOT ("posts"."views" = ?)) ORDER BY "posts"."id")");
  CHECK(mixed(true, true).all() == ids{1, 3});
  CHECK(SQL_OF(mixed(true, false)) ==
        R"(SELECT "posts"."id" FROM "posts" WHERE ("posts"."author_id" <> ? AND "posts"."views" > ?) ORDER BY "posts"."id")");
  CHECK(mixed(true, false).all() == ids{1, 3});
  CHECK(SQL_OF(mixed(false, false)) == R"(SELECT "posts"."id" FROM "posts" WHERE "posts"."author_id" <> ? ORDER BY "posts"."id")");
  CHECK(mixed(false, false).all() == ids{1, 2, 3, 5});

  // In UPDATE and DELETE.
  auto touch = [&](bool published_only) {
    return b.db.update<post>().set(col<&post::views> = col<&post::views> + 1).where(
        col<&post::author_id> == "u2" && v::dynamic(published_only, col<&post::state> == status::published));
  };
  CHECK(SQL_OF(touch(true)) == R"(UPDATE "posts" SET "views" = ("posts"."views" + ?) WHERE ("posts"."author_id" = ? AND )"
                                R"("posts"."status" = ?))");
  CHECK(touch(true).run() == 1);
  CHECK(SQL_OF(touch(false)) == R"(UPDATE "posts" SET "views" = ("posts"."views" + ?) WHERE "posts"."author_id" = ?)");
  CHECK(touch(false).run() == 2);
  CHECK(b.db.select(col<&post::views>).from<post>().where(col<&post::author_id> == "u2").order_by(col<&post::id>).all() ==
        ids{252, 41});
  auto remove = [&](bool only_archived) {
    return b.db.delete_from<post>().where(v::dynamic(only_archived, col<&post::state> == status::archived));
  };
  CHECK(SQL_OF(remove(true)) == R"(DELETE FROM "posts" WHERE "posts"."status" = ?)");
  CHECK(remove(true).run() == 1);
}

TEST_CASE("a dynamic shape is prepared once per distinct text", "[query][dynamic][cache]") {
  blog::blog_db b;
  auto q = [&](bool filter, std::int64_t views) {
    return b.db.select(col<&post::id>).from<post>().where(v::dynamic(filter, col<&post::views> > views));
  };
  (void)q(true, 0).all();
  (void)q(false, 0).all();
  const auto before = b.db.stats().statements_prepared;
  for (int i = 0; i < 100; ++i) {
    CHECK(q(true, i).all().size() == (i < 10 ? 4u : i < 40 ? 3u : i < 100 ? 2u : 1u));
    CHECK(q(false, i).all().size() == 5u);
  }
  CHECK(b.db.stats().statements_prepared == before);
}

TEST_CASE("sort_by<T>(name) orders by a column chosen at run time", "[query][dynamic][sort]") {
  blog::blog_db b;
  auto by = [&](std::string_view column, v::sort_direction direction) {
    return b.db.select(col<&post::id>).from<post>().order_by(v::sort_by<post>(column, direction), v::asc(col<&post::id>)).limit(3);
  };
  CHECK(SQL_OF(by("views", v::descending)) ==
        R"(SELECT "posts"."id" FROM "posts" ORDER BY "posts"."views" DESC, "posts"."id" ASC LIMIT ?)");
  CHECK(by("views", v::descending).all() == ids{3, 1, 5});
  CHECK(SQL_OF(by("status", v::ascending)) ==
        R"(SELECT "posts"."id" FROM "posts" ORDER BY "posts"."status" ASC, "posts"."id" ASC LIMIT ?)");
  CHECK(by("status", v::ascending).all() == ids{5, 2, 4});  // 'archived' < 'draft' < 'published'
  CHECK(b.db.select(col<&post::title>).from<post>().order_by(v::sort_by<post>("title")).first() == "Archived");

  // Through an alias.
  using manager = v::alias<user, "manager">;
  auto managed = b.db.select(col<&user::id>)
                     .from<user>()
                     .join<manager>(col<&user::manager_id> == col<&user::id, manager>)
                     .order_by(v::sort_by<manager>("email", v::descending), v::asc(col<&user::id>));
  CHECK(SQL_OF(managed) == R"(SELECT "users"."id" FROM "users" INNER JOIN "users" AS "manager" ON "users"."manager_id" = )"
                            R"("manager"."id" ORDER BY "manager"."email" DESC, "users"."id" ASC)");
  CHECK(managed.all() == names{"u4", "u2", "u3"});

  // A name that is not a column is an error, and never reaches SQL.
  std::uint64_t statements = 0;
  b.db.set_logger([&](const v::query_event&) { ++statements; });
  for (std::string_view bad : {"nope", "state", "VIEWS", "", "views; DROP TABLE posts", "views\" DESC; --",
                               "\"posts\".\"views\"", "views DESC", "(SELECT 1)"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(v::sort_by<post>(bad), v::validation_error);
    try {
      (void)by(bad, v::ascending).all();
      FAIL("sort_by accepted an unknown column");
    } catch (const v::validation_error& e) {
      CHECK(e.fields().count("sort") == 1);
      CHECK_THAT(e.what(), Catch::Contains("is not a column of table 'posts'"));
    }
  }
  CHECK(statements == 0);
  CHECK(b.db.select(v::count()).from<post>().one() == 5);
}

TEST_CASE("prepared queries with named parameters run many times", "[query][prepared]") {
  blog::blog_db b;
  auto by_author = b.db.prepare(v::select(col<&post::id>)
                                    .from<post>()
                                    .where(col<&post::author_id> == v::param<"author"> && col<&post::views> >= v::param<"min">)
                                    .order_by(col<&post::id>));
  CHECK(SQL_OF(by_author) ==
        R"(SELECT "posts"."id" FROM "posts" WHERE ("posts"."author_id" = ? AND "posts"."views" >= ?) ORDER BY "posts"."id")");
  const auto before = b.db.stats().statements_prepared;
  CHECK(by_author.all(v::arg<"author">("u1"), v::arg<"min">(0)) == ids{1, 2});
  CHECK(by_author.all(v::arg<"min">(50), v::arg<"author">(std::string("u1"))) == ids{1});  // any order
  CHECK(by_author.all(v::arg<"author">("u2"), v::arg<"min">(std::int64_t{41})) == ids{3});
  CHECK(by_author.all(v::arg<"author">("nobody"), v::arg<"min">(0)).empty());
  CHECK(by_author.one(v::arg<"author">("u3"), v::arg<"min">(0)) == 4);
  CHECK_THROWS_AS(by_author.one(v::arg<"author">("u1"), v::arg<"min">(0)), v::error);
  CHECK(b.db.stats().statements_prepared - before == 1);

  // A parameter used twice takes one argument.
  auto either = b.db.prepare(v::select(col<&user::id>)
                                 .from<user>()
                                 .where(col<&user::id> == v::param<"who"> || col<&user::manager_id> == v::param<"who">)
                                 .order_by(col<&user::id>));
  CHECK(SQL_OF(either) ==
        R"(SELECT "users"."id" FROM "users" WHERE ("users"."id" = ? OR "users"."manager_id" = ?) ORDER BY "users"."id")");
  CHECK(either.all(v::arg<"who">("u1")) == names{"u1", "u2", "u3"});
  CHECK(either.all(v::arg<"who">("u2")) == names{"u2", "u4"});

  // Whole rows, an enum parameter, and bound values beside parameters.
  auto drafts_of = b.db.prepare(v::select<post>().where(col<&post::state> == v::param<"state"> && col<&post::views> < 1000 &&
                                                        col<&post::author_id> == v::param<"author">));
  const auto u3_drafts = drafts_of.all(v::arg<"state">(status::draft), v::arg<"author">("u3"));
  REQUIRE(u3_drafts.size() == 1);
  CHECK(u3_drafts[0].title == "Carol draft");
  CHECK(drafts_of.all(v::arg<"state">(status::published), v::arg<"author">("u3")).empty());

  // Writes.
  auto set_views = b.db.prepare(v::update<post>().set(col<&post::views> = v::param<"views">).where(col<&post::id> == v::param<"id">));
  CHECK(SQL_OF(set_views) == R"(UPDATE "posts" SET "views" = ? WHERE "posts"."id" = ?)");
  for (std::int64_t id = 1; id <= 5; ++id) CHECK(set_views.run(v::arg<"id">(id), v::arg<"views">(id * 1000)) == 1);
  CHECK(set_views.run(v::arg<"id">(99), v::arg<"views">(1)) == 0);
  CHECK(b.db.select(v::sum(col<&post::views>)).from<post>().one() == std::optional<std::optional<std::int64_t>>(15000));
  auto remove = b.db.prepare(v::delete_from<post>().where(col<&post::views> > v::param<"above">));
  CHECK(SQL_OF(remove) == R"(DELETE FROM "posts" WHERE "posts"."views" > ?)");
  CHECK(remove.run(v::arg<"above">(3500)) == 2);
  CHECK(remove.run(v::arg<"above">(3500)) == 0);
  CHECK(b.db.select(v::count()).from<post>().one() == 3);
}

// SQLite-only: explain() reads SQLite's EXPLAIN QUERY PLAN (a compile error on PostgreSQL).
#ifndef VELLUM_TEST_BACKEND_POSTGRES
TEST_CASE("explain() shows the plan, with the index a query uses", "[query][explain]") {
  blog::blog_db b;
  auto by_author = b.db.select<post>().where(col<&post::author_id> == "u1").order_by(v::desc(col<&post::updated_at>));
  const auto plan = b.db.explain(by_author);
  // The index serves both the filter and the order: no temporary B-tree for ORDER BY.
  CHECK(plan == std::vector<std::string>{"SEARCH posts USING INDEX idx_posts_author_updated (author_id=?)"});
  CHECK(by_author.all().size() == 2);

  // No index on views: a full scan.
  const auto scan = b.db.explain(b.db.select<post>().where(col<&post::views> > 5));
  REQUIRE(scan.size() == 1);
  CHECK(scan[0] == "SCAN posts");

  // The UNIQUE email column has its automatic index; a dynamic query explains the same way.
  const auto by_email = b.db.explain(
      b.db.select<user>().where(v::dynamic(true, col<&user::email> == "bob@example.com")));
  REQUIRE(by_email.size() == 1);
  CHECK(by_email[0].find("SEARCH users USING INDEX sqlite_autoindex_users_") == 0);
}
#endif  // VELLUM_TEST_BACKEND_POSTGRES
