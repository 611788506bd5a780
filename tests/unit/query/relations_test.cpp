// Eager loading of declared relations: one statement for the page, one per relation.
#include <catch2/catch.hpp>

#include "backend_fixture.hpp"
#include "model.hpp"

namespace blog {
struct post_version {
  std::string id;
  std::int64_t post_id = 0;
  std::int64_t number = 0;
};
constexpr auto vellum_table(v::tag<post_version>) {
  return v::table<post_version>("post_versions", v::column(&post_version::id, "id").primary_key(),
                                v::column(&post_version::post_id, "post_id").references<&post::id>(),
                                v::column(&post_version::number, "number"))
      .index("idx_post_versions_post", &post_version::post_id);
}

// The posts table seen through a second struct that declares both relations.
struct article {
  std::int64_t id = 0;
  std::string author_id;
  std::string title;
  status state = status::draft;
  std::int64_t views = 0;
  std::optional<double> score;
  v::unix_millis updated_at{};
};
constexpr auto vellum_table(v::tag<article>) {
  return v::table<article>("posts", v::column(&article::id, "id").autoincrement(),
                           v::column(&article::author_id, "author_id"), v::column(&article::title, "title"),
                           v::column(&article::state, "status"), v::column(&article::views, "views"),
                           v::column(&article::score, "score"), v::column(&article::updated_at, "updated_at"))
      .relation<v::one<"author", &article::author_id, &user::id>>()
      .relation<v::many<"versions", &article::id, &post_version::post_id>>();
}
}  // namespace blog

using namespace blog;
using v::col;

TEST_CASE("eager loading 100 items with author and versions runs exactly 3 statements", "[query][relations]") {
  vellum_test::backend_db t;
  auto& db = t.db;
  db.create_all<user, post, post_version>();
  db.insert(user{"u1", "ann@example.com", "Ann", role::author, true, std::nullopt});
  db.insert(user{"u2", "bob@example.com", std::nullopt, role::editor, true, std::nullopt});
  for (int i = 0; i < 100; ++i) {
    const auto p = db.insert(post{0, i % 2 == 0 ? "u1" : "u2", "post " + std::to_string(i), status::published, i,
                                  std::nullopt, v::unix_millis{std::chrono::milliseconds{i}}});
    for (int n = 1; n <= i % 3; ++n) db.insert(post_version{"v" + std::to_string(i) + "." + std::to_string(n), p.id, n});
  }

  std::vector<std::string> statements;
  db.set_logger([&](const v::query_event& e) { statements.emplace_back(e.sql); });
  const auto items = db.select<article>().order_by(col<&article::id>).limit(100).with_related<"author", "versions">();
  db.set_logger(nullptr);

  REQUIRE(statements.size() == 3);
  // the related keys travel as one JSON array parameter
  CHECK(statements[1].find(vellum_test::on_postgres ? "jsonb_array_elements_text" : "json_each") != std::string::npos);
  REQUIRE(items.size() == 100);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    CHECK(item.title == "post " + std::to_string(i));
    const std::optional<user>& author = item.related<"author">();
    REQUIRE(author.has_value());
    CHECK(author->id == (i % 2 == 0 ? "u1" : "u2"));
    const std::vector<post_version>& versions = item.related<"versions">();
    CHECK(versions.size() == i % 3);
    for (const auto& version : versions) CHECK(version.post_id == item.id);
  }
}

TEST_CASE("eager loading an empty page runs only the page query", "[query][relations]") {
  vellum_test::backend_db t;
  auto& db = t.db;
  db.create_all<user, post, post_version>();
  int statements = 0;
  db.set_logger([&](const v::query_event&) { ++statements; });
  const auto items = db.select<article>().with_related<"author", "versions">();
  CHECK(items.empty());
  CHECK(statements == 1);
}

// SQLite-only: it stores an orphan by opening the database with foreign_keys = false, an SQLite
// connection option; PostgreSQL always enforces the declared foreign key.
#ifndef VELLUM_TEST_BACKEND_POSTGRES
TEST_CASE("a one-relation with a missing target reads as nullopt", "[query][relations]") {
  v::database db{":memory:", v::connection_options{.foreign_keys = false}};
  db.create_all<user, post, post_version>();
  db.insert(post{0, "ghost", "orphan", status::draft, 0, std::nullopt, {}});
  const auto items = db.select<article>().with_related<"author">();
  REQUIRE(items.size() == 1);
  CHECK_FALSE(items[0].related<"author">().has_value());
}
#endif  // VELLUM_TEST_BACKEND_POSTGRES
