// SELECT: every builder feature's SQL text, asserted exactly, then the same query run against
// the seeded blog database (blog_fixture.hpp) and its rows checked.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "blog_fixture.hpp"

namespace {
namespace v = vellum;
using blog::post;
using blog::role;
using blog::status;
using blog::user;
using v::col;
using ids = std::vector<std::int64_t>;
using names = std::vector<std::string>;
using std::nullopt;

// Post ids matching `condition`, with the query's text.
template <class P>
auto posts_where(blog::blog_db& b, const P& condition) {
  return b.db.select(col<&post::id>).template from<post>().where(condition).order_by(col<&post::id>);
}
std::string posts_where_sql(std::string_view condition) {
  return R"(SELECT "posts"."id" FROM "posts" WHERE )" + std::string(condition) + R"( ORDER BY "posts"."id")";
}

constexpr std::string_view user_columns =
    R"("users"."id", "users"."email", "users"."name", "users"."role", "users"."active", "users"."manager_id")";
constexpr std::string_view post_columns =
    R"("posts"."id", "posts"."author_id", "posts"."title", "posts"."status", "posts"."views", "posts"."score", )"
    R"("posts"."updated_at")";

}  // namespace

TEST_CASE("select<Row>() reads whole rows", "[query][select]") {
  blog::blog_db b;
  auto q = b.db.select<user>().order_by(col<&user::id>);
  CHECK(SQL_OF(q) == "SELECT " + std::string(user_columns) + R"( FROM "users" ORDER BY "users"."id")");
  const std::vector<user> rows = q.all();
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].id == "u1");
  CHECK(rows[0].email == "alice@example.com");
  CHECK(rows[0].name == "Alice");
  CHECK(rows[0].user_role == role::admin);
  CHECK(rows[0].manager_id == nullopt);
  CHECK(rows[2].name == nullopt);
  CHECK_FALSE(rows[2].active);
  CHECK(rows[2].manager_id == "u1");
  CHECK(rows[3].user_role == role::viewer);

  const auto posts = b.db.select<post>().order_by(col<&post::id>).all();
  REQUIRE(posts.size() == 5);
  CHECK(posts[2].id == 3);
  CHECK(posts[2].author_id == "u2");
  CHECK(posts[2].title == "Bob's news");
  CHECK(posts[2].state == status::published);
  CHECK(posts[2].views == 250);
  CHECK(posts[2].score == 3.0);
  CHECK(posts[2].updated_at == blog::at_ms(3000));
  CHECK(posts[1].score == nullopt);

  // A query built without a database runs through db.run().
  const auto via_run = b.db.run(v::select<user>().where(col<&user::id> == "u4"));
  REQUIRE(via_run.size() == 1);
  CHECK(via_run[0].email == "dave@example.com");
}

TEST_CASE("select(expressions) reads tuples, or plain values for one expression", "[query][select]") {
  blog::blog_db b;
  auto pairs = b.db.select(col<&user::email>, col<&user::name>).from<user>().order_by(col<&user::email>);
  CHECK(SQL_OF(pairs) == R"(SELECT "users"."email", "users"."name" FROM "users" ORDER BY "users"."email")");
  const auto rows = pairs.all();
  static_assert(std::is_same_v<decltype(rows), const std::vector<std::tuple<std::string, std::optional<std::string>>>>);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == std::tuple<std::string, std::optional<std::string>>{"alice@example.com", "Alice"});
  CHECK(rows[2] == std::tuple<std::string, std::optional<std::string>>{"carol@example.com", nullopt});

  auto single = b.db.select(col<&user::email>).from<user>().order_by(col<&user::email>);
  CHECK(SQL_OF(single) == R"(SELECT "users"."email" FROM "users" ORDER BY "users"."email")");
  const auto emails = single.all();
  static_assert(std::is_same_v<decltype(emails), const std::vector<std::string>>);
  CHECK(emails == names{"alice@example.com", "bob@example.com", "carol@example.com", "dave@example.com"});
}

TEST_CASE("distinct", "[query][select]") {
  blog::blog_db b;
  auto q = b.db.select(col<&post::author_id>).from<post>().distinct().order_by(col<&post::author_id>);
  CHECK(SQL_OF(q) == R"(SELECT DISTINCT "posts"."author_id" FROM "posts" ORDER BY "posts"."author_id")");
  CHECK(q.all() == names{"u1", "u2", "u3"});
}

TEST_CASE("where with comparisons and logic", "[query][select][where]") {
  blog::blog_db b;
  auto check = [&](const auto& condition, std::string_view sql, const ids& expected) {
    const auto q = posts_where(b, condition);
    CHECK(SQL_OF(q) == posts_where_sql(sql));
    CHECK(q.all() == expected);
  };
  check(col<&post::views> == 100, R"("posts"."views" = ?)", ids{1});
  check(col<&post::views> != 100, R"("posts"."views" <> ?)", ids{2, 3, 4, 5});
  check(col<&post::views> < 40, R"("posts"."views" < ?)", ids{2, 4});
  check(col<&post::views> <= 40, R"("posts"."views" <= ?)", ids{2, 4, 5});
  check(col<&post::views> > 100, R"("posts"."views" > ?)", ids{3});
  check(col<&post::views> >= 100, R"("posts"."views" >= ?)", ids{1, 3});
  check(col<&post::state> == status::published && col<&post::views> > 100,
        R"(("posts"."status" = ? AND "posts"."views" > ?))", ids{3});
  check(col<&post::state> == status::archived || col<&post::views> == 0,
        R"(("posts"."status" = ? OR "posts"."views" = ?))", ids{4, 5});
  check(!(col<&post::state> == status::draft), R"(NOT ("posts"."status" = ?))", ids{1, 3, 5});
  check((col<&post::author_id> == "u1" || col<&post::author_id> == "u3") && !(col<&post::views> < 10),
        R"((("posts"."author_id" = ? OR "posts"."author_id" = ?) AND NOT ("posts"."views" < ?)))", ids{1, 2});
  // An optional column: NULL compares as unknown and drops out.
  check(col<&post::score> > 2.0, R"("posts"."score" > ?)", ids{1, 3});
  // A time column compared with a time point; a column compared with a column.
  check(col<&post::updated_at> >= blog::at_ms(4000), R"("posts"."updated_at" >= ?)", ids{4, 5});
  check(col<&post::views> < col<&post::id>, R"("posts"."views" < "posts"."id")", ids{4});

  // A bool column.
  auto inactive = b.db.select(col<&user::id>).from<user>().where(col<&user::active> == false);
  CHECK(SQL_OF(inactive) == R"(SELECT "users"."id" FROM "users" WHERE "users"."active" = ?)");
  CHECK(inactive.all() == names{"u3"});
}

TEST_CASE("like and not_like", "[query][select][where]") {
  blog::blog_db b;
  auto has_post = posts_where(b, v::like(col<&post::title>, "%post%"));
  CHECK(SQL_OF(has_post) == posts_where_sql(R"("posts"."title" LIKE ?)"));
  CHECK(has_post.all() == ids{2});
  auto no_post = posts_where(b, v::not_like(col<&post::title>, "%post%"));
  CHECK(SQL_OF(no_post) == posts_where_sql(R"("posts"."title" NOT LIKE ?)"));
  CHECK(no_post.all() == ids{1, 3, 4, 5});
  // LIKE ignores ASCII case on SQLite and matches case on PostgreSQL, whose ilike() ignores it
  // (docs/postgres.md, "Differences from SQLite")
  const auto b_titles = posts_where(b, v::like(col<&post::title>, std::string("b%"))).all();
#ifdef VELLUM_TEST_BACKEND_POSTGRES
  CHECK(b_titles.empty());
  CHECK(posts_where(b, v::ilike(col<&post::title>, std::string("b%"))).all() == ids{3});
#else
  CHECK(b_titles == ids{3});
#endif
}

TEST_CASE("in and not_in over a list, an empty list included", "[query][select][where]") {
  blog::blog_db b;
  constexpr std::string_view in_sql = R"("posts"."author_id" IN (SELECT value FROM json_each(?)))";
  constexpr std::string_view not_in_sql = R"("posts"."author_id" NOT IN (SELECT value FROM json_each(?)))";

  const auto some = posts_where(b, v::in(col<&post::author_id>, std::vector<std::string>{"u1", "u3"}));
  CHECK(SQL_OF(some) == posts_where_sql(in_sql));
  CHECK(some.all() == ids{1, 2, 4});
  const auto none = posts_where(b, v::in(col<&post::author_id>, std::vector<std::string>{}));
  CHECK(SQL_OF(none) == posts_where_sql(in_sql));  // the text does not depend on the list
  CHECK(none.all().empty());

  const auto all_but = posts_where(b, v::not_in(col<&post::author_id>, std::vector<std::string>{"u1"}));
  CHECK(SQL_OF(all_but) == posts_where_sql(not_in_sql));
  CHECK(all_but.all() == ids{3, 4, 5});
  CHECK(posts_where(b, v::not_in(col<&post::author_id>, std::vector<std::string>{})).all() == ids{1, 2, 3, 4, 5});

  // Enums, integers and an initializer list.
  CHECK(posts_where(b, v::in(col<&post::state>, std::vector<status>{status::draft, status::archived})).all() ==
        ids{2, 4, 5});
  CHECK(posts_where(b, v::in(col<&post::id>, {5, 1, 99})).all() == ids{1, 5});
  CHECK(posts_where(b, v::not_in(col<&post::views>, std::vector<std::int64_t>{0, 10, 40})).all() == ids{1, 3});
}

TEST_CASE("in and not_in over a subquery", "[query][select][where]") {
  blog::blog_db b;
  const auto active_authors = v::select(col<&user::id>).from<user>().where(col<&user::active> == true);
  const auto q = posts_where(b, col<&post::views> >= 40 && v::in(col<&post::author_id>, active_authors));
  CHECK(SQL_OF(q) == posts_where_sql(R"(("posts"."views" >= ? AND "posts"."author_id" IN )"
                                      R"((SELECT "users"."id" FROM "users" WHERE "users"."active" = ?)))"));
  CHECK(q.all() == ids{1, 3, 5});

  const auto n = posts_where(b, v::not_in(col<&post::author_id>, active_authors));
  CHECK(SQL_OF(n) ==
        posts_where_sql(R"("posts"."author_id" NOT IN (SELECT "users"."id" FROM "users" WHERE "users"."active" = ?))"));
  CHECK(n.all() == ids{4});
}

TEST_CASE("between, is_null and is_not_null", "[query][select][where]") {
  blog::blog_db b;
  const auto mid = posts_where(b, v::between(col<&post::views>, 10, 100));
  CHECK(SQL_OF(mid) == posts_where_sql(R"("posts"."views" BETWEEN ? AND ?)"));
  CHECK(mid.all() == ids{1, 2, 5});
  CHECK(posts_where(b, v::between(col<&post::updated_at>, blog::at_ms(2000), blog::at_ms(4000))).all() == ids{2, 3, 4});

  const auto unscored = posts_where(b, v::is_null(col<&post::score>));
  CHECK(SQL_OF(unscored) == posts_where_sql(R"("posts"."score" IS NULL)"));
  CHECK(unscored.all() == ids{2, 4});
  const auto scored = posts_where(b, v::is_not_null(col<&post::score>));
  CHECK(SQL_OF(scored) == posts_where_sql(R"("posts"."score" IS NOT NULL)"));
  CHECK(scored.all() == ids{1, 3, 5});
}

TEST_CASE("exists and not_exists with a correlated subquery", "[query][select][where]") {
  blog::blog_db b;
  const auto published_by_user = v::select(col<&post::id>).from<post>().where(
      col<&post::author_id> == col<&user::id> && col<&post::state> == status::published);
  auto q = b.db.select(col<&user::id>).from<user>().where(v::exists(published_by_user)).order_by(col<&user::id>);
  CHECK(SQL_OF(q) == R"(SELECT "users"."id" FROM "users" WHERE EXISTS (SELECT "posts"."id" FROM "posts" WHERE )"
                      R"(("posts"."author_id" = "users"."id" AND "posts"."status" = ?)) ORDER BY "users"."id")");
  CHECK(q.all() == names{"u1", "u2"});

  auto lonely = b.db.select(col<&user::id>)
                    .from<user>()
                    .where(v::not_exists(v::select(col<&post::id>).from<post>().where(col<&post::author_id> == col<&user::id>)))
                    .order_by(col<&user::id>);
  CHECK(SQL_OF(lonely) == R"(SELECT "users"."id" FROM "users" WHERE NOT EXISTS (SELECT "posts"."id" FROM "posts" )"
                           R"(WHERE "posts"."author_id" = "users"."id") ORDER BY "users"."id")");
  CHECK(lonely.all() == names{"u4"});
}

TEST_CASE("order_by, limit and offset", "[query][select]") {
  blog::blog_db b;
  auto by_views = b.db.select(col<&post::id>).from<post>().order_by(v::desc(col<&post::views>), v::asc(col<&post::id>));
  CHECK(SQL_OF(by_views) == R"(SELECT "posts"."id" FROM "posts" ORDER BY "posts"."views" DESC, "posts"."id" ASC)");
  CHECK(by_views.all() == ids{3, 1, 5, 2, 4});

  auto page = by_views.limit(2).offset(1);
  CHECK(SQL_OF(page) ==
        R"(SELECT "posts"."id" FROM "posts" ORDER BY "posts"."views" DESC, "posts"."id" ASC LIMIT ? OFFSET ?)");
  CHECK(page.all() == ids{1, 5});

  auto first_two = b.db.select(col<&post::id>).from<post>().order_by(v::asc(col<&post::updated_at>)).limit(2);
  CHECK(SQL_OF(first_two) == R"(SELECT "posts"."id" FROM "posts" ORDER BY "posts"."updated_at" ASC LIMIT ?)");
  CHECK(first_two.all() == ids{1, 2});

  auto skip_three = b.db.select(col<&post::id>).from<post>().order_by(col<&post::id>).offset(3);
  CHECK(SQL_OF(skip_three) == R"(SELECT "posts"."id" FROM "posts" ORDER BY "posts"."id" LIMIT -1 OFFSET ?)");
  CHECK(skip_three.all() == ids{4, 5});
}

TEST_CASE("group_by and having", "[query][select][aggregate]") {
  blog::blog_db b;
  auto q = b.db.select(col<&post::author_id>, v::count())
               .from<post>()
               .group_by(col<&post::author_id>)
               .having(v::count() > 1)
               .order_by(col<&post::author_id>);
  CHECK(SQL_OF(q) == R"(SELECT "posts"."author_id", COUNT(*) FROM "posts" GROUP BY "posts"."author_id" )"
                      R"(HAVING COUNT(*) > ? ORDER BY "posts"."author_id")");
  using row = std::tuple<std::string, std::int64_t>;
  CHECK(q.all() == std::vector<row>{{"u1", 2}, {"u2", 2}});

  auto views_by_state = b.db.select(col<&post::state>, v::sum(col<&post::views>))
                            .from<post>()
                            .group_by(col<&post::state>)
                            .having(v::sum(col<&post::views>) >= 10)
                            .order_by(v::desc(v::sum(col<&post::views>)));
  CHECK(SQL_OF(views_by_state) == R"(SELECT "posts"."status", SUM("posts"."views") FROM "posts" GROUP BY "posts"."status" )"
                                   R"(HAVING SUM("posts"."views") >= ? ORDER BY SUM("posts"."views") DESC)");
  using state_row = std::tuple<status, std::optional<std::int64_t>>;
  CHECK(views_by_state.all() == std::vector<state_row>{{status::published, 350}, {status::archived, 40}, {status::draft, 10}});
}

TEST_CASE("aggregates have exact result types", "[query][select][aggregate]") {
  blog::blog_db b;
  auto q = b.db.select(v::count(), v::count(col<&post::score>), v::count_distinct(col<&post::author_id>),
                       v::sum(col<&post::views>), v::sum(col<&post::score>), v::avg(col<&post::views>),
                       v::min(col<&post::updated_at>), v::max(col<&post::title>))
               .from<post>();
  using row = std::tuple<std::int64_t, std::int64_t, std::int64_t, std::optional<std::int64_t>, std::optional<double>,
                         std::optional<double>, std::optional<v::unix_millis>, std::optional<std::string>>;
  static_assert(std::is_same_v<decltype(q)::result_type, row>);
  CHECK(SQL_OF(q) == R"(SELECT COUNT(*), COUNT("posts"."score"), COUNT(DISTINCT "posts"."author_id"), )"
                      R"(SUM("posts"."views"), SUM("posts"."score"), AVG("posts"."views"), MIN("posts"."updated_at"), )"
                      R"(MAX("posts"."title") FROM "posts")");
  CHECK(q.one() == row{5, 3, 3, 400, 9.0, 80.0, blog::at_ms(1000), "Second post"});

  // Over no rows: COUNT is 0, the others are NULL.
  CHECK(q.where(col<&post::views> > 1000).one() == row{0, 0, 0, nullopt, nullopt, nullopt, nullopt, nullopt});

  // One aggregate reads as a plain value of its type.
  auto avg_score = b.db.select(v::avg(col<&post::score>)).from<post>();
  static_assert(std::is_same_v<decltype(avg_score.one()), std::optional<std::optional<double>>>);
  CHECK(avg_score.one() == std::optional<std::optional<double>>(3.0));
  auto total = b.db.select(v::count()).from<user>().where(col<&user::active> == true);
  static_assert(std::is_same_v<decltype(total.one()), std::optional<std::int64_t>>);
  CHECK(SQL_OF(total) == R"(SELECT COUNT(*) FROM "users" WHERE "users"."active" = ?)");
  CHECK(total.one() == 3);
  static_assert(std::is_same_v<decltype(v::min(col<&user::name>))::result_type, std::optional<std::string>>);
  static_assert(std::is_same_v<decltype(v::max(col<&post::views>))::result_type, std::optional<std::int64_t>>);
}

TEST_CASE("case_when, arithmetic, coalesce", "[query][select][expression]") {
  blog::blog_db b;
  auto heat = b.db.select(col<&post::id>,
                          v::case_when(col<&post::views> >= 100, "hot").when(col<&post::views> >= 10, "warm").else_("cold"),
                          v::case_when(col<&post::state> == status::published, "live"))
                  .from<post>()
                  .order_by(col<&post::id>);
  CHECK(SQL_OF(heat) == R"(SELECT "posts"."id", CASE WHEN "posts"."views" >= ? THEN ? WHEN "posts"."views" >= ? THEN ? )"
                         R"(ELSE ? END, CASE WHEN "posts"."status" = ? THEN ? END FROM "posts" ORDER BY "posts"."id")");
  using heat_row = std::tuple<std::int64_t, std::string, std::optional<std::string>>;
  static_assert(std::is_same_v<decltype(heat)::result_type, heat_row>);
  CHECK(heat.all() == std::vector<heat_row>{{1, "hot", "live"}, {2, "warm", nullopt}, {3, "hot", "live"},
                                            {4, "cold", nullopt}, {5, "warm", nullopt}});

  auto math = b.db.select(col<&post::views> * 2 + 1, col<&post::views> - col<&post::id>, col<&post::views> / 4,
                          col<&post::views> % 7, col<&post::score> * 10.0)
                  .from<post>()
                  .where(col<&post::id> <= 2)
                  .order_by(col<&post::id>);
  CHECK(SQL_OF(math) == R"(SELECT (("posts"."views" * ?) + ?), ("posts"."views" - "posts"."id"), ("posts"."views" / ?), )"
                         R"(("posts"."views" % ?), ("posts"."score" * ?) FROM "posts" WHERE "posts"."id" <= ? )"
                         R"(ORDER BY "posts"."id")");
  using math_row = std::tuple<std::int64_t, std::int64_t, std::int64_t, std::int64_t, std::optional<double>>;
  static_assert(std::is_same_v<decltype(math)::result_type, math_row>);
  CHECK(math.all() == std::vector<math_row>{{201, 99, 25, 2, 45.0}, {21, 8, 2, 3, nullopt}});

  // Arithmetic in a condition.
  CHECK(posts_where(b, col<&post::views> + 10 > 100).all() == ids{1, 3});

  auto scores = b.db.select(col<&post::id>, v::coalesce(col<&post::score>, 0.0)).from<post>().order_by(col<&post::id>);
  CHECK(SQL_OF(scores) == R"(SELECT "posts"."id", COALESCE("posts"."score", ?) FROM "posts" ORDER BY "posts"."id")");
  using score_row = std::tuple<std::int64_t, double>;
  static_assert(std::is_same_v<decltype(scores)::result_type, score_row>);
  CHECK(scores.all() == std::vector<score_row>{{1, 4.5}, {2, 0.0}, {3, 3.0}, {4, 0.0}, {5, 1.5}});

  auto display = b.db.select(v::coalesce(col<&user::name>, col<&user::email>)).from<user>().order_by(col<&user::id>);
  CHECK(SQL_OF(display) == R"(SELECT COALESCE("users"."name", "users"."email") FROM "users" ORDER BY "users"."id")");
  static_assert(std::is_same_v<decltype(display)::result_type, std::string>);
  CHECK(display.all() == names{"Alice", "Bob", "carol@example.com", "Dave"});
}

TEST_CASE("raw SQL fragments bind their arguments", "[query][select][expression]") {
  blog::blog_db b;
  auto q = b.db.select(col<&post::id>, v::raw<std::string, R"(upper(substr("posts"."title", 1, ?)))">(3))
               .from<post>()
               .where(v::raw<bool, R"("posts"."views" % ? = 0)">(20))
               .order_by(col<&post::id>);
  CHECK(SQL_OF(q) == R"(SELECT "posts"."id", upper(substr("posts"."title", 1, ?)) FROM "posts" )"
                      R"(WHERE "posts"."views" % ? = 0 ORDER BY "posts"."id")");
  using row = std::tuple<std::int64_t, std::string>;
  CHECK(q.all() == std::vector<row>{{1, "HEL"}, {4, "CAR"}, {5, "ARC"}});

  // A raw fragment with no arguments, compared like any expression.
  auto long_titles = posts_where(b, v::raw<std::int64_t, R"(length("posts"."title"))">() > 10);
  CHECK(SQL_OF(long_titles) == posts_where_sql(R"(length("posts"."title") > ?)"));
  CHECK(long_titles.all() == ids{1, 2, 4});
}

TEST_CASE("inner, left, right, full and cross joins", "[query][select][join]") {
  blog::blog_db b;
  SECTION("inner") {
    auto q = b.db.select(col<&post::title>, col<&user::email>)
                 .from<post>()
                 .join<user>(col<&post::author_id> == col<&user::id>)
                 .where(col<&user::user_role> == role::editor)
                 .order_by(col<&post::id>);
    CHECK(SQL_OF(q) == R"(SELECT "posts"."title", "users"."email" FROM "posts" INNER JOIN "users" ON )"
                        R"("posts"."author_id" = "users"."id" WHERE "users"."role" = ? ORDER BY "posts"."id")");
    using row = std::tuple<std::string, std::string>;
    static_assert(std::is_same_v<decltype(q)::result_type, row>);
    CHECK(q.all() == std::vector<row>{{"Bob's news", "bob@example.com"}, {"Archived", "bob@example.com"}});
  }
  SECTION("left: the joined side reads as optional") {
    auto q = b.db.select(col<&user::id>, col<&post::title>, col<&post::id>)
                 .from<user>()
                 .left_join<post>(col<&post::author_id> == col<&user::id>)
                 .order_by(col<&user::id>, col<&post::id>);
    CHECK(SQL_OF(q) == R"(SELECT "users"."id", "posts"."title", "posts"."id" FROM "users" LEFT JOIN "posts" ON )"
                        R"("posts"."author_id" = "users"."id" ORDER BY "users"."id", "posts"."id")");
    using row = std::tuple<std::string, std::optional<std::string>, std::optional<std::int64_t>>;
    static_assert(std::is_same_v<decltype(q)::result_type, row>);
    CHECK(q.all() == std::vector<row>{{"u1", "Hello world", 1}, {"u1", "Second post", 2}, {"u2", "Bob's news", 3},
                                      {"u2", "Archived", 5}, {"u3", "Carol draft", 4}, {"u4", nullopt, nullopt}});

    // COUNT over the optional side stays a plain integer.
    auto per_user = b.db.select(col<&user::id>, v::count(col<&post::id>))
                        .from<user>()
                        .left_join<post>(col<&post::author_id> == col<&user::id>)
                        .group_by(col<&user::id>)
                        .order_by(col<&user::id>);
    using count_row = std::tuple<std::string, std::int64_t>;
    static_assert(std::is_same_v<decltype(per_user)::result_type, count_row>);
    CHECK(per_user.all() == std::vector<count_row>{{"u1", 2}, {"u2", 2}, {"u3", 1}, {"u4", 0}});
  }
  SECTION("right: the FROM side reads as optional") {
    auto q = b.db.select(col<&post::title>, col<&user::id>)
                 .from<post>()
                 .right_join<user>(col<&post::author_id> == col<&user::id>)
                 .where(col<&user::id> >= "u3")
                 .order_by(col<&user::id>);
    CHECK(SQL_OF(q) == R"(SELECT "posts"."title", "users"."id" FROM "posts" RIGHT JOIN "users" ON )"
                        R"("posts"."author_id" = "users"."id" WHERE "users"."id" >= ? ORDER BY "users"."id")");
    using row = std::tuple<std::optional<std::string>, std::string>;
    static_assert(std::is_same_v<decltype(q)::result_type, row>);
    CHECK(q.all() == std::vector<row>{{"Carol draft", "u3"}, {nullopt, "u4"}});
  }
  SECTION("full: both sides read as optional") {
    auto q = b.db.select(col<&post::id>, col<&user::id>)
                 .from<post>()
                 .full_join<user>(col<&post::author_id> == col<&user::id> && col<&user::active> == true)
                 .order_by(col<&post::id>, col<&user::id>);
    CHECK(SQL_OF(q) == R"(SELECT "posts"."id", "users"."id" FROM "posts" FULL JOIN "users" ON )"
                        R"(("posts"."author_id" = "users"."id" AND "users"."active" = ?) ORDER BY "posts"."id", "users"."id")");
    using row = std::tuple<std::optional<std::int64_t>, std::optional<std::string>>;
    static_assert(std::is_same_v<decltype(q)::result_type, row>);
    // NULL sorts first in ascending order on SQLite and last on PostgreSQL (docs/postgres.md)
#ifdef VELLUM_TEST_BACKEND_POSTGRES
    CHECK(q.all() == std::vector<row>{{1, "u1"}, {2, "u1"}, {3, "u2"}, {4, nullopt}, {5, "u2"}, {nullopt, "u3"}, {nullopt, "u4"}});
#else
    CHECK(q.all() == std::vector<row>{{nullopt, "u3"}, {nullopt, "u4"}, {1, "u1"}, {2, "u1"}, {3, "u2"}, {4, nullopt}, {5, "u2"}});
#endif
  }
  SECTION("cross") {
    auto q = b.db.select(col<&user::id>, col<&post::id>)
                 .from<user>()
                 .cross_join<post>()
                 .where(col<&user::id> == "u4" && col<&post::views> > 50)
                 .order_by(col<&post::id>);
    CHECK(SQL_OF(q) == R"(SELECT "users"."id", "posts"."id" FROM "users" CROSS JOIN "posts" WHERE )"
                        R"(("users"."id" = ? AND "posts"."views" > ?) ORDER BY "posts"."id")");
    using row = std::tuple<std::string, std::int64_t>;
    static_assert(std::is_same_v<decltype(q)::result_type, row>);
    CHECK(q.all() == std::vector<row>{{"u4", 1}, {"u4", 3}});
    CHECK(b.db.select(v::count()).from<user>().cross_join<post>().one() == 20);
  }
}

TEST_CASE("self-join through an alias", "[query][select][join]") {
  blog::blog_db b;
  using manager = v::alias<user, "manager">;
  auto q = b.db.select(col<&user::email>, col<&user::email, manager>)
               .from<user>()
               .left_join<manager>(col<&user::manager_id> == col<&user::id, manager>)
               .order_by(col<&user::id>);
  CHECK(SQL_OF(q) == R"(SELECT "users"."email", "manager"."email" FROM "users" LEFT JOIN "users" AS "manager" ON )"
                      R"("users"."manager_id" = "manager"."id" ORDER BY "users"."id")");
  using row = std::tuple<std::string, std::optional<std::string>>;
  static_assert(std::is_same_v<decltype(q)::result_type, row>);
  CHECK(q.all() == std::vector<row>{{"alice@example.com", nullopt},
                                    {"bob@example.com", "alice@example.com"},
                                    {"carol@example.com", "alice@example.com"},
                                    {"dave@example.com", "bob@example.com"}});

  auto reports_to_admin = b.db.select(col<&user::id>)
                              .from<user>()
                              .join<manager>(col<&user::manager_id> == col<&user::id, manager>)
                              .where(col<&user::user_role, manager> == role::admin && col<&user::active> == true);
  CHECK(SQL_OF(reports_to_admin) ==
        R"(SELECT "users"."id" FROM "users" INNER JOIN "users" AS "manager" ON "users"."manager_id" = "manager"."id" )"
        R"(WHERE ("manager"."role" = ? AND "users"."active" = ?))");
  CHECK(reports_to_admin.all() == names{"u2"});
}

namespace {
struct titled {
  std::string title;
  std::optional<std::string> author_name;
  std::int64_t views;
};
}  // namespace

TEST_CASE("into<Struct>() reads rows into a plain struct", "[query][select]") {
  blog::blog_db b;
  auto q = b.db.select(col<&post::title>, col<&user::name>, col<&post::views>)
               .from<post>()
               .left_join<user>(col<&post::author_id> == col<&user::id>)
               .where(col<&post::views> >= 100)
               .order_by(col<&post::id>);
  CHECK(SQL_OF(q) == R"(SELECT "posts"."title", "users"."name", "posts"."views" FROM "posts" LEFT JOIN "users" ON )"
                      R"("posts"."author_id" = "users"."id" WHERE "posts"."views" >= ? ORDER BY "posts"."id")");
  const std::vector<titled> rows = q.into<titled>();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].title == "Hello world");
  CHECK(rows[0].author_name == "Alice");
  CHECK(rows[0].views == 100);
  CHECK(rows[1].title == "Bob's news");
  CHECK(rows[1].author_name == "Bob");
  CHECK(rows[1].views == 250);
}

TEST_CASE("one(), first() and their errors", "[query][select]") {
  blog::blog_db b;
  auto by_id = b.db.select<user>().where(col<&user::id> == "u2");
  CHECK(SQL_OF(by_id) == "SELECT " + std::string(user_columns) + R"( FROM "users" WHERE "users"."id" = ?)");
  const std::optional<user> bob = by_id.one();
  REQUIRE(bob);
  CHECK(bob->email == "bob@example.com");
  CHECK(b.db.select<user>().where(col<&user::id> == "nobody").one() == nullopt);

  auto every_user = b.db.select<user>();
  CHECK(SQL_OF(every_user) == "SELECT " + std::string(user_columns) + R"( FROM "users")");
  CHECK_THROWS_AS(every_user.one(), v::error);
  CHECK_THROWS_WITH(every_user.one(), Catch::Contains("more than one row"));

  auto top = b.db.select(col<&post::title>).from<post>().order_by(v::desc(col<&post::views>));
  CHECK(top.first() == "Bob's news");
  CHECK(top.where(col<&post::views> > 1000).first() == nullopt);
}

TEST_CASE("lazy() reads many rows one at a time", "[query][select]") {
  blog::blog_db b;
  std::vector<post> many;
  for (int i = 0; i < 3000; ++i) many.push_back(blog::make_post("u4", "bulk " + std::to_string(i), status::draft, i, std::nullopt, i));
  REQUIRE(b.db.insert(many) == 3000);

  auto q = b.db.select(col<&post::views>, col<&post::title>)
               .from<post>()
               .where(col<&post::author_id> == "u4")
               .order_by(col<&post::views>);
  CHECK(SQL_OF(q) == R"(SELECT "posts"."views", "posts"."title" FROM "posts" WHERE "posts"."author_id" = ? )"
                      R"(ORDER BY "posts"."views")");
  std::int64_t rows = 0;
  std::int64_t sum = 0;
  bool in_order = true;
  for (const auto& [views, title] : q.lazy()) {
    in_order = in_order && views == rows && title == "bulk " + std::to_string(rows);
    sum += views;
    ++rows;
  }
  CHECK(rows == 3000);
  CHECK(sum == 2999 * 3000 / 2);
  CHECK(in_order);

  // Whole rows, stopping early; the cursor owns its query, so a temporary query is fine.
  int seen = 0;
  for (const post& p : b.db.select<post>().where(col<&post::author_id> == "u4").order_by(v::desc(col<&post::views>)).lazy()) {
    CHECK(p.views == 2999 - seen);
    if (++seen == 10) break;
  }
  CHECK(seen == 10);
}

TEST_CASE("union, union_all, intersect and except", "[query][select][compound]") {
  blog::blog_db b;
  const auto authors = b.db.select(col<&post::author_id>).from<post>();
  const auto inactive = v::select(col<&user::id>).from<user>().where(col<&user::active> == false);
  const auto active = v::select(col<&user::id>).from<user>().where(col<&user::active> == true);
  auto sorted = [](std::vector<std::string> rows) {
    std::sort(rows.begin(), rows.end());
    return rows;
  };

  const auto u = v::union_(authors, inactive);
  CHECK(SQL_OF(u) == R"(SELECT "posts"."author_id" FROM "posts" UNION SELECT "users"."id" FROM "users" WHERE "users"."active" = ?)");
  CHECK(sorted(u.all()) == names{"u1", "u2", "u3"});

  const auto ua = v::union_all(authors, inactive);
  CHECK(SQL_OF(ua) ==
        R"(SELECT "posts"."author_id" FROM "posts" UNION ALL SELECT "users"."id" FROM "users" WHERE "users"."active" = ?)");
  CHECK(sorted(ua.all()) == names{"u1", "u1", "u2", "u2", "u3", "u3"});

  const auto both = v::intersect(authors, active);
  CHECK(SQL_OF(both) ==
        R"(SELECT "posts"."author_id" FROM "posts" INTERSECT SELECT "users"."id" FROM "users" WHERE "users"."active" = ?)");
  CHECK(sorted(both.all()) == names{"u1", "u2"});

  const auto never_wrote = v::except(b.db.select(col<&user::id>).from<user>(), authors);
  CHECK(SQL_OF(never_wrote) == R"(SELECT "users"."id" FROM "users" EXCEPT SELECT "posts"."author_id" FROM "posts")");
  CHECK(never_wrote.all() == names{"u4"});
  CHECK(never_wrote.one() == "u4");
  static_assert(v::sql_v<std::remove_cvref_t<decltype(never_wrote)>> ==
                R"(SELECT "users"."id" FROM "users" EXCEPT SELECT "posts"."author_id" FROM "posts")");

  // Chained; values bound in order across the members; built without a database and run by db.run().
  const auto chained = v::union_all(v::union_all(v::select(col<&post::id>).from<post>().where(col<&post::views> > 200),
                                                 v::select(col<&post::id>).from<post>().where(col<&post::views> == 0)),
                                    v::select(col<&post::id>).from<post>().where(col<&post::id> == 2));
  CHECK(SQL_OF(chained) == R"(SELECT "posts"."id" FROM "posts" WHERE "posts"."views" > ? UNION ALL SELECT "posts"."id" )"
                            R"(FROM "posts" WHERE "posts"."views" = ? UNION ALL SELECT "posts"."id" FROM "posts" WHERE )"
                            R"("posts"."id" = ?)");
  auto chained_ids = b.db.run(chained);
  std::sort(chained_ids.begin(), chained_ids.end());
  CHECK(chained_ids == ids{2, 3, 4});
}

TEST_CASE("with(): common table expressions", "[query][select][cte]") {
  blog::blog_db b;
  const auto popular = v::cte<"popular">(v::select<post>().where(col<&post::views> >= 100));
  using popular_t = decltype(popular)::source;
  auto titles = v::with(b.db.select(col<&post::title, popular_t>).from<popular_t>().order_by(col<&post::id, popular_t>), popular);
  CHECK(SQL_OF(titles) == R"(WITH "popular" AS (SELECT )" + std::string(post_columns) +
                               R"( FROM "posts" WHERE "posts"."views" >= ?) SELECT "popular"."title" FROM "popular" )"
                               R"(ORDER BY "popular"."id")");
  CHECK(titles.all() == names{"Hello world", "Bob's news"});

  // Joined with a table, beside a second CTE; values bind in order (CTEs first).
  const auto editors = v::cte<"editors">(v::select<user>().where(col<&user::user_role> == role::editor));
  using editors_t = decltype(editors)::source;
  auto joined = v::with(b.db.select(col<&post::title, popular_t>, col<&user::email, editors_t>)
                            .from<popular_t>()
                            .join<editors_t>(col<&post::author_id, popular_t> == col<&user::id, editors_t>)
                            .where(col<&post::views, popular_t> > 150),
                        popular, editors);
  CHECK(SQL_OF(joined) == R"(WITH "popular" AS (SELECT )" + std::string(post_columns) +
                               R"( FROM "posts" WHERE "posts"."views" >= ?), "editors" AS (SELECT )" + std::string(user_columns) +
                               R"( FROM "users" WHERE "users"."role" = ?) SELECT "popular"."title", "editors"."email" )"
                               R"(FROM "popular" INNER JOIN "editors" ON "popular"."author_id" = "editors"."id" WHERE )"
                               R"("popular"."views" > ?)");
  using row = std::tuple<std::string, std::string>;
  CHECK(joined.all() == std::vector<row>{{"Bob's news", "bob@example.com"}});
  CHECK(joined.one() == row{"Bob's news", "bob@example.com"});
}

TEST_CASE("with_related<…>() loads a declared relation in one more statement", "[query][select][relations]") {
  blog::blog_db b;
  std::vector<std::string> statements;
  b.db.set_logger([&](const v::query_event& e) { statements.emplace_back(e.sql); });
  const auto items = b.db.select<post>().where(col<&post::author_id> != "u3").order_by(col<&post::id>).with_related<"author">();
  b.db.set_logger(nullptr);
  REQUIRE(statements.size() == 2);
  // the statements as run, in the backend's dialect
#ifdef VELLUM_TEST_BACKEND_POSTGRES
  CHECK(statements[0] == "SELECT " + std::string(post_columns) +
                             R"( FROM "posts" WHERE "posts"."author_id" <> $1 ORDER BY "posts"."id")");
  CHECK(statements[1] == "SELECT " + std::string(user_columns) +
                             R"( FROM "users" WHERE "users"."id" IN (SELECT value FROM jsonb_array_elements_text(CAST($1 AS JSONB))))");
#else
  CHECK(statements[0] == "SELECT " + std::string(post_columns) +
                             R"( FROM "posts" WHERE "posts"."author_id" <> ? ORDER BY "posts"."id")");
  CHECK(statements[1] == "SELECT " + std::string(user_columns) +
                             R"( FROM "users" WHERE "users"."id" IN (SELECT value FROM json_each(?)))");
#endif
  REQUIRE(items.size() == 4);
  std::vector<std::pair<std::int64_t, std::string>> authors;
  for (const auto& item : items) {
    const std::optional<user>& author = item.related<"author">();
    REQUIRE(author);
    CHECK(author->id == item.author_id);
    authors.emplace_back(item.id, author->email);
  }
  CHECK(authors == std::vector<std::pair<std::int64_t, std::string>>{
                       {1, "alice@example.com"}, {2, "alice@example.com"}, {3, "bob@example.com"}, {5, "bob@example.com"}});
}
