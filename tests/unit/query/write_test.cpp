// INSERT, UPDATE and DELETE: each builder feature's SQL text asserted exactly, then run against
// SQLite and the stored rows read back.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "blog_fixture.hpp"

namespace notes {
namespace v = vellum;

// C++ default and on-update functions; tests set what they return.
inline int slugs_made = 0;
inline std::int64_t clock_ms = 0;
inline std::string next_slug() { return "note-" + std::to_string(++slugs_made); }
inline v::unix_millis now() { return blog::at_ms(clock_ms); }

struct note {
  std::int64_t id = 0;
  std::string slug;
  std::string body;
  v::unix_millis created_at{};
  v::unix_millis updated_at{};
};
constexpr auto vellum_table(v::tag<note>) {
  return v::table<note>("notes", v::column(&note::id, "id").autoincrement(),
                        v::column(&note::slug, "slug").unique().default_fn(&next_slug),
                        v::column(&note::body, "body"),
                        v::column(&note::created_at, "created_at").default_fn(&now),
                        v::column(&note::updated_at, "updated_at").default_fn(&now).on_update_fn(&now));
}

}  // namespace notes

namespace {
namespace v = vellum;
using blog::post;
using blog::status;
using blog::user;
using notes::note;
using std::nullopt;
using v::col;
using ids = std::vector<std::int64_t>;
using names = std::vector<std::string>;

constexpr std::string_view post_columns =
    R"("posts"."id", "posts"."author_id", "posts"."title", "posts"."status", "posts"."views", "posts"."score", )"
    R"("posts"."updated_at")";

/// The SQL text of every statement the database runs, in order.
struct sql_log {
  std::vector<std::string> statements;
  explicit sql_log(vellum_test::test_database& db) {
    db.set_logger([this](const v::query_event& e) { statements.emplace_back(e.sql); });
  }
};

ids post_ids(vellum_test::test_database& db) { return db.select(col<&post::id>).from<post>().order_by(col<&post::id>).all(); }

}  // namespace

TEST_CASE("insert(row) fills the autoincrement key and applies C++ defaults", "[query][insert]") {
  vellum_test::backend_db t;
  auto& db = t.db;
  db.create_all<note>();
  notes::slugs_made = 0;
  notes::clock_ms = 1000;
  sql_log log(db);

  const note first = db.insert(note{0, "", "first", {}, {}});
  REQUIRE(log.statements.size() == 1);
#ifdef VELLUM_TEST_BACKEND_POSTGRES  // the key comes back through RETURNING
  CHECK(log.statements[0] ==
        R"(INSERT INTO "notes" ("id", "slug", "body", "created_at", "updated_at") VALUES )"
        R"((COALESCE($1, nextval(pg_get_serial_sequence('"notes"', 'id'))), $2, $3, $4, $5) RETURNING "id")");
#else
  CHECK(log.statements[0] ==
        R"(INSERT INTO "notes" ("id", "slug", "body", "created_at", "updated_at") VALUES (?, ?, ?, ?, ?))");
#endif
  CHECK(first.id == 1);
  CHECK(first.slug == "note-1");
  CHECK(first.created_at == blog::at_ms(1000));
  CHECK(first.updated_at == blog::at_ms(1000));

  // Members already set are kept.
  notes::clock_ms = 2000;
  const note second = db.insert(note{0, "custom", "second", blog::at_ms(5), {}});
  CHECK(second.id == 2);
  CHECK(second.slug == "custom");
  CHECK(second.created_at == blog::at_ms(5));
  CHECK(second.updated_at == blog::at_ms(2000));
  CHECK(notes::slugs_made == 1);

  // What was stored is what insert() returned.
  const auto stored = db.select<note>().order_by(col<&note::id>).all();
  REQUIRE(stored.size() == 2);
  CHECK(std::tie(stored[0].id, stored[0].slug, stored[0].body, stored[0].created_at, stored[0].updated_at) ==
        std::tie(first.id, first.slug, first.body, first.created_at, first.updated_at));
  CHECK(std::tie(stored[1].id, stored[1].slug, stored[1].created_at) == std::tie(second.id, second.slug, second.created_at));

  // A blog post: autoincrement key and an explicit key.
  blog::blog_db b;
  const post p = b.db.insert(blog::make_post("u4", "Dave's first", status::draft, 0, nullopt, 9000));
  CHECK(p.id == 6);
  post explicit_key = blog::make_post("u4", "Numbered", status::draft, 0, nullopt, 9000);
  explicit_key.id = 100;
  CHECK(b.db.insert(explicit_key).id == 100);
  CHECK(b.db.select(col<&post::title>).from<post>().where(col<&post::id> == 100).one() == "Numbered");
}

TEST_CASE("insert(range) writes many rows inside one transaction, one single-row statement each",
          "[query][insert]") {
  blog::blog_db b;
  std::vector<post> rows;
  for (int i = 0; i < 1234; ++i)
    rows.push_back(blog::make_post(i % 2 == 0 ? "u1" : "u2", "bulk-" + std::to_string(i), status::draft, i,
                                   i % 3 == 0 ? std::optional<double>(i / 2.0) : nullopt, 10000 + i));
  sql_log log(b.db);
  CHECK(b.db.insert(rows) == 1234);

  // The single-row statement, once per row (multi-row VALUES lists cost SQLite a statement
  // journal: bench/ W1), between BEGIN and COMMIT.
#ifdef VELLUM_TEST_BACKEND_POSTGRES
  const std::string one_row = R"(INSERT INTO "posts" ("id", "author_id", "title", "status", "views", "score", )"
                              R"("updated_at") VALUES (COALESCE($1, nextval(pg_get_serial_sequence('"posts"', 'id'))), )"
                              R"($2, $3, $4, $5, $6, $7) RETURNING "id")";
#else
  const std::string one_row = R"(INSERT INTO "posts" ("id", "author_id", "title", "status", "views", "score", )"
                              R"("updated_at") VALUES (?, ?, ?, ?, ?, ?, ?))";
#endif
  CHECK(std::count(log.statements.begin(), log.statements.end(), one_row) == 1234);
  REQUIRE(log.statements.size() == 1236);
  CHECK(log.statements.front().starts_with("BEGIN"));
  CHECK(log.statements.back() == "COMMIT");

  CHECK(b.db.select(v::count()).from<post>().one() == 5 + 1234);
  CHECK(b.db.select(v::sum(col<&post::views>)).from<post>().where(v::like(col<&post::title>, "bulk-%")).one() ==
        std::optional<std::optional<std::int64_t>>(1233 * 1234 / 2));
  const auto stored = b.db.select<post>().where(col<&post::id> > 5).order_by(col<&post::id>).all();
  REQUIRE(stored.size() == 1234);
  bool same = true;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const post& s = stored[i];
    const post& r = rows[i];
    same = same && s.id == static_cast<std::int64_t>(6 + i) && s.author_id == r.author_id && s.title == r.title &&
           s.state == r.state && s.views == r.views && s.score == r.score && s.updated_at == r.updated_at;
  }
  CHECK(same);

  // A failing row rolls back the whole batch.
  std::vector<post> bad(120, blog::make_post("u1", "ok", status::draft, 0, nullopt, 0));
  bad[110].author_id = "no-such-user";
  CHECK_THROWS_AS(b.db.insert(bad), v::constraint_error);
  CHECK(b.db.select(v::count()).from<post>().one() == 5 + 1234);
  CHECK_FALSE(b.db.in_transaction());
}

TEST_CASE("insert(range) applies C++ defaults to every row", "[query][insert]") {
  vellum_test::backend_db t;
  auto& db = t.db;
  db.create_all<note>();
  notes::slugs_made = 0;
  notes::clock_ms = 42;
  std::vector<note> many(130);
  for (std::size_t i = 0; i < many.size(); ++i) many[i].body = "n" + std::to_string(i);
  CHECK(db.insert(many) == 130);
  CHECK(db.select(v::count_distinct(col<&note::slug>)).from<note>().one() == 130);
  CHECK(db.select(v::count()).from<note>().where(col<&note::created_at> == blog::at_ms(42)).one() == 130);
  CHECK(db.select(col<&note::slug>).from<note>().where(col<&note::body> == "n129").one() == "note-130");
}

TEST_CASE("insert_into().values(set…) writes some columns, and the table's defaults fill the rest", "[query][insert]") {
  blog::blog_db b;
  auto q = b.db.insert_into<post>().values(v::set<&post::author_id>("u4"), col<&post::title> = "Partial");
  CHECK(SQL_OF(q) == R"(INSERT INTO "posts" ("author_id", "title") VALUES (?, ?))");
  CHECK(q.run() == 1);
  const auto stored = b.db.select<post>().where(col<&post::title> == "Partial").one();
  REQUIRE(stored);
  CHECK(stored->id == 6);
  CHECK(stored->author_id == "u4");
  CHECK(stored->state == status::draft);  // DEFAULT 'draft'
  CHECK(stored->views == 0);              // DEFAULT 0
  CHECK(stored->score == nullopt);
  CHECK(stored->updated_at > blog::at_ms(0));  // DEFAULT (unixepoch() * 1000)

  // C++ default functions join the column list.
  vellum_test::backend_db t;
  auto& db = t.db;
  db.create_all<note>();
  notes::slugs_made = 0;
  notes::clock_ms = 77;
  auto partial = db.insert_into<note>().values(v::set<&note::body>("hello"));
  CHECK(SQL_OF(partial) == R"(INSERT INTO "notes" ("body", "slug", "created_at", "updated_at") VALUES (?, ?, ?, ?))");
  CHECK(partial.run() == 1);
  const auto n = db.select<note>().one();
  REQUIRE(n);
  CHECK(n->slug == "note-1");
  CHECK(n->body == "hello");
  CHECK(n->created_at == blog::at_ms(77));
  CHECK(n->updated_at == blog::at_ms(77));

  // A whole row through insert_into().values(row).
  auto whole = db.insert_into<note>().values(note{0, "whole", "row", {}, {}});
  CHECK(SQL_OF(whole) == R"(INSERT INTO "notes" ("id", "slug", "body", "created_at", "updated_at") VALUES (?, ?, ?, ?, ?))");
  CHECK(whole.run() == 1);
  CHECK(db.select(col<&note::id>).from<note>().where(col<&note::slug> == "whole").one() == 2);
}

TEST_CASE("insert … returning whole rows or expressions", "[query][insert][returning]") {
  blog::blog_db b;
  auto whole = b.db.insert_into<post>().values(v::set<&post::author_id>("u3"), v::set<&post::title>("Returned")).returning();
  CHECK(SQL_OF(whole) == R"(INSERT INTO "posts" ("author_id", "title") VALUES (?, ?) RETURNING )" + std::string(post_columns));
  const std::optional<post> p = whole.one();
  REQUIRE(p);
  CHECK(p->id == 6);
  CHECK(p->title == "Returned");
  CHECK(p->state == status::draft);

  auto some = b.db.insert_into<post>()
                  .values(v::set<&post::author_id>("u3"), v::set<&post::title>("Two"), v::set<&post::views>(7))
                  .returning(col<&post::id>, col<&post::views> * 2);
  CHECK(SQL_OF(some) == R"(INSERT INTO "posts" ("author_id", "title", "views") VALUES (?, ?, ?) RETURNING )"
                         R"("posts"."id", ("posts"."views" * ?))");
  using row = std::tuple<std::int64_t, std::int64_t>;
  CHECK(some.all() == std::vector<row>{{7, 14}});

  auto one_value = b.db.insert_into<post>().values(v::set<&post::author_id>("u3"), v::set<&post::title>("Three")).returning(col<&post::id>);
  static_assert(std::is_same_v<decltype(one_value.one()), std::optional<std::int64_t>>);
  CHECK(one_value.one() == 8);
}

TEST_CASE("on_conflict_do_nothing with and without a target", "[query][insert][upsert]") {
  blog::blog_db b;
  auto targeted = b.db.insert_into<user>()
                      .values(v::set<&user::id>("u9"), v::set<&user::email>("alice@example.com"))
                      .on_conflict_do_nothing(col<&user::email>);
  CHECK(SQL_OF(targeted) == R"(INSERT INTO "users" ("id", "email") VALUES (?, ?) ON CONFLICT ("email") DO NOTHING)");
  CHECK(targeted.run() == 0);
  CHECK(b.db.select(v::count()).from<user>().one() == 4);

  auto any = b.db.insert_into<user>().values(v::set<&user::id>("u1"), v::set<&user::email>("new@example.com")).on_conflict_do_nothing();
  CHECK(SQL_OF(any) == R"(INSERT INTO "users" ("id", "email") VALUES (?, ?) ON CONFLICT DO NOTHING)");
  CHECK(any.run() == 0);
  CHECK(b.db.select(col<&user::email>).from<user>().where(col<&user::id> == "u1").one() == "alice@example.com");

  auto fresh = b.db.insert_into<user>().values(v::set<&user::id>("u5"), v::set<&user::email>("eve@example.com")).on_conflict_do_nothing();
  CHECK(fresh.run() == 1);
  const auto eve = b.db.select<user>().where(col<&user::id> == "u5").one();
  REQUIRE(eve);
  CHECK(eve->user_role == blog::role::viewer);
  CHECK(eve->active);
}

TEST_CASE("on_conflict_do_update with excluded values and a where()", "[query][insert][upsert]") {
  blog::blog_db b;
  auto upsert = [&](std::string id, std::string email, std::string name) {
    return b.db.insert_into<user>()
        .values(v::set<&user::id>(std::move(id)), v::set<&user::email>(std::move(email)), v::set<&user::name>(std::move(name)))
        .on_conflict_do_update(v::target(col<&user::email>), col<&user::name> = v::excluded<&user::name>,
                               col<&user::active> = true)
        .where(col<&user::user_role> != blog::role::admin);
  };
  CHECK(SQL_OF(upsert("x", "bob@example.com", "Robert")) ==
        R"(INSERT INTO "users" ("id", "email", "name") VALUES (?, ?, ?) ON CONFLICT ("email") DO UPDATE SET )"
        R"("name" = excluded."name", "active" = ? WHERE "users"."role" <> ?)");
  CHECK(upsert("x", "bob@example.com", "Robert").run() == 1);      // conflict, updated
  CHECK(upsert("x", "carol@example.com", "Caroline").run() == 1);  // conflict, updated, re-activated
  CHECK(upsert("x", "alice@example.com", "Al").run() == 0);        // conflict, where() is false
  CHECK(upsert("u7", "gus@example.com", "Gus").run() == 1);        // no conflict: inserted
  using row = std::tuple<std::string, std::optional<std::string>, bool>;
  CHECK(b.db.select(col<&user::id>, col<&user::name>, col<&user::active>).from<user>().order_by(col<&user::id>).all() ==
        std::vector<row>{{"u1", "Alice", true}, {"u2", "Robert", true}, {"u3", "Caroline", true},
                         {"u4", "Dave", true}, {"u7", "Gus", true}});

  // Without where(), with RETURNING; a table's on-update function joins the SET list.
  vellum_test::backend_db t;
  auto& db = t.db;
  db.create_all<note>();
  notes::clock_ms = 10;
  db.insert(note{0, "same", "old", {}, {}});
  notes::clock_ms = 20;
  auto q = db.insert_into<note>()
               .values(v::set<&note::slug>("same"), v::set<&note::body>("new"))
               .on_conflict_do_update(v::target(col<&note::slug>), col<&note::body> = v::excluded<&note::body>)
               .returning(col<&note::id>, col<&note::body>, col<&note::created_at>, col<&note::updated_at>);
  CHECK(SQL_OF(q) == R"(INSERT INTO "notes" ("slug", "body", "created_at", "updated_at") VALUES (?, ?, ?, ?) )"
                      R"(ON CONFLICT ("slug") DO UPDATE SET "body" = excluded."body", "updated_at" = ? RETURNING )"
                      R"("notes"."id", "notes"."body", "notes"."created_at", "notes"."updated_at")");
  using note_row = std::tuple<std::int64_t, std::string, v::unix_millis, v::unix_millis>;
  CHECK(q.one() == note_row{1, "new", blog::at_ms(10), blog::at_ms(20)});
}

TEST_CASE("update().set(…).where(…) returns rows affected", "[query][update]") {
  blog::blog_db b;
  auto bump = b.db.update<post>().set(col<&post::views> = col<&post::views> + 1).where(col<&post::author_id> == "u1");
  CHECK(SQL_OF(bump) == R"(UPDATE "posts" SET "views" = ("posts"."views" + ?) WHERE "posts"."author_id" = ?)");
  CHECK(bump.run() == 2);
  CHECK(b.db.select(col<&post::views>).from<post>().where(col<&post::author_id> == "u1").order_by(col<&post::id>).all() ==
        ids{101, 11});

  auto several = b.db.update<post>()
                     .set(col<&post::state> = status::archived, col<&post::score> = std::optional<double>(0.5),
                          col<&post::title> = "Gone")
                     .where(col<&post::state> == status::draft && col<&post::views> < 5);
  CHECK(SQL_OF(several) == R"(UPDATE "posts" SET "status" = ?, "score" = ?, "title" = ? WHERE )"
                            R"(("posts"."status" = ? AND "posts"."views" < ?))");
  CHECK(several.run() == 1);
  const auto carol = b.db.select<post>().where(col<&post::id> == 4).one();
  REQUIRE(carol);
  CHECK(carol->state == status::archived);
  CHECK(carol->score == 0.5);
  CHECK(carol->title == "Gone");

  CHECK(b.db.update<post>().set(col<&post::views> = 0).where(col<&post::id> == 999).run() == 0);

  // A subquery picks the rows.
  auto of_inactive = b.db.update<post>()
                         .set(col<&post::views> = 1)
                         .where(v::in(col<&post::author_id>, v::select(col<&user::id>).from<user>().where(col<&user::active> == false)));
  CHECK(SQL_OF(of_inactive) == R"(UPDATE "posts" SET "views" = ? WHERE "posts"."author_id" IN )"
                                R"((SELECT "users"."id" FROM "users" WHERE "users"."active" = ?))");
  CHECK(of_inactive.run() == 1);

  // The table's on-update function is applied.
  vellum_test::backend_db t;
  auto& db = t.db;
  db.create_all<note>();
  notes::clock_ms = 1;
  db.insert(note{0, "a", "body", {}, {}});
  notes::clock_ms = 99;
  auto edit = db.update<note>().set(col<&note::body> = "edited").where(col<&note::slug> == "a");
  CHECK(SQL_OF(edit) == R"(UPDATE "notes" SET "body" = ?, "updated_at" = ? WHERE "notes"."slug" = ?)");
  CHECK(edit.run() == 1);
  using note_row = std::tuple<std::string, v::unix_millis, v::unix_millis>;
  CHECK(db.select(col<&note::body>, col<&note::created_at>, col<&note::updated_at>).from<note>().one() ==
        note_row{"edited", blog::at_ms(1), blog::at_ms(99)});
}

TEST_CASE("update … returning, and update all_rows()", "[query][update][returning]") {
  blog::blog_db b;
  auto returning_rows = b.db.update<post>()
                            .set(col<&post::views> = col<&post::views> * 10)
                            .where(col<&post::state> == status::published)
                            .returning(col<&post::id>, col<&post::views>);
  CHECK(SQL_OF(returning_rows) == R"(UPDATE "posts" SET "views" = ("posts"."views" * ?) WHERE "posts"."status" = ? )"
                                   R"(RETURNING "posts"."id", "posts"."views")");
  auto changed = returning_rows.all();
  std::sort(changed.begin(), changed.end());
  using row = std::tuple<std::int64_t, std::int64_t>;
  CHECK(changed == std::vector<row>{{1, 1000}, {3, 2500}});

  auto whole = b.db.update<post>().set(col<&post::title> = "Renamed").where(col<&post::id> == 2).returning();
  CHECK(SQL_OF(whole) == R"(UPDATE "posts" SET "title" = ? WHERE "posts"."id" = ? RETURNING )" + std::string(post_columns));
  const std::optional<post> renamed = whole.one();
  REQUIRE(renamed);
  CHECK(renamed->id == 2);
  CHECK(renamed->title == "Renamed");
  CHECK(renamed->views == 10);
  CHECK_THROWS_AS(b.db.update<post>().set(col<&post::views> = 3).all_rows().returning(col<&post::id>).one(), v::error);

  auto everything = b.db.update<post>().set(col<&post::views> = 0).all_rows();
  CHECK(SQL_OF(everything) == R"(UPDATE "posts" SET "views" = ?)");
  CHECK(everything.run() == 5);
  CHECK(b.db.select(v::sum(col<&post::views>)).from<post>().one() == std::optional<std::optional<std::int64_t>>(0));
}

TEST_CASE("delete_from().where(…), with returning, and all_rows()", "[query][delete]") {
  blog::blog_db b;
  auto drafts = b.db.delete_from<post>().where(col<&post::state> == status::draft).returning(col<&post::title>);
  CHECK(SQL_OF(drafts) == R"(DELETE FROM "posts" WHERE "posts"."status" = ? RETURNING "posts"."title")");
  auto titles = drafts.all();
  std::sort(titles.begin(), titles.end());
  CHECK(titles == names{"Carol draft", "Second post"});
  CHECK(post_ids(b.db) == ids{1, 3, 5});

  auto whole = b.db.delete_from<post>().where(col<&post::id> == 5).returning();
  CHECK(SQL_OF(whole) == R"(DELETE FROM "posts" WHERE "posts"."id" = ? RETURNING )" + std::string(post_columns));
  const auto gone = whole.all();
  REQUIRE(gone.size() == 1);
  CHECK(gone[0].title == "Archived");
  CHECK(gone[0].score == 1.5);

  auto one_by_id = b.db.delete_from<post>().where(col<&post::id> == 3);
  CHECK(SQL_OF(one_by_id) == R"(DELETE FROM "posts" WHERE "posts"."id" = ?)");
  CHECK(one_by_id.run() == 1);
  CHECK(one_by_id.run() == 0);

  auto by_subquery = b.db.delete_from<user>().where(
      v::not_exists(v::select(col<&post::id>).from<post>().where(col<&post::author_id> == col<&user::id>)));
  CHECK(SQL_OF(by_subquery) == R"(DELETE FROM "users" WHERE NOT EXISTS (SELECT "posts"."id" FROM "posts" WHERE )"
                                R"("posts"."author_id" = "users"."id"))");
  CHECK(by_subquery.run() == 3);  // u2, u3, u4: only u1 still has a post
  CHECK(b.db.select(col<&user::id>).from<user>().all() == names{"u1"});

  auto everything = b.db.delete_from<post>().all_rows();
  CHECK(SQL_OF(everything) == R"(DELETE FROM "posts")");
  CHECK(everything.run() == 1);
  CHECK(post_ids(b.db).empty());
}

TEST_CASE("quotes, unicode and SQL-injection text are stored and read back verbatim", "[query][values]") {
  blog::blog_db b;
  const std::vector<std::string> nasty = {
      "O'Brien",
      "\"double\" 'single' `back`",
      "Robert'); DROP TABLE users;--",
      "1 OR 1=1",
      "x' OR '1'='1",
      "?, ?2, :name, @p, $1",
      "/* comment */ -- line",
      "Zoë Łódź — 日本語 🚀",
      "back\\slash\ttab\nnewline",
      "%_[]^",
  };
  int n = 0;
  for (const std::string& text : nasty) {
    const std::string id = "n" + std::to_string(n++);
    b.db.insert(user{id, text + "@example.com", text, blog::role::viewer, true, std::nullopt});
    b.db.insert(blog::make_post(id, text, status::draft, n, nullopt, n));
  }
  n = 0;
  for (const std::string& text : nasty) {
    const std::string id = "n" + std::to_string(n++);
    auto by_name = b.db.select<user>().where(col<&user::name> == text);
    CHECK(SQL_OF(by_name).find(text) == std::string::npos);  // values never enter the SQL text
    const auto u = by_name.one();
    REQUIRE(u);
    CHECK(u->id == id);
    CHECK(u->name == text);
    CHECK(u->email == text + "@example.com");
    CHECK(b.db.select(col<&post::title>).from<post>().where(col<&post::author_id> == id).one() == text);
    CHECK(b.db.select(col<&user::id>).from<user>().where(v::in(col<&user::name>, std::vector<std::string>{text})).one() == id);
  }
  // Updates and deletes bind the same way.
  CHECK(b.db.update<user>().set(col<&user::name> = nasty[2] + nasty[7]).where(col<&user::name> == nasty[2]).run() == 1);
  CHECK(b.db.select(col<&user::name>).from<user>().where(col<&user::id> == "n2").one() ==
        std::optional<std::optional<std::string>>(nasty[2] + nasty[7]));
  CHECK(b.db.delete_from<post>().where(col<&post::title> == nasty[4]).run() == 1);
  // The tables are all still there.
  CHECK(b.db.select(v::count()).from<user>().one() == 4 + static_cast<std::int64_t>(nasty.size()));
  CHECK(b.db.select(v::count()).from<post>().one() == 5 + static_cast<std::int64_t>(nasty.size()) - 1);
}
