// The bad-input corpus (docs/reliability.md, "Bad input"): hostile and malformed inputs across
// the public API. Each refused call must throw its documented typed error and leave the database
// byte-identical, compared by its SQL export (what `vellum export` writes); the few inputs that
// are legitimate values must be stored and read back unchanged.
//
// Built twice: against an SQLite memory store (label reliability), and with
// VELLUM_TEST_BACKEND_POSTGRES against a schema of the PostgreSQL test server (label postgres),
// where "unchanged" compares a dump of every table and the SQLite-only cases (migration files on
// SQLite, the JSON export files) are left out: the same table of cases, the same typed errors.
#include <catch2/catch.hpp>

#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <vellum/cms/api_token_repository.hpp>
#include <vellum/cms/data_transfer.hpp>
#include <vellum/cms/collections_repository.hpp>
#include <vellum/cms/content_repository.hpp>
#include <vellum/cms/schedule_repository.hpp>
#include <vellum/cms/schema.hpp>
#include <vellum/cms/users_repository.hpp>
#include <vellum/cms/version_repository.hpp>
#include <vellum/cms/workflow_repository.hpp>
#include <vellum/migrate/migration_runner.hpp>
#include <vellum/migrate/migration_source.hpp>
#include <vellum/ops/json_dump.hpp>
#include <vellum/ops/sql_dump.hpp>
#include <vellum/testing/seed.hpp>

#include "support/scratch_folder.hpp"
#include "unit/cms/cms_backend_fixture.hpp"

namespace {

namespace cms = vellum::cms;
namespace ops = vellum::ops;
namespace migrate = vellum::migrate;
using json = nlohmann::json;
using std::chrono::hours;
constexpr auto int64_max = std::numeric_limits<std::int64_t>::max();
constexpr auto int64_min = std::numeric_limits<std::int64_t>::min();

/// A CMS with users of each role, a collection whose schema requires a string `body`, one
/// published item and two API tokens (one expires in an hour, one is revoked).
struct corpus_store {
  cms_backend::test_store ms;
  cms::actor admin, editor, viewer;
  std::string posts, strict, item, live_token, revoked_token;
  std::string draft;  // its data lacks the required `body`: drafts are not validated, publishing is

  cms_backend::store& store() { return ms.store(); }
  auto content() { return ms.store().content(); }

  corpus_store() {
    admin = cms::actor::user(vellum::testing::seed_user(ms, {.email = "ada@example.com", .username = "ada", .role = cms::user_role::admin}).id);
    editor = cms::actor::user(vellum::testing::seed_user(ms, {.email = "eve@example.com", .username = "eve", .role = cms::user_role::editor}).id);
    viewer = cms::actor::user(vellum::testing::seed_user(ms, {.email = "vic@example.com", .username = "vic", .role = cms::user_role::viewer}).id);
    posts = vellum::testing::seed_collection(
                ms, {.name = "posts", .display_name = "Posts",
                     .schema = {{"type", "object"},
                                {"properties", {{"body", {{"type", "string"}, {"required", true}, {"maxLength", 1000}}},
                                                {"kind", {{"type", "select"}, {"options", json::array({"news", "blog"})}}}}}}})
                .id;
    strict = vellum::testing::seed_collection(
                 ms, {.name = "strict", .display_name = "Strict",
                      .schema = {{"type", "object"}, {"validateDrafts", true},
                                 {"properties", {{"body", {{"type", "string"}, {"required", true}, {"maxLength", 1000}}},
                                                 {"kind", {{"type", "select"}, {"options", json::array({"news", "blog"})}}}}}}})
                 .id;
    item = store().content().create(editor, {.collection_id = posts, .title = "Hello", .data = {{"body", "text"}}}).id;
    store().content().publish(editor, item);
    draft = content().create(editor, {.collection_id = posts, .title = "Draft", .data = json::object()}).id;
    const auto scopes = std::vector<std::string>{"content.read"};
    live_token = store().api_tokens().create(viewer, {.user_id = viewer.id, .name = "live", .scopes = scopes, .expires_at = ms.now() + hours(1)}).plaintext;
    const auto revoked = store().api_tokens().create(viewer, {.user_id = viewer.id, .name = "old", .scopes = scopes});
    store().api_tokens().revoke(viewer, revoked.token.id);
    revoked_token = revoked.plaintext;
  }
  std::string exported() {
#ifdef VELLUM_TEST_BACKEND_POSTGRES
    return cms_backend::dump(ms.db());
#else
    std::ostringstream out;
    (void)ops::export_sql(ms.db(), out);
    return out.str();
#endif
  }
};

struct bad_input {
  std::string name;
  std::string expected;  // the error type, for the report
  std::function<void(corpus_store&)> call;
  std::function<bool(const std::exception&)> is_expected;
};

/// A case refused with E; `check` may look closer (a field name, a reason).
template <class E>
bad_input refused(std::string name, std::function<void(corpus_store&)> call,
                  std::function<bool(const E&)> check = [](const E&) { return true; }) {
  return {std::move(name), typeid(E).name(), std::move(call), [check](const std::exception& e) {
            const auto* typed = dynamic_cast<const E*>(&e);
            return typed != nullptr && check(*typed);
          }};
}

std::function<bool(const vellum::validation_error&)> field(std::string name) {
  return [name](const vellum::validation_error& e) {
    for (const auto& [path, messages] : e.fields())
      if (path == name || path.rfind(name + ".", 0) == 0 || path.rfind(name + "[", 0) == 0 ||
          (path.size() > name.size() && path.compare(path.size() - name.size() - 1, name.size() + 1, "." + name) == 0))
        return true;
    return false;
  };
}

std::function<bool(const vellum::invalid_token&)> reason(vellum::token_rejection r) {
  return [r](const vellum::invalid_token& e) { return e.reason() == r; };
}

std::string nested_json(int depth) { return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']'); }
json nested_object(int depth) {
  json j = "leaf";
  for (int i = 0; i < depth; ++i) j = json{{"a", std::move(j)}};
  return j;
}
json nested_schema(int depth) {
  json field = {{"type", "string"}};
  for (int i = 0; i < depth; ++i) field = {{"type", "object"}, {"properties", {{"f", std::move(field)}}}};
  return {{"type", "object"}, {"properties", {{"f", std::move(field)}}}};
}

const std::string invalid_utf8 = "caf\xC3\x28";
const std::string with_nul = std::string("nul\0byte", 8);
const std::string injection = "x'); DROP TABLE content; --";
const std::string huge(5'000'000, 'h');

#ifndef VELLUM_TEST_BACKEND_POSTGRES  // the JSON export files and migration folders are SQLite's
std::string export_of(corpus_store& s) {
  std::ostringstream out;
  (void)cms::export_json(s.ms.db(), out);
  return out.str();
}

void import_text(corpus_store& s, const std::string& text) {
  std::istringstream in(text);
  (void)ops::import_json(s.ms.db(), in);
}

/// An export of `s` with `edit` applied to the text of its first row of `table`.
std::string edited_export(corpus_store& s, const std::string& table, const std::function<void(json& row)>& edit) {
  std::istringstream in(export_of(s));
  json doc = json::parse(in);
  for (auto& t : doc["tables"])
    if (t["name"] == table) edit(t["rows"][0]);
  return doc.dump();
}

void run_migrations(corpus_store& s, const std::vector<std::pair<std::string, std::string>>& files) {
  vellum::testing::scratch_folder dir;
  for (const auto& [name, text] : files) dir.write(name, text);
  // Its own tracking table would collide with the CMS's: a second database file is not needed,
  // the corpus migrations run on the CMS database under ids after the bundle.
  migrate::migration_runner runner{s.ms.db(), migrate::load_folder(dir.path())};
  (void)runner.up();
}
#endif

std::vector<bad_input> corpus() {
  using vellum::validation_error;
  using vellum::token_rejection;
  std::vector<bad_input> c;
  const auto create = [](std::string title, json data = {{"body", "b"}}) {
    return [title = std::move(title), data = std::move(data)](corpus_store& s) {
      (void)s.content().create(s.editor, {.collection_id = s.strict, .title = title, .data = data});
    };
  };
  // --- content ------------------------------------------------------------------------------
  c.push_back(refused<validation_error>("title of invalid UTF-8", create(invalid_utf8), field("title")));
  c.push_back(refused<validation_error>("empty title", create(""), field("title")));
  c.push_back(refused<validation_error>("5 MB title", create(huge), field("title")));
  c.push_back(refused<validation_error>("data that is an array", create("T", json::array({1, 2})), field("data")));
  // Built inside the call and moved, never copied: copying JSON this deep recurses as deeply.
  c.push_back(refused<validation_error>("data nested 100000 deep", [](corpus_store& s) {
    (void)s.content().create(s.editor, {.collection_id = s.posts, .title = "T", .data = {{"body", "b"}, {"deep", nested_object(100000)}}});
  }, field("data")));
  c.push_back(refused<validation_error>("merge patch nested 100000 deep", [](corpus_store& s) {
    (void)s.content().patch(s.editor, s.item, json{{"deep", nested_object(100000)}});
  }, field("data")));
  c.push_back(refused<validation_error>("data with a 5 MB string", create("T", {{"body", huge}}), field("body")));
  c.push_back(refused<validation_error>("data string of invalid UTF-8", create("T", {{"body", invalid_utf8}}), field("data")));
  c.push_back(refused<validation_error>("select field with an unknown option", create("T", {{"body", "b"}, {"kind", "'; DROP TABLE content; --"}}), field("kind")));
  c.push_back(refused<validation_error>("SQL injection as a slug", [](corpus_store& s) {
    (void)s.content().create(s.editor, {.collection_id = s.posts, .title = "T", .data = {{"body", "b"}}, .slug = injection});
  }, field("slug")));
  c.push_back(refused<vellum::not_found>("SQL injection as a collection id", [](corpus_store& s) {
    (void)s.content().create(s.editor, {.collection_id = "' OR 1=1 --", .title = "T", .data = {{"body", "b"}}});
  }));
  c.push_back(refused<validation_error>("locale with SQL", [](corpus_store& s) {
    (void)s.content().create(s.editor, {.collection_id = s.posts, .title = "T", .data = {{"body", "b"}}, .locale = "en'; --"});
  }, field("locale")));
  c.push_back(refused<validation_error>("content JSON text that is not JSON", [](corpus_store&) { (void)cms::parse_content_data("{\"body\": "); }, field("data")));
  c.push_back(refused<validation_error>("content JSON text of invalid UTF-8", [](corpus_store&) { (void)cms::parse_content_data("{\"body\": \"" + invalid_utf8 + "\"}"); }, field("data")));
  c.push_back(refused<validation_error>("content JSON text nested 100000 deep", [](corpus_store&) { (void)cms::parse_content_data(nested_json(100000)); }, field("data")));
  c.push_back(refused<validation_error>("content JSON text with a raw NUL", [](corpus_store&) { (void)cms::parse_content_data(std::string("{\"a\":\"\0\"}", 9)); }, field("data")));
  c.push_back(refused<validation_error>("merge patch that is not an object", [](corpus_store& s) { (void)s.content().patch(s.editor, s.item, json::array({1})); }, field("data")));
  c.push_back(refused<vellum::conflict>("stale expected revision", [](corpus_store& s) { (void)s.content().patch(s.editor, s.item, {{"body", "x"}}, 1); }));
  c.push_back(refused<vellum::conflict>("expected revision INT64_MIN", [](corpus_store& s) { (void)s.content().patch(s.editor, s.item, {{"body", "x"}}, int64_min); }));
  c.push_back(refused<vellum::not_found>("patch of an unknown id with SQL in it", [](corpus_store& s) { (void)s.content().patch(s.editor, injection, {{"body", "x"}}); }));
  c.push_back(refused<vellum::not_found>("publish of version INT64_MAX", [](corpus_store& s) { (void)s.content().publish(s.editor, s.item, int64_max); }));
  c.push_back(refused<vellum::not_found>("publish of version 0", [](corpus_store& s) { (void)s.content().publish(s.editor, s.item, 0); }));
  c.push_back(refused<vellum::conflict>("publish with a stale revision", [](corpus_store& s) { (void)s.content().publish(s.editor, s.item, std::nullopt, 1); }));
  c.push_back(refused<validation_error>("publish of data the schema refuses", [](corpus_store& s) {
    (void)s.content().publish(s.editor, s.draft);
  }, field("body")));
  c.push_back(refused<validation_error>("list limit 0", [](corpus_store& s) { (void)s.content().list({.limit = 0}); }, field("limit")));
  c.push_back(refused<validation_error>("list limit INT64_MAX", [](corpus_store& s) { (void)s.content().list({.limit = int64_max}); }, field("limit")));
  c.push_back(refused<validation_error>("list limit INT64_MIN", [](corpus_store& s) { (void)s.content().list({.limit = int64_min}); }, field("limit")));
  c.push_back(refused<validation_error>("forged list cursor", [](corpus_store& s) { (void)s.content().list({.cursor = "AAAA////"}); }, field("cursor")));
  c.push_back(refused<validation_error>("SQL injection as a list cursor", [](corpus_store& s) { (void)s.content().list({.cursor = injection}); }, field("cursor")));
  for (const std::string& bad : std::vector<std::string>{"title; DROP TABLE content", "\"content\".\"title\"", "title DESC", std::string("title\0", 6), "(SELECT 1)"})
    c.push_back(refused<validation_error>("sort column name '" + bad + "'", [bad](corpus_store& s) {
      (void)s.ms.db().select<cms::content>().order_by(vellum::sort_by<cms::content>(bad)).all();
    }, field("sort")));
  c.push_back(refused<vellum::not_found>("restore of version INT64_MIN", [](corpus_store& s) { (void)s.store().versions().restore(s.editor, s.item, int64_min); }));
  // --- users ----------------------------------------------------------------------------------
  const auto new_user = [](cms::new_user u) { return [u](corpus_store& s) { (void)s.store().users().create(s.admin, u); }; };
  c.push_back(refused<validation_error>("email without an @", new_user({.email = "not-an-email", .username = "bob"}), field("email")));
  c.push_back(refused<validation_error>("SQL injection as a username", new_user({.email = "bob@example.com", .username = "bob'; DROP TABLE users; --"}), field("username")));
  c.push_back(refused<validation_error>("username of invalid UTF-8", new_user({.email = "bob@example.com", .username = invalid_utf8}), field("username")));
  c.push_back(refused<validation_error>("username with a NUL byte", new_user({.email = "bob@example.com", .username = with_nul}), field("username")));
  c.push_back(refused<validation_error>("5 MB first name", new_user({.email = "bob@example.com", .username = "bob", .first_name = huge}), field("first_name")));
  c.push_back(refused<vellum::conflict>("an email already taken", new_user({.email = "ADA@example.com", .username = "ada2"}), [](const vellum::conflict& e) { return e.field() == "email"; }));
  // --- collections ------------------------------------------------------------------------------
  const auto new_collection = [](cms::new_collection n) { return [n](corpus_store& s) { (void)s.store().collections().create(s.admin, n); }; };
  c.push_back(refused<validation_error>("collection name with capitals", new_collection({.name = "Posts2", .display_name = "P"}), field("name")));
  c.push_back(refused<validation_error>("SQL injection as a collection name", new_collection({.name = "x; DROP TABLE content", .display_name = "P"}), field("name")));
  c.push_back(refused<validation_error>("collection named like a built-in table", new_collection({.name = "users", .display_name = "P"}), field("name")));
  c.push_back(refused<validation_error>("wrong field type name", new_collection({.name = "c2", .display_name = "P", .schema = {{"type", "object"}, {"properties", {{"f", {{"type", "strng"}}}}}}}), field("schema")));
  c.push_back(refused<validation_error>("schema that is a string", new_collection({.name = "c2", .display_name = "P", .schema = "DROP TABLE content"}), field("schema")));
  c.push_back(refused<validation_error>("schema nested 40 deep", new_collection({.name = "c2", .display_name = "P", .schema = nested_schema(40)}), field("schema")));
  c.push_back(refused<validation_error>("schema field named like a column", new_collection({.name = "c2", .display_name = "P", .schema = {{"type", "object"}, {"properties", {{"ID", {{"type", "string"}}}}}}}), field("schema")));
  c.push_back(refused<validation_error>("schema with an invalid pattern", new_collection({.name = "c2", .display_name = "P", .schema = {{"type", "object"}, {"properties", {{"f", {{"type", "string"}, {"pattern", "(["}}}}}}}), field("schema")));
  c.push_back(refused<validation_error>("negative max_versions", new_collection({.name = "c2", .display_name = "P", .max_versions = -1}), field("max_versions")));
  c.push_back(refused<validation_error>("display name of invalid UTF-8", new_collection({.name = "c2", .display_name = invalid_utf8}), field("display_name")));
  // --- API tokens --------------------------------------------------------------------------------
  c.push_back(refused<vellum::invalid_token>("an expired token", [](corpus_store& s) { s.ms.clock.advance(hours(2)); (void)s.store().api_tokens().verify(s.live_token); }, reason(token_rejection::expired)));
  c.push_back(refused<vellum::invalid_token>("a revoked token", [](corpus_store& s) { (void)s.store().api_tokens().verify(s.revoked_token); }, reason(token_rejection::revoked)));
  c.push_back(refused<vellum::invalid_token>("a forged token (one character changed)", [](corpus_store& s) {
    std::string forged = s.live_token;
    forged.back() = forged.back() == 'A' ? 'B' : 'A';
    (void)s.store().api_tokens().verify(forged);
  }, reason(token_rejection::unknown)));
  c.push_back(refused<vellum::invalid_token>("an empty token", [](corpus_store& s) { (void)s.store().api_tokens().verify(""); }, reason(token_rejection::unknown)));
  c.push_back(refused<vellum::invalid_token>("SQL injection as a token", [](corpus_store& s) { (void)s.store().api_tokens().verify("' OR '1'='1"); }, reason(token_rejection::unknown)));
  c.push_back(refused<validation_error>("token expiring in the past", [](corpus_store& s) {
    (void)s.store().api_tokens().create(s.viewer, {.user_id = s.viewer.id, .name = "t", .scopes = {"content.read"}, .expires_at = vellum::unix_millis{std::chrono::milliseconds(int64_min)}});
  }, field("expires_at")));
  c.push_back(refused<validation_error>("token with a scope its owner lacks", [](corpus_store& s) {
    (void)s.store().api_tokens().create(s.viewer, {.user_id = s.viewer.id, .name = "t", .scopes = {"users.delete"}});
  }, field("scopes")));
  // --- workflow and scheduling -----------------------------------------------------------------------
  c.push_back(refused<vellum::forbidden>("transition without the permission", [](corpus_store& s) { (void)s.store().workflows().transition(s.viewer, s.draft, "pending-review"); }));
  c.push_back(refused<vellum::invalid_transition>("transition along no edge", [](corpus_store& s) { (void)s.store().workflows().transition(s.admin, s.draft, "archived"); }));
  c.push_back(refused<vellum::invalid_transition>("transition to a state name that does not exist", [](corpus_store& s) { (void)s.store().workflows().transition(s.admin, s.draft, "published'; --"); }));
  c.push_back(refused<validation_error>("schedule in the past", [](corpus_store& s) {
    (void)s.store().schedules().schedule(s.editor, {.content_id = s.item, .action = cms::schedule_action::unpublish, .at = s.ms.now() - hours(1)});
  }, field("at")));
  c.push_back(refused<validation_error>("schedule at INT64_MAX", [](corpus_store& s) {
    (void)s.store().schedules().schedule(s.editor, {.content_id = s.item, .action = cms::schedule_action::unpublish, .at = vellum::unix_millis{std::chrono::milliseconds(int64_max)}});
  }, field("at")));
  c.push_back(refused<validation_error>("schedule with an unknown timezone", [](corpus_store& s) {
    (void)s.store().schedules().schedule(s.editor, {.content_id = s.item, .action = cms::schedule_action::unpublish, .at = s.ms.now() + hours(1), .timezone = "UTC'; DROP TABLE content; --"});
  }, field("timezone")));
#ifndef VELLUM_TEST_BACKEND_POSTGRES
  // --- migration files ------------------------------------------------------------------------------
  c.push_back(refused<vellum::migration_error>("migration whose second statement is malformed", [](corpus_store& s) {
    run_migrations(s, {{"900_bad.sql", "CREATE TABLE corpus_a (x INTEGER);\nCREATE TABLE corpus_b (x INTEGER,;\n"}});
  }));
  c.push_back(refused<vellum::migration_error>("migration with an unterminated string", [](corpus_store& s) {
    run_migrations(s, {{"900_bad.sql", "CREATE TABLE corpus_a (x TEXT DEFAULT 'open);\n"}});
  }));
  c.push_back(refused<vellum::migration_error>("migration that commits half-way", [](corpus_store& s) {
    run_migrations(s, {{"900_bad.sql", "CREATE TABLE corpus_a (x INTEGER);\nCOMMIT;\nCREATE TABLE corpus_b (x INTEGER);\n"}});
  }));
  c.push_back(refused<vellum::migration_error>("migration with a NUL byte", [](corpus_store& s) {
    run_migrations(s, {{"900_bad.sql", std::string("CREATE TABLE corpus_a (x INTEGER);\0DROP TABLE users;\n", 52)}});
  }));
  c.push_back(refused<validation_error>("two migrations with one id", [](corpus_store& s) {
    run_migrations(s, {{"900_a.sql", "CREATE TABLE corpus_a (x INTEGER);"}, {"900_b.sql", "CREATE TABLE corpus_b (x INTEGER);"}});
  }));
  c.push_back(refused<validation_error>("drizzle journal that is not JSON", [](corpus_store& s) {
    run_migrations(s, {{"0000_a.sql", "CREATE TABLE corpus_a (x INTEGER);"}, {"meta/_journal.json", "{\"entries\": ["}});
  }));
  // --- export files ----------------------------------------------------------------------------------
  c.push_back(refused<validation_error>("import of text that is not JSON", [](corpus_store& s) { import_text(s, "INSERT INTO users VALUES (1);"); }));
  c.push_back(refused<validation_error>("import of an unknown format", [](corpus_store& s) { import_text(s, R"({"format":"other","format_version":1,"tables":[]})"); }));
  c.push_back(refused<validation_error>("import of format version 99", [](corpus_store& s) { import_text(s, R"({"format":"vellum.json-export","format_version":99,"tables":[]})"); }));
  c.push_back(refused<validation_error>("import of a truncated export", [](corpus_store& s) { const auto t = export_of(s); import_text(s, t.substr(0, t.size() / 2)); }));
  c.push_back(refused<validation_error>("import nested 100000 deep", [](corpus_store& s) { import_text(s, nested_json(100000)); }));
  c.push_back(refused<ops::import_error>("import into an unknown table", [](corpus_store& s) {
    import_text(s, R"({"format":"vellum.json-export","format_version":1,"exported_at":"2024-01-01T00:00:00Z","tables":[{"name":"sqlite_master","columns":["x"],"rows":[[1]]}]})");
  }));
  c.push_back(refused<ops::import_error>("import of a row with an unknown column", [](corpus_store& s) {
    import_text(s, R"({"format":"vellum.json-export","format_version":1,"exported_at":"2024-01-01T00:00:00Z","tables":[{"name":"users","columns":["id","x; DROP TABLE users"],"rows":[["u9",1]]}]})");
  }));
  c.push_back(refused<ops::import_error>("import of a row with a value missing", [](corpus_store& s) {
    import_text(s, edited_export(s, "users", [](json& row) { row.erase(row.size() - 1); }));
  }));
  c.push_back(refused<ops::import_error>("import of a wrong enum name", [](corpus_store& s) {
    import_text(s, edited_export(s, "content", [](json& row) { row[0] = "new-id"; row[2] = "new-slug"; for (auto& v : row) if (v == "published") v = "publishedd"; }));
  }));
  c.push_back(refused<ops::import_error>("import of a bad blob", [](corpus_store& s) {
    import_text(s, edited_export(s, "users", [](json& row) { row[0] = "u-new"; row[1] = json{{"$blob", "zz"}}; }));
  }));
#endif
#ifdef VELLUM_TEST_BACKEND_POSTGRES
  // PostgreSQL's text and JSONB cannot hold NUL, which SQLite stores (the legitimate values below).
  c.push_back(refused<validation_error>("title with a NUL byte (PostgreSQL)", create(with_nul)));
  c.push_back(refused<validation_error>("data string with a NUL byte (PostgreSQL)", create("T", {{"body", "b"}, {"other", with_nul}})));
#endif
  return c;
}

}  // namespace

TEST_CASE("the bad-input corpus: every hostile input is refused with its typed error and changes nothing", "[reliability][GX-1]") {
  const auto cases = corpus();
  CHECK(cases.size() >= 50);
  for (const auto& bad : cases) {
    CAPTURE(bad.name);
    corpus_store s;
    const auto before = s.exported();
    try {
      bad.call(s);
      FAIL_CHECK("accepted: expected " << bad.expected);
    } catch (const std::exception& e) {
      CAPTURE(e.what());
      CHECK(bad.is_expected(e));
    }
    CHECK(s.exported() == before);
  }
}

TEST_CASE("hostile values that are legitimate text are stored and read back unchanged", "[reliability]") {
  for (const std::string& value : std::vector<std::string>{injection, std::string("Robert'); DROP TABLE users;--"), std::string("\"; SELECT * FROM api_tokens; --"),
                                  std::string("\xF0\x9F\x92\xA5 emoji"),
#ifndef VELLUM_TEST_BACKEND_POSTGRES
                                  with_nul,
#endif
                                  std::string(100000, 'z')}) {
    CAPTURE(value.substr(0, 40));
    corpus_store s;
    const auto item = s.content().create(s.editor, {.collection_id = s.posts, .title = value.substr(0, 200), .data = {{"body", value.substr(0, 1000)}, {"other", value}}, .auto_suffix = true});
    const auto read = s.content().get(item.id);
    CHECK(read.title == value.substr(0, 200));
    CHECK(read.data.at("other") == value);
    CHECK(s.ms.db().query_value<std::int64_t>("SELECT count(*) FROM content") == 3);  // the fixture's two and this one
  }
}
