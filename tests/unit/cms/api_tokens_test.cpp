// api_token_repository: TK-1 (the plaintext exists once, only its SHA-256 is stored) and TK-2
// (verify by hash, distinct refusals, scopes ∩ the owner's current permissions), who may manage
// tokens, and atomic, audited mutations.
#include <catch2/catch.hpp>

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include <vellum/cms/api_token_repository.hpp>
#include <vellum/cms/log_repository.hpp>
#include <vellum/cms/permission_service.hpp>
#include <vellum/cms/schema.hpp>
#include <vellum/core/sha256.hpp>
#include <vellum/testing/database_dump.hpp>
#include <vellum/testing/seed.hpp>

#include "cms_backend_fixture.hpp"
#include "refusal.hpp"

namespace {

namespace cms = vellum::cms;
namespace vt = vellum::testing;
using vellum::col;
using vellum::token_rejection;
using vellum_test::refused;
using namespace std::chrono_literals;

const auto setup = cms::actor::system("setup");

struct token_fixture {
  cms_backend::test_store ms;
  cms::user editor = vt::seed_user(ms, {.username = "erin", .role = cms::user_role::editor});
  cms::user author = vt::seed_user(ms, {.username = "alex", .role = cms::user_role::author});
  cms::user admin = vt::seed_user(ms, {.username = "ada", .role = cms::user_role::admin});

  auto tokens() { return ms.store().api_tokens(); }

  cms::created_api_token make(const cms::user& owner, std::vector<std::string> scopes = {"content.read"},
                              std::optional<vellum::unix_millis> expires_at = std::nullopt) {
    return tokens().create(cms::actor::user(owner.id),
                           {.user_id = owner.id, .name = "CI", .scopes = std::move(scopes), .expires_at = expires_at});
  }

  /// verify()'s refusal reason, failing the test when it accepts.
  token_rejection rejection(const std::string& presented) {
    try {
      (void)tokens().verify(presented);
    } catch (const vellum::invalid_token& e) {
      if (!presented.empty()) CHECK(std::string(e.what()).find(presented) == std::string::npos);  // never echoed
      return e.reason();
    }
    FAIL("verify accepted the token");
    throw;  // unreachable: FAIL throws
  }
};

#ifdef VELLUM_TEST_BACKEND_POSTGRES
constexpr const char* every_column_sql =
    "SELECT table_name::text, column_name::text FROM information_schema.columns "
    "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position";
constexpr const char* position_function = "strpos";
#else
constexpr const char* every_column_sql =
    "SELECT m.name, p.name FROM sqlite_schema AS m JOIN pragma_table_info(m.name) AS p "
    "WHERE m.type = 'table' ORDER BY m.name, p.cid";
constexpr const char* position_function = "instr";
#endif

/// Every (table, column) of the database, from the catalogue.
std::vector<std::pair<std::string, std::string>> every_column(cms_backend::database& db) {
  std::vector<std::pair<std::string, std::string>> out;
  auto st = db.prepare(every_column_sql);
  while (st.step()) out.emplace_back(st.get<std::string>(0), st.get<std::string>(1));
  return out;
}

std::string quoted(const std::string& identifier) {
  std::string out = "\"";
  for (const char c : identifier) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + '"';
}

/// Rows of `table` whose `column`, read as text (blobs as their bytes), contains `needle`.
std::int64_t rows_containing(cms_backend::database& db, const std::string& table, const std::string& column,
                             const std::string& needle) {
  return db
      .query_value<std::int64_t>("SELECT count(*) FROM " + quoted(table) + " WHERE " + position_function + "(CAST(" +
                                     quoted(column) + " AS TEXT), $1) > 0",
                                 needle)
      .value_or(0);
}

}  // namespace

TEST_CASE("create returns the plaintext once and stores its SHA-256, a display prefix, scopes and expiry",
          "[TK-1][GX-7]") {
  token_fixture f;
  f.ms.clock.advance(5s);
  const auto expires = f.ms.now() + std::chrono::days(30);
  const auto made = f.make(f.editor, {"content.read", "content.publish", "content.read"}, expires);

  CHECK(made.plaintext.starts_with("vlm_"));
  CHECK(made.plaintext.size() == 4 + 64);
  const auto row = f.tokens().get(made.token.id);
  CHECK(row.token_hash == vellum::sha256_hex(made.plaintext));
  CHECK(row.token_hash != made.plaintext);
  CHECK(row.prefix == made.plaintext.substr(0, 12));
  CHECK(row.scopes == nlohmann::json::array({"content.publish", "content.read"}));  // sorted, once each
  CHECK(row.expires_at == expires);
  CHECK(row.created_at == f.ms.now());
  CHECK_FALSE(row.revoked_at.has_value());
  CHECK_FALSE(row.last_used_at.has_value());
  CHECK(row.user_id == f.editor.id);

  // Two tokens never share a value (256 random bits each).
  CHECK(f.make(f.editor).plaintext != made.plaintext);

  const auto trail = vellum_test::audit_of(f.ms, "api_token", made.token.id);
  REQUIRE(trail.size() == 1);
  CHECK(trail[0].action == "api_token.create");
  CHECK(trail[0].actor == "user:" + f.editor.id);
  CHECK(trail[0].data == nlohmann::json{{"user_id", f.editor.id},
                                        {"scopes", {"content.publish", "content.read"}},
                                        {"expires_at", expires.time_since_epoch().count()}});
}

TEST_CASE("no column of any table ever holds a token's plaintext or its secret part", "[TK-1][logs]") {
  token_fixture f;
  std::vector<std::string> plaintexts;
  for (const auto* owner : {&f.editor, &f.author, &f.admin}) {
    auto made = f.make(*owner, {"content.read"}, f.ms.now() + std::chrono::days(1));
    const auto verified = f.tokens().verify(made.plaintext);
    f.ms.store().logs().write(cms::log_level::info, cms::log_category::api, "token used",
                              nlohmann::json{{"token_id", verified.token.id}}, {.user_id = owner->id});
    plaintexts.push_back(std::move(made.plaintext));
  }
  (void)f.tokens().revoke(setup, f.tokens().list_for_user(f.author.id).at(0).id);
  f.ms.clock.advance(2min);
  (void)f.tokens().verify(plaintexts[0]);  // a second last_used_at write

  const auto columns = every_column(f.ms.db());
  std::set<std::string> tables;
  for (const auto& [table, column] : columns) tables.insert(table);
  CHECK(tables.contains("api_tokens"));
  CHECK(tables.contains("audit_events"));
  CHECK(tables.contains("system_logs"));
  CHECK(columns.size() > 100);
  CHECK(f.ms.db().query_value<std::int64_t>("SELECT count(*) FROM system_logs").value_or(0) == 3);
  CHECK(f.ms.db().query_value<std::int64_t>("SELECT count(*) FROM audit_events WHERE entity_type = 'api_token'")
            .value_or(0) == 4);

  for (const auto& plaintext : plaintexts) {
    const std::string secret = plaintext.substr(cms::api_token_prefix_length);  // what the prefix does not show
    for (const auto& [table, column] : columns) {
      INFO(table << "." << column);
      CHECK(rows_containing(f.ms.db(), table, column, plaintext) == 0);
      CHECK(rows_containing(f.ms.db(), table, column, secret) == 0);
    }
  }
  // The scan does find what is stored: each token's hash, in api_tokens.token_hash.
  CHECK(rows_containing(f.ms.db(), "api_tokens", "token_hash", vellum::sha256_hex(plaintexts[0])) == 1);
}

TEST_CASE("a hash read from the api_tokens table cannot be used as a token", "[TK-2]") {
  token_fixture f;
  const auto made = f.make(f.editor);
  const auto stolen =
      f.ms.db().query_value<std::string>("SELECT token_hash FROM api_tokens WHERE id = $1", made.token.id).value();
  CHECK(f.rejection(stolen) == token_rejection::unknown);
  CHECK(f.rejection("vlm_" + stolen) == token_rejection::unknown);  // token-shaped, yet no token hashes to it
  CHECK(f.tokens().verify(made.plaintext).token.id == made.token.id);
}

TEST_CASE("unknown, expired and revoked tokens, and tokens of a deactivated owner, are refused distinctly",
          "[TK-2]") {
  token_fixture f;
  SECTION("unknown") {
    const auto made = f.make(f.editor);
    std::string other = made.plaintext;
    other.back() = other.back() == '0' ? '1' : '0';
    CHECK(f.rejection(other) == token_rejection::unknown);
    CHECK(f.rejection("") == token_rejection::unknown);
    CHECK(f.rejection(made.plaintext.substr(0, 20)) == token_rejection::unknown);
    CHECK(f.rejection(made.plaintext + " ") == token_rejection::unknown);
  }
  SECTION("expired, from the expiry instant on") {
    const auto made = f.make(f.editor, {"content.read"}, f.ms.now() + 1h);
    f.ms.clock.advance(1h - 1ms);
    CHECK(f.tokens().verify(made.plaintext).token.id == made.token.id);
    f.ms.clock.advance(1ms);
    CHECK(f.rejection(made.plaintext) == token_rejection::expired);
    CHECK(f.ms.store().permissions().granted(cms::actor::token(made.token.id, f.editor.id)).empty());
  }
  SECTION("revoked, even before it expires") {
    const auto made = f.make(f.editor, {"content.read"}, f.ms.now() + 1h);
    (void)f.tokens().revoke(cms::actor::user(f.editor.id), made.token.id);
    CHECK(f.rejection(made.plaintext) == token_rejection::revoked);
    f.ms.clock.advance(2h);
    CHECK(f.rejection(made.plaintext) == token_rejection::revoked);  // revocation is the stronger fact
  }
  SECTION("owner deactivated") {
    const auto made = f.make(f.author);
    (void)f.ms.store().users().deactivate(setup, f.author.id);
    CHECK(f.rejection(made.plaintext) == token_rejection::owner_inactive);
    (void)f.ms.store().users().reactivate(setup, f.author.id);
    CHECK(f.tokens().verify(made.plaintext).owner.id == f.author.id);
  }
}

TEST_CASE("verify records last_used_at at most once per resolution, without an audit event", "[TK-2]") {
  token_fixture f;
  const auto made = f.make(f.editor);
  const auto audit_rows = [&] {
    return f.ms.db().query_value<std::int64_t>("SELECT count(*) FROM audit_events").value_or(0);
  };
  const auto audited = audit_rows();
  const auto first = f.ms.now();
  CHECK(f.tokens().verify(made.plaintext).token.last_used_at == first);
  f.ms.clock.advance(cms::api_token_last_used_resolution - 1ms);
  CHECK(f.tokens().verify(made.plaintext).token.last_used_at == first);  // within the resolution: no write
  CHECK(f.tokens().get(made.token.id).last_used_at == first);
  f.ms.clock.advance(1ms);
  CHECK(f.tokens().verify(made.plaintext).token.last_used_at == f.ms.now());
  CHECK(f.tokens().get(made.token.id).last_used_at == f.ms.now());
  CHECK(audit_rows() == audited);
}

TEST_CASE("a token holds its scopes intersected with its owner's current permissions", "[TK-2][permissions]") {
  token_fixture f;
  auto perms = f.ms.store().permissions();
  const auto made = f.make(f.editor, {"content.read", "content.publish"});
  const auto who = f.tokens().verify(made.plaintext).as_actor();
  CHECK(who.type == cms::actor::kind::api_token);
  CHECK(who.user_id == f.editor.id);
  CHECK(perms.granted(who) == std::set<std::string>{"content.publish", "content.read"});
  CHECK(perms.can(who, "content.publish"));
  CHECK_FALSE(perms.can(who, "content.update"));  // the editor holds it; the token's scopes do not

  // The owner is demoted after the token was made: the token loses publish at once.
  (void)f.ms.store().users().set_role(setup, f.editor.id, cms::user_role::author);
  CHECK(perms.granted(who) == std::set<std::string>{"content.read"});
  CHECK_FALSE(perms.can(who, "content.publish"));
  CHECK(perms.can(who, "content.read"));
  // Promoted back, the stored scope applies again: the intersection is computed at each check.
  (void)f.ms.store().users().set_role(setup, f.editor.id, cms::user_role::editor);
  CHECK(perms.can(who, "content.publish"));

  // An actor that pairs the token with another owner is not that token.
  CHECK(perms.granted(cms::actor::token(made.token.id, f.admin.id)).empty());
  (void)f.ms.store().users().deactivate(setup, f.editor.id);
  CHECK(perms.granted(who).empty());
}

TEST_CASE("create refuses bad input, every field at once, writing nothing", "[TK-1]") {
  token_fixture f;
  const auto e = refused<vellum::validation_error>(f.ms, [&] {
    (void)f.tokens().create(setup, {.user_id = f.author.id,
                                    .name = " ",
                                    .scopes = {"content.read", "content:publish", "content.publish"},
                                    .expires_at = f.ms.now()});
  });
  CHECK(e.fields() == vellum::validation_error::field_errors{
                          {"name", {"must not be empty"}},
                          {"scopes[1]", {"is not a permission"}},
                          {"scopes[2]", {"the user does not hold this permission"}},
                          {"expires_at", {"must be in the future"}}});

  CHECK(refused<vellum::validation_error>(f.ms, [&] {
          (void)f.tokens().create(setup, {.user_id = f.author.id, .name = "n"});
        }).fields() == vellum::validation_error::field_errors{{"scopes", {"must name at least one permission"}}});
  CHECK(refused<vellum::validation_error>(f.ms, [&] {
          (void)f.tokens().create(setup, {.user_id = f.author.id, .name = std::string(101, 'n'), .scopes = {"content.read"}});
        }).fields().contains("name"));
  (void)f.ms.store().users().deactivate(setup, f.author.id);
  CHECK(refused<vellum::validation_error>(f.ms, [&] {
          (void)f.tokens().create(setup, {.user_id = f.author.id, .name = "n", .scopes = {"content.read"}});
        }).fields() == vellum::validation_error::field_errors{{"user_id", {"the user is deactivated"}}});
  (void)refused<vellum::not_found>(f.ms, [&] {
    (void)f.tokens().create(setup, {.user_id = "nobody", .name = "n", .scopes = {"content.read"}});
  });
}

TEST_CASE("users manage their own tokens, other users' tokens need users.update", "[TK-1][permissions]") {
  token_fixture f;
  const auto editor = cms::actor::user(f.editor.id);
  const cms::new_api_token for_author{.user_id = f.author.id, .name = "n", .scopes = {"content.read"}};

  // An editor holds no users.update: not for someone else.
  const auto e = refused<vellum::forbidden>(f.ms, [&] { (void)f.tokens().create(editor, for_author); });
  CHECK(e.permission() == "users.update");
  const auto authors = f.make(f.author);
  (void)refused<vellum::forbidden>(f.ms, [&] { (void)f.tokens().revoke(editor, authors.token.id); });

  // An admin (users.update) and a system job may.
  CHECK(f.tokens().create(cms::actor::user(f.admin.id), for_author).token.user_id == f.author.id);
  CHECK(f.tokens().create(setup, for_author).token.user_id == f.author.id);

  // A token acts for its owner but may not mint or revoke tokens without users.update, even its
  // owner's: otherwise a narrow token could make a wide, long-lived one.
  const auto narrow = f.tokens().verify(f.make(f.editor).plaintext).as_actor();
  const auto sibling = f.make(f.editor);  // another token of the same owner
  const cms::new_api_token wide{.user_id = f.editor.id, .name = "n", .scopes = {"content.publish"}};
  (void)refused<vellum::forbidden>(f.ms, [&] { (void)f.tokens().create(narrow, wide); });
  (void)refused<vellum::forbidden>(f.ms, [&] { (void)f.tokens().revoke(narrow, sibling.token.id); });
  const auto admin_token =
      f.tokens().verify(f.make(f.admin, {"users.update", "content.read"}).plaintext).as_actor();
  CHECK(f.tokens().create(admin_token, for_author).token.user_id == f.author.id);
  // …but any token may revoke itself (a client logging out).
  CHECK(f.tokens().revoke(narrow, narrow.id).revoked_at == f.ms.now());

  // Revoking: the owner may; twice is invalid_state; an unknown id is not_found.
  const auto revoked = f.tokens().revoke(cms::actor::user(f.author.id), authors.token.id);
  CHECK(revoked.revoked_at == f.ms.now());
  CHECK(f.tokens().get(authors.token.id).revoked_at == f.ms.now());
  (void)refused<vellum::invalid_state>(f.ms, [&] { (void)f.tokens().revoke(setup, authors.token.id); });
  (void)refused<vellum::not_found>(f.ms, [&] { (void)f.tokens().revoke(setup, "no-such-token"); });
  const auto trail = vellum_test::audit_of(f.ms, "api_token", authors.token.id);
  REQUIRE(trail.size() == 2);
  CHECK(trail[1].action == "api_token.revoke");
  CHECK(trail[1].actor == "user:" + f.author.id);
}

TEST_CASE("create and revoke write nothing when their audit event fails", "[TK-1][GX-1][GX-7]") {
  token_fixture f;
  const auto made = f.make(f.editor);
  const auto before = cms_backend::dump(f.ms.db());
  {
    cms_backend::write_failure audit_down{f.ms.db(), "audit_events"};
    CHECK_THROWS_AS(f.make(f.editor), vellum::constraint_error);
    CHECK_THROWS_AS(f.tokens().revoke(setup, made.token.id), vellum::constraint_error);
  }
  CHECK(cms_backend::dump(f.ms.db()) == before);
}

TEST_CASE("list_for_user returns a user's tokens newest first, revoked ones included", "[TK-1]") {
  token_fixture f;
  const auto first = f.make(f.editor);
  f.ms.clock.advance(1s);
  const auto second = f.make(f.editor);
  (void)f.make(f.author);
  (void)f.tokens().revoke(setup, first.token.id);
  const auto listed = f.tokens().list_for_user(f.editor.id);
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].id == second.token.id);
  CHECK(listed[1].id == first.token.id);
  CHECK(listed[1].revoked_at.has_value());
  CHECK(f.tokens().list_for_user("nobody").empty());
}
