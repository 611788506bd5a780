// Bad input at the query level: one table of cases, compiled into vellum_unit_query (SQLite) and
// vellum_postgres_query_tests (PostgreSQL), so both backends must answer each case with the same
// typed error and leave every table as it was.
#include <catch2/catch.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "blog_fixture.hpp"

namespace bad_input {
namespace v = vellum;

// A table of loosely typed values, and narrower C++ views of the same columns that a stored
// value may not fit.
struct sample {
  std::string id;
  std::string label;
  std::int64_t number = 0;
};
constexpr auto vellum_table(v::tag<sample>) {
  return v::table<sample>("samples", v::column(&sample::id, "id").primary_key(), v::column(&sample::label, "label"),
                          v::column(&sample::number, "number"));
}
struct label_as_int {
  std::string id;
  std::int64_t label = 0;
};
constexpr auto vellum_table(v::tag<label_as_int>) {
  return v::table<label_as_int>("samples", v::column(&label_as_int::id, "id").primary_key(),
                                v::column(&label_as_int::label, "label"));
}
struct label_as_status {
  std::string id;
  blog::status label = blog::status::draft;
};
constexpr auto vellum_table(v::tag<label_as_status>) {
  return v::table<label_as_status>("samples", v::column(&label_as_status::id, "id").primary_key(),
                                   v::column(&label_as_status::label, "label"));
}
struct label_as_json {
  std::string id;
  nlohmann::json label;
};
constexpr auto vellum_table(v::tag<label_as_json>) {
  return v::table<label_as_json>("samples", v::column(&label_as_json::id, "id").primary_key(),
                                 v::column(&label_as_json::label, "label"));
}
struct number_as_int16 {
  std::string id;
  std::int16_t number = 0;
};
constexpr auto vellum_table(v::tag<number_as_int16>) {
  return v::table<number_as_int16>("samples", v::column(&number_as_int16::id, "id").primary_key(),
                                   v::column(&number_as_int16::number, "number"));
}

using vellum_test::test_database;
using v::col;

/// What a case must throw: a constraint_error of `kind` naming `table` and `column` (when given),
/// or (no kind) a mapping_error naming `table` and `column`.
struct bad_input_case {
  const char* name;
  std::function<void(test_database&)> act;
  std::optional<v::constraint_kind> kind;
  const char* table;
  const char* column;
};

blog::user make_user(std::string id, std::string email) {
  return blog::user{std::move(id), std::move(email), std::nullopt, blog::role::viewer, true, std::nullopt};
}

const std::vector<bad_input_case>& cases() {
  static const std::vector<bad_input_case> all = {
      {"a duplicate unique key", [](test_database& db) { db.insert(make_user("u9", "bob@example.com")); },
       v::constraint_kind::unique, "users", "email"},
      {"a duplicate unique key in the middle of a batch insert",
       [](test_database& db) {
         db.insert(std::vector<blog::user>{make_user("u8", "new@example.com"), make_user("u9", "bob@example.com")});
       },
       v::constraint_kind::unique, "users", "email"},
      {"a duplicate primary key", [](test_database& db) { db.insert(make_user("u2", "other@example.com")); },
       v::constraint_kind::primary_key, "users", "id"},
      {"a missing foreign key parent",
       [](test_database& db) { db.insert(blog::make_post("nobody", "Orphan", blog::status::draft, 1, std::nullopt, 1)); },
       v::constraint_kind::foreign_key, "posts", "author_id"},
      {"a foreign key parent updated away",
       [](test_database& db) {
         db.update<blog::post>().set(col<&blog::post::author_id> = std::string("nobody")).all_rows().run();
       },
       v::constraint_kind::foreign_key, "posts", "author_id"},
      {"NULL into a NOT NULL column through raw SQL",
       [](test_database& db) { db.execute(R"(INSERT INTO "users" ("id", "email") VALUES ('u9', NULL))"); },
       v::constraint_kind::not_null, "users", "email"},
      {"a name outside an enum column's CHECK through raw SQL",
       [](test_database& db) { db.execute(R"(UPDATE "users" SET "role" = 'boss' WHERE "id" = 'u2')"); },
       // no column: SQLite's CHECK message quotes the expression, not a column
       v::constraint_kind::check, "users", nullptr},
      {"a TEXT column read into an integer", [](test_database& db) { (void)db.select<label_as_int>().all(); },
       std::nullopt, "samples", "label"},
      {"an unknown enum name read back", [](test_database& db) { (void)db.select<label_as_status>().all(); },
       std::nullopt, "samples", "label"},
      {"invalid JSON text read into nlohmann::json",
       [](test_database& db) { (void)db.select<label_as_json>().all(); }, std::nullopt, "samples", "label"},
      {"an out-of-range integer read into int16", [](test_database& db) { (void)db.select<number_as_int16>().all(); },
       std::nullopt, "samples", "number"},
  };
  return all;
}

/// Every row of every table, as text, to compare before and after a case.
std::vector<std::string> contents(test_database& db) {
  std::vector<std::string> rows;
  for (const auto& u : db.select<blog::user>().order_by(col<&blog::user::id>).all())
    rows.push_back("user " + u.id + " " + u.email + " " + u.name.value_or("-") + " " + std::to_string(static_cast<int>(u.user_role)) +
                   " " + (u.active ? "1" : "0") + " " + u.manager_id.value_or("-"));
  for (const auto& p : db.select<blog::post>().order_by(col<&blog::post::id>).all())
    rows.push_back("post " + std::to_string(p.id) + " " + p.author_id + " " + p.title + " " + std::to_string(p.views));
  for (const auto& s : db.select<sample>().order_by(col<&sample::id>).all())
    rows.push_back("sample " + s.id + " " + s.label + " " + std::to_string(s.number));
  return rows;
}

}  // namespace bad_input

TEST_CASE("bad input gets the same typed error on every backend and changes nothing", "[query][errors][atomic]") {
  using namespace bad_input;
  for (const auto& c : cases()) {
    DYNAMIC_SECTION(c.name) {
      blog::blog_db b;
      auto& db = b.db;
      db.create_all<sample>();
      // one row that fits none of the narrower views: text that is no number, enum name or JSON,
      // and a number beyond int16
      db.insert(sample{"s1", "not a number {", 100000});
      const auto before = contents(db);
      if (c.kind) {
        try {
          c.act(db);
          FAIL("no error");
        } catch (const v::constraint_error& e) {
          CHECK(e.kind() == *c.kind);
          CHECK(e.table() == c.table);
          if (c.column != nullptr) CHECK(e.columns() == std::vector<std::string>{c.column});
        }
      } else {
        try {
          c.act(db);
          FAIL("no error");
        } catch (const v::mapping_error& e) {
          // Known gap: a PostgreSQL mapping_error names the column but not yet the table (the
          // result carries only the table's OID; naming it needs a catalogue lookup).
          if (!vellum_test::on_postgres) CHECK(e.table() == c.table);
          CHECK(e.column() == c.column);
        }
      }
      CHECK_FALSE(db.in_transaction());
      CHECK(contents(db) == before);
    }
  }
}
