// DDL from table definitions: every column modifier, table-level keys and checks, indexes; the
// text is pinned exactly, then SQLite runs it and enforces what it declares.
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <vellum/vellum.hpp>

namespace shop {
namespace v = vellum;

enum class plan { free, pro };
constexpr auto vellum_enum_names(v::tag<plan>) {
  return v::enum_names<plan>({{plan::free, "free"}, {plan::pro, "pro"}});
}

// The C++ default and on-update functions read these, so tests control what they return.
inline int api_keys_made = 0;
inline std::int64_t clock_value = 1000;
inline std::string make_api_key() { return "key-" + std::to_string(++api_keys_made); }
inline std::int64_t clock_now() { return clock_value; }

struct account {
  std::int64_t id = 0;
  std::string email;
  std::string handle;
  std::optional<std::string> nickname;
  plan tier = plan::free;
  bool active = true;
  std::int64_t created_at = 0;
  std::string api_key;
  std::int64_t touched_at = 0;
  double balance = 0;
  double balance_cents = 0;
  std::string shout;
  std::optional<std::int64_t> referrer_id;
};
constexpr auto vellum_table(v::tag<account>) {
  return v::table<account>("accounts",
                           v::column(&account::id, "id").autoincrement(),
                           v::column(&account::email, "email").unique(),
                           v::column(&account::handle, "handle").check("length(handle) >= 3"),
                           v::column(&account::nickname, "nickname"),
                           v::column(&account::tier, "tier").default_value(plan::free),
                           v::column(&account::active, "active").default_value(true),
                           v::column(&account::created_at, "created_at").default_sql("(unixepoch('2024-01-01'))"),
                           v::column(&account::api_key, "api_key").default_fn(&make_api_key),
                           v::column(&account::touched_at, "touched_at").default_fn(&clock_now).on_update_fn(&clock_now),
                           v::column(&account::balance, "balance"),
                           v::column(&account::balance_cents, "balance_cents").generated("balance * 100"),
                           v::column(&account::shout, "shout").generated("upper(handle)", true),
                           v::column(&account::referrer_id, "referrer_id")
                               .references<&account::id>()
                               .on_delete(v::fk_action::set_null)
                               .on_update(v::fk_action::cascade))
      .unique(&account::handle, &account::tier)
      .check("balance >= 0")
      .index("idx_accounts_created", v::desc(&account::created_at))
      .unique_index("idx_accounts_api_key", &account::api_key)
      .index("idx_accounts_active_tier", &account::tier, &account::email)
      .partial("active = 1");
}

struct team {
  std::string id;
  std::string name;
};
constexpr auto vellum_table(v::tag<team>) {
  return v::table<team>("teams", v::column(&team::id, "id").primary_key(), v::column(&team::name, "name").unique());
}

// Composite primary key declared on the table; foreign keys with both actions.
struct membership {
  std::int64_t account_id = 0;
  std::string team_id;
  std::string role;
};
constexpr auto vellum_table(v::tag<membership>) {
  return v::table<membership>("memberships",
                              v::column(&membership::account_id, "account_id")
                                  .references<&account::id>()
                                  .on_delete(v::fk_action::cascade)
                                  .on_update(v::fk_action::cascade),
                              v::column(&membership::team_id, "team_id")
                                  .references<&team::id>()
                                  .on_delete(v::fk_action::restrict)
                                  .on_update(v::fk_action::cascade),
                              v::column(&membership::role, "role").default_value("member"))
      .primary_key(&membership::account_id, &membership::team_id);
}

// Composite primary key from two columns marked primary_key().
struct tag_link {
  std::string tag;
  std::int64_t account_id = 0;
};
constexpr auto vellum_table(v::tag<tag_link>) {
  return v::table<tag_link>("tag_links", v::column(&tag_link::tag, "tag").primary_key(),
                            v::column(&tag_link::account_id, "account_id").primary_key());
}

// A STRICT table: SQLite checks each value's type against the column's.
struct counter {
  std::string name;
  std::int64_t hits = 0;
};
constexpr auto vellum_table(v::tag<counter>) {
  return v::table<counter>("counters", v::column(&counter::name, "name").primary_key(),
                           v::column(&counter::hits, "hits").default_value(0))
      .strict();
}

}  // namespace shop

namespace {
namespace v = vellum;
using shop::account;
using shop::membership;
using shop::tag_link;
using shop::team;
using v::col;

constexpr std::string_view accounts_ddl =
    "CREATE TABLE \"accounts\" (\n"
    "  \"id\" INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  \"email\" TEXT NOT NULL UNIQUE,\n"
    "  \"handle\" TEXT NOT NULL CHECK (length(handle) >= 3),\n"
    "  \"nickname\" TEXT,\n"
    "  \"tier\" TEXT NOT NULL DEFAULT 'free' CHECK (\"tier\" IN ('free', 'pro')),\n"
    "  \"active\" INTEGER NOT NULL DEFAULT 1,\n"
    "  \"created_at\" INTEGER NOT NULL DEFAULT (unixepoch('2024-01-01')),\n"
    "  \"api_key\" TEXT NOT NULL,\n"
    "  \"touched_at\" INTEGER NOT NULL,\n"
    "  \"balance\" REAL NOT NULL,\n"
    "  \"balance_cents\" REAL NOT NULL GENERATED ALWAYS AS (balance * 100) VIRTUAL,\n"
    "  \"shout\" TEXT NOT NULL GENERATED ALWAYS AS (upper(handle)) STORED,\n"
    "  \"referrer_id\" INTEGER REFERENCES \"accounts\"(\"id\") ON DELETE SET NULL ON UPDATE CASCADE,\n"
    "  UNIQUE (\"handle\", \"tier\"),\n"
    "  CHECK (balance >= 0)\n"
    ")";

// The DDL is a compile-time constant.
static_assert(v::create_table_sql<account>() == accounts_ddl);
static_assert(v::create_table_sql<team>().starts_with("CREATE TABLE \"teams\""));

account make_account(std::string email, std::string handle, double balance = 0) {
  account a;
  a.email = std::move(email);
  a.handle = std::move(handle);
  a.balance = balance;
  return a;
}

v::constraint_kind violation_of(auto&& write) {
  try {
    write();
  } catch (const v::constraint_error& e) {
    return e.kind();
  }
  FAIL("the write should have violated a constraint");
  return v::constraint_kind::other;
}

struct schema_db {
  v::database db{":memory:"};
  schema_db() { db.create_all<account, team, membership, tag_link>(); }
};

}  // namespace

TEST_CASE("create_table_sql renders every column modifier", "[schema][ddl]") {
  CHECK(v::create_table_sql<account>() == accounts_ddl);
  CHECK(v::create_table_sql<team>() ==
        "CREATE TABLE \"teams\" (\n"
        "  \"id\" TEXT PRIMARY KEY NOT NULL,\n"
        "  \"name\" TEXT NOT NULL UNIQUE\n"
        ")");
  CHECK(v::create_table_sql<membership>() ==
        "CREATE TABLE \"memberships\" (\n"
        "  \"account_id\" INTEGER NOT NULL REFERENCES \"accounts\"(\"id\") ON DELETE CASCADE ON UPDATE CASCADE,\n"
        "  \"team_id\" TEXT NOT NULL REFERENCES \"teams\"(\"id\") ON DELETE RESTRICT ON UPDATE CASCADE,\n"
        "  \"role\" TEXT NOT NULL DEFAULT 'member',\n"
        "  PRIMARY KEY (\"account_id\", \"team_id\")\n"
        ")");
  CHECK(v::create_table_sql<tag_link>() ==
        "CREATE TABLE \"tag_links\" (\n"
        "  \"tag\" TEXT NOT NULL,\n"
        "  \"account_id\" INTEGER NOT NULL,\n"
        "  PRIMARY KEY (\"tag\", \"account_id\")\n"
        ")");
}

TEST_CASE("strict() makes a STRICT table that rejects values of another type", "[schema][ddl]") {
  CHECK(v::create_table_sql<shop::counter>() ==
        "CREATE TABLE \"counters\" (\n"
        "  \"name\" TEXT PRIMARY KEY NOT NULL,\n"
        "  \"hits\" INTEGER NOT NULL DEFAULT 0\n"
        ") STRICT");
  v::database db{":memory:"};
  db.create_all<shop::counter>();
  db.insert(shop::counter{"home", 3});
  CHECK(db.select(col<&shop::counter::hits>).from<shop::counter>().one() == 3);
  CHECK(db.query_value<int>("SELECT strict FROM pragma_table_list WHERE name = 'counters'") == 1);
  CHECK_THROWS_AS(db.execute("INSERT INTO counters (name, hits) VALUES ('about', 'many')"), v::constraint_error);
  CHECK(db.select(v::count()).from<shop::counter>().one() == 1);
}

TEST_CASE("create_indexes_sql renders plain, unique, descending and partial indexes", "[schema][ddl]") {
  CHECK(v::create_indexes_sql<account>() ==
        "CREATE INDEX \"idx_accounts_created\" ON \"accounts\" (\"created_at\" DESC);\n"
        "CREATE UNIQUE INDEX \"idx_accounts_api_key\" ON \"accounts\" (\"api_key\");\n"
        "CREATE INDEX \"idx_accounts_active_tier\" ON \"accounts\" (\"tier\", \"email\") WHERE active = 1");
  CHECK(v::create_indexes_sql<team>().empty());
}

TEST_CASE("the IF NOT EXISTS variants used by create_all", "[schema][ddl]") {
  CHECK(v::create_table_sql<team, true>() ==
        "CREATE TABLE IF NOT EXISTS \"teams\" (\n"
        "  \"id\" TEXT PRIMARY KEY NOT NULL,\n"
        "  \"name\" TEXT NOT NULL UNIQUE\n"
        ")");
  CHECK(v::create_indexes_sql<account, true>() ==
        "CREATE INDEX IF NOT EXISTS \"idx_accounts_created\" ON \"accounts\" (\"created_at\" DESC);\n"
        "CREATE UNIQUE INDEX IF NOT EXISTS \"idx_accounts_api_key\" ON \"accounts\" (\"api_key\");\n"
        "CREATE INDEX IF NOT EXISTS \"idx_accounts_active_tier\" ON \"accounts\" (\"tier\", \"email\") WHERE "
        "active = 1");
}

TEST_CASE("create_all creates every table and index, and running it again changes nothing", "[schema][ddl]") {
  schema_db s;
  s.db.create_all<account, team, membership, tag_link>();  // IF NOT EXISTS: no error the second time

  std::vector<std::string> tables;
  auto st = s.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  while (st.step()) tables.push_back(st.get<std::string>(0));
  CHECK(tables == std::vector<std::string>{"accounts", "memberships", "tag_links", "teams"});

  // SQLite keeps the text it ran (minus IF NOT EXISTS).
  CHECK(s.db.query_value<std::string>("SELECT sql FROM sqlite_schema WHERE name = 'accounts'") ==
        std::string(accounts_ddl));
  CHECK(s.db.query_value<std::string>("SELECT sql FROM sqlite_schema WHERE name = 'idx_accounts_active_tier'") ==
        "CREATE INDEX \"idx_accounts_active_tier\" ON \"accounts\" (\"tier\", \"email\") WHERE active = 1");

  // Index properties as SQLite reads them: unique, partial, descending key.
  CHECK(s.db.query_value<int>("SELECT \"unique\" FROM pragma_index_list('accounts') WHERE name = 'idx_accounts_api_key'") == 1);
  CHECK(s.db.query_value<int>("SELECT partial FROM pragma_index_list('accounts') WHERE name = 'idx_accounts_active_tier'") == 1);
  CHECK(s.db.query_value<int>("SELECT \"desc\" FROM pragma_index_xinfo('idx_accounts_created') WHERE name = 'created_at'") == 1);
  // Composite primary keys: pk positions 1 and 2.
  CHECK(s.db.query_value<int>("SELECT count(*) FROM pragma_table_info('memberships') WHERE pk > 0") == 2);
  CHECK(s.db.query_value<int>("SELECT pk FROM pragma_table_info('tag_links') WHERE name = 'account_id'") == 2);
  // Generated columns are hidden columns 2 (virtual) and 3 (stored) in table_xinfo.
  CHECK(s.db.query_value<int>("SELECT hidden FROM pragma_table_xinfo('accounts') WHERE name = 'balance_cents'") == 2);
  CHECK(s.db.query_value<int>("SELECT hidden FROM pragma_table_xinfo('accounts') WHERE name = 'shout'") == 3);
}

TEST_CASE("defaults: SQL literals and expressions apply to a partial insert, C++ default_fn to every insert",
          "[schema][ddl]") {
  schema_db s;
  shop::api_keys_made = 0;
  shop::clock_value = 5000;
  REQUIRE(s.db.insert_into<account>()
              .values(v::set<&account::email>("a@x.io"), v::set<&account::handle>("anna"), v::set<&account::balance>(2.5))
              .run() == 1);
  const auto a = s.db.select<account>().where(col<&account::email> == "a@x.io").one();
  REQUIRE(a);
  CHECK(a->id == 1);
  CHECK(a->tier == shop::plan::free);            // default_value(enum)
  CHECK(a->active);                              // default_value(true)
  CHECK(a->created_at == 1704067200);            // default_sql, evaluated by SQLite
  CHECK(a->api_key == "key-1");                  // default_fn on a partial insert
  CHECK(a->touched_at == 5000);                  // default_fn (a clock)
  CHECK(a->nickname == std::nullopt);
  CHECK(a->balance_cents == 250.0);              // generated, virtual
  CHECK(a->shout == "ANNA");                     // generated, stored
  CHECK(a->referrer_id == std::nullopt);

  // A whole-row insert fills empty members from default_fn and leaves set ones alone.
  auto b = make_account("b@x.io", "bert");
  const account stored_b = s.db.insert(b);
  CHECK(stored_b.id == 2);                       // autoincrement key filled
  CHECK(stored_b.api_key == "key-2");
  CHECK(stored_b.touched_at == 5000);
  auto c = make_account("c@x.io", "cleo");
  c.api_key = "mine";
  CHECK(s.db.insert(c).api_key == "mine");
  CHECK(shop::api_keys_made == 2);
  CHECK(s.db.select(col<&account::api_key>).from<account>().where(col<&account::email> == "b@x.io").one() == "key-2");

  // A membership's role default is a text literal.
  s.db.insert(shop::team{"t1", "Team one"});
  REQUIRE(s.db.insert_into<membership>().values(v::set<&membership::account_id>(1), v::set<&membership::team_id>("t1")).run() == 1);
  CHECK(s.db.select(col<&membership::role>).from<membership>().one() == "member");
}

TEST_CASE("on_update_fn sets its column on every update unless the update sets it", "[schema][ddl]") {
  schema_db s;
  shop::clock_value = 100;
  const auto a = s.db.insert(make_account("a@x.io", "anna"));
  CHECK(a.touched_at == 100);

  shop::clock_value = 200;
  auto q = s.db.update<account>().set(col<&account::nickname> = "Annie").where(col<&account::id> == a.id);
  CHECK(q.to_sql() == "UPDATE \"accounts\" SET \"nickname\" = ?, \"touched_at\" = ? WHERE \"accounts\".\"id\" = ?");
  CHECK(q.run() == 1);
  CHECK(s.db.select(col<&account::touched_at>).from<account>().one() == 200);

  shop::clock_value = 300;
  auto explicit_set = s.db.update<account>().set(col<&account::touched_at> = 42).where(col<&account::id> == a.id);
  CHECK(explicit_set.to_sql() == "UPDATE \"accounts\" SET \"touched_at\" = ? WHERE \"accounts\".\"id\" = ?");
  CHECK(explicit_set.run() == 1);
  CHECK(s.db.select(col<&account::touched_at>).from<account>().one() == 42);
}

TEST_CASE("SQLite enforces the declared constraints", "[schema][ddl]") {
  schema_db s;
  const auto anna = s.db.insert(make_account("a@x.io", "anna"));

  SECTION("column UNIQUE") {
    CHECK(violation_of([&] { s.db.insert(make_account("a@x.io", "other")); }) == v::constraint_kind::unique);
  }
  SECTION("table-level UNIQUE (handle, tier)") {
    CHECK(violation_of([&] { s.db.insert(make_account("z@x.io", "anna")); }) == v::constraint_kind::unique);
    auto pro = make_account("p@x.io", "anna");
    pro.tier = shop::plan::pro;
    CHECK_NOTHROW(s.db.insert(pro));
  }
  SECTION("unique index") {
    auto dup = make_account("d@x.io", "dora");
    dup.api_key = anna.api_key;
    CHECK(violation_of([&] { s.db.insert(dup); }) == v::constraint_kind::unique);
  }
  SECTION("column CHECK and table CHECK") {
    CHECK(violation_of([&] { s.db.insert(make_account("q@x.io", "qq")); }) == v::constraint_kind::check);
    CHECK(violation_of([&] { s.db.insert(make_account("r@x.io", "rosa", -1)); }) == v::constraint_kind::check);
  }
  SECTION("enum CHECK rejects a name the enum does not have") {
    CHECK(violation_of([&] {
            s.db.execute("INSERT INTO accounts (email, handle, tier, api_key, touched_at, balance) "
                         "VALUES ('g@x.io', 'gold', 'gold', 'k', 0, 0)");
          }) == v::constraint_kind::check);
  }
  SECTION("composite primary key") {
    s.db.insert(team{"t1", "One"});
    s.db.insert(membership{anna.id, "t1", "owner"});
    CHECK(violation_of([&] { s.db.insert(membership{anna.id, "t1", "member"}); }) == v::constraint_kind::primary_key);
    s.db.insert(tag_link{"red", anna.id});
    CHECK_NOTHROW(s.db.insert(tag_link{"red", anna.id + 1}));
    CHECK(violation_of([&] { s.db.insert(tag_link{"red", anna.id}); }) == v::constraint_kind::primary_key);
  }
  SECTION("foreign keys and their actions") {
    CHECK(violation_of([&] { s.db.insert(membership{anna.id, "no-such-team", "x"}); }) ==
          v::constraint_kind::foreign_key);
    s.db.insert(team{"t1", "One"});
    s.db.insert(membership{anna.id, "t1", "owner"});
    auto bert = make_account("b@x.io", "bert");
    bert.referrer_id = anna.id;
    bert = s.db.insert(bert);

    // ON DELETE RESTRICT
    CHECK(violation_of([&] { s.db.delete_from<team>().where(col<&team::id> == "t1").run(); }) ==
          v::constraint_kind::foreign_key);
    // ON UPDATE CASCADE (team id) and ON UPDATE CASCADE (referrer)
    CHECK(s.db.update<team>().set(col<&team::id> = "t9").where(col<&team::id> == "t1").run() == 1);
    CHECK(s.db.select(col<&membership::team_id>).from<membership>().one() == "t9");
    CHECK(s.db.update<account>().set(col<&account::id> = 77).where(col<&account::id> == anna.id).run() == 1);
    CHECK(s.db.select(col<&account::referrer_id>).from<account>().where(col<&account::id> == bert.id).one() ==
          std::optional<std::int64_t>(77));
    CHECK(s.db.select(col<&membership::account_id>).from<membership>().one() == 77);
    // ON DELETE SET NULL (referrer) and ON DELETE CASCADE (membership)
    CHECK(s.db.delete_from<account>().where(col<&account::id> == 77).run() == 1);
    const auto referrer = s.db.select(col<&account::referrer_id>).from<account>().where(col<&account::id> == bert.id).one();
    REQUIRE(referrer);
    CHECK(*referrer == std::nullopt);
    CHECK(s.db.select(v::count()).from<membership>().one() == 0);
  }
  SECTION("AUTOINCREMENT never reuses a deleted key") {
    const auto b = s.db.insert(make_account("b@x.io", "bert"));
    CHECK(b.id == anna.id + 1);
    CHECK(s.db.delete_from<account>().where(col<&account::id> == b.id).run() == 1);
    CHECK(s.db.insert(make_account("c@x.io", "cleo")).id == b.id + 1);
  }
}
