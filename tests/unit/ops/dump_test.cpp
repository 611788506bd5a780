// SQL dump and JSON export/import (docs/operations.md): byte-identical round trips of a
// database with every CMS table populated, refused rows that change nothing, skip-existing.
#include <catch2/catch.hpp>

#include <cstdint>
#include <sstream>
#include <string>

#include <vellum/cms/content_repository.hpp>
#include <vellum/cms/data_transfer.hpp>
#include <vellum/ops/integrity_check.hpp>
#include <vellum/ops/json_dump.hpp>
#include <vellum/ops/sql_dump.hpp>
#include <vellum/testing/database_dump.hpp>
#include <vellum/testing/memory_store.hpp>
#include <vellum/testing/seed.hpp>

namespace {

namespace cms = vellum::cms;
namespace ops = vellum::ops;
namespace vt = vellum::testing;
using Catch::Contains;
using Catch::StartsWith;

constexpr vellum::unix_millis fixed_export_time{std::chrono::milliseconds{1'735'689'600'123}};

// Every CMS table gets rows: repositories for users, collections, content (versions, workflow
// status and history, audit events come with them), raw SQL for the rest. Values include
// NULLs, unicode, control characters, quotes, a large JSON document, reals and, in a table of
// its own (no CMS column is a BLOB), blobs.
void populate(vt::memory_store& ms) {
  auto& db = ms.db();
  const auto erin = vt::seed_user(ms, {.username = "erin", .role = cms::user_role::editor});
  const auto zoe = vt::seed_user(ms, {.username = "zoe", .first_name = std::string("Zoë 日本語 🎉")});
  const auto posts = vt::seed_collection(ms, {.name = "posts", .display_name = "Posts «quoted» 'x'"});
  nlohmann::json big = nlohmann::json::object();
  for (int i = 0; i < 2000; ++i) big["k" + std::to_string(i)] = {{"text", "línea\n\t\"" + std::to_string(i) + "\""}, {"n", i}};
  const auto post = vt::seed_content(ms, {.collection_id = posts.id, .title = "Café París 2024", .data = big,
                                          .author_id = erin.id});
  const auto other = vt::seed_content(ms, {.collection_id = posts.id, .title = "Second; with 'quotes' -- and /* */",
                                           .data = {{"body", std::string("nul\x01 ctrl")}}, .author_id = zoe.id});
  ms.clock.advance(std::chrono::minutes(1));
  ms.store().content().publish(vt::seed_actor(), post.id);
  ms.store().content().update(vt::seed_actor(), post.id, {.title = std::string("Café París 2024 (edited)")});

  db.run("INSERT INTO media (id, filename, original_name, mime_type, size, width, height, r2_key, public_url, alt, "
         "uploaded_by, uploaded_at, updated_at) VALUES ('m1', 'a.png', 'ä.png', 'image/png', 1024, 10, 20, 'k/a', "
         "'https://x/a', NULL, ?, 1, 2)",
         erin.id);
  db.run("INSERT INTO scheduled_content (id, content_id, action, scheduled_at, user_id, status, created_at) "
         "VALUES ('s1', ?, 'unpublish', 1900000000000, ?, 'pending', 5)",
         post.id, erin.id);
  // A reply whose key sorts before its parent's: an import meets the child first.
  db.run("INSERT INTO comments (id, content_id, user_id, content, created_at, updated_at) "
         "VALUES ('c9', ?, ?, 'first 💬', 1, 1)",
         post.id, zoe.id);
  db.run("INSERT INTO comments (id, content_id, user_id, parent_id, author_name, content, created_at, updated_at) "
         "VALUES ('c1', ?, NULL, 'c9', 'anon', 'a reply', 1, 1)",
         post.id);
  db.run("INSERT INTO content_locks (content_id, user_id, acquired_at, expires_at) VALUES (?, ?, 10, 20)", other.id,
         zoe.id);
  db.run("INSERT INTO autosaves (id, content_id, draft_key, user_id, data, title, updated_at) "
         "VALUES ('a1', NULL, 'draft-1', ?, '{\"x\": [1, 2.5, null]}', NULL, 3)",
         zoe.id);
  db.run("INSERT INTO plugins (id, name, display_name, version, author, category, rating, settings, created_at, "
         "updated_at, installed_at, last_updated) VALUES ('p1', 'seo', 'SEO', '1.0.0', 'me', 'tools', 3.0, "
         "'{\"a\":1}', 1, 1, 1, 1), ('p2', 'forms', 'Forms', '2.0', 'you', 'tools', 0.1, '{}', 1, 1, 1, 1)");
  db.run("INSERT INTO plugin_hooks (id, plugin_id, hook_name, handler_name, created_at) VALUES ('h1', 'p1', "
         "'content:save', 'onSave', 1)");
  db.run("INSERT INTO plugin_routes (id, plugin_id, path, method, handler_name, middleware, created_at) VALUES "
         "('r1', 'p1', '/seo', 'GET', 'get', '[\"auth\"]', 1)");
  db.run("INSERT INTO api_tokens (id, name, token_hash, prefix, user_id, scopes, expires_at, created_at) VALUES "
         "('t1', 'ci', ?, 'vlm_abcdef12', ?, '[\"content.read\"]', NULL, 1)",
         std::string(64, 'a'), erin.id);
  db.run("INSERT INTO system_logs (id, level, category, message, data, user_id, created_at) VALUES "
         "('l1', 'warn', 'auth', 'login failed\r\nfor ''erin''', '{\"attempts\":3}', ?, 7)",
         erin.id);
  // Not a CMS table: blobs, a NUL inside text, reals that look like integers, an infinity.
  db.execute("CREATE TABLE attachments (id INTEGER PRIMARY KEY AUTOINCREMENT, bytes BLOB, label TEXT, r REAL)");
  db.execute("INSERT INTO attachments (bytes, label, r) VALUES (x'00ff10', 'a' || char(0) || 'b', 2.0), "
             "(x'', NULL, 1e300), (NULL, 'plain', 9e999), (randomblob(3000), 'x', -0.000001)");
  db.execute("CREATE VIEW published_titles AS SELECT title FROM content WHERE status = 'published'");
}

std::string sql_dump(vellum::connection& db) {
  std::ostringstream out;
  ops::export_sql(db, out);
  return out.str();
}

std::vector<std::string> json_tables() {
  auto tables = cms::transfer_tables();
  tables.push_back("attachments");
  return tables;
}

std::string json_dump(vellum::connection& db) {
  std::ostringstream out;
  ops::export_json(db, out, {.tables = json_tables(), .exported_at = fixed_export_time});
  return out.str();
}

std::int64_t count(vellum::connection& db, const std::string& table) {
  return db.query_value<std::int64_t>("SELECT count(*) FROM " + table).value_or(-1);
}

}  // namespace

TEST_CASE("SQL dump: export, import into an empty database, export again is byte-identical", "[ops][sql-dump]") {
  vt::memory_store ms;
  populate(ms);
  for (const auto& table : cms::transfer_tables()) {
    INFO(table);
    CHECK(count(ms.db(), table) > 0);
  }
  const auto first = sql_dump(ms.db());
  CHECK_THAT(first, Contains("CREATE TABLE users") && Contains("CREATE TRIGGER content_versions_immutable") &&
                        Contains("X'00ff10'") && Contains("CAST(X'610062' AS TEXT)") && Contains("1e999") &&
                        Contains(",2.0);") && Contains("DELETE FROM sqlite_sequence;"));

  vellum::connection copy{":memory:"};
  std::istringstream in(first);
  const auto summary = ops::import_sql(copy, in);
  CHECK(summary.rows > 100);
  CHECK(summary.tables == 28);  // 24 CMS tables, the FTS5 table, migrations, attachments, sqlite_sequence
  CHECK(sql_dump(copy) == first);
  CHECK(vt::dump(copy) == vt::dump(ms.db()));
  CHECK(ops::check_integrity(copy).ok());
  CHECK(ops::check_foreign_keys(copy).empty());
  // The copy is a working CMS database: the triggers came along.
  CHECK_THROWS_AS(copy.execute("UPDATE content_versions SET title = 'x'"), vellum::error);
}

namespace {

/// The ids of the items whose search document matches `match`, through the document map.
std::vector<std::string> search_ids(vellum::connection& db, const std::string& match) {
  auto st = db.prepare(
      "SELECT d.content_id FROM content_search JOIN content_search_docs AS d ON d.doc_id = content_search.rowid "
      "WHERE content_search MATCH ? ORDER BY d.content_id");
  st.bind(1, match);
  std::vector<std::string> ids;
  while (st.step()) ids.push_back(st.get<std::string>(0));
  return ids;
}

}  // namespace

// The FTS5 table is dumped as CREATE VIRTUAL TABLE and its rows with their rowids (the document
// ids content_search_docs refers to); its shadow tables are not dumped, FTS5 rebuilds them from
// those rows. A JSON export leaves the index out: the import's content rows rebuild it.
TEST_CASE("SQL dump and JSON import: the full-text index comes along and stays consistent", "[ops][sql-dump][search]") {
  vt::memory_store ms;
  populate(ms);
  auto& db = ms.db();
  // A gap in the document ids: a copy that renumbered them would map words to the wrong items.
  const auto posts = db.query_value<std::string>("SELECT id FROM collections WHERE name = 'posts'").value();
  const auto author = db.query_value<std::string>("SELECT id FROM users ORDER BY id LIMIT 1").value();
  const auto gap = vt::seed_content(ms, {.collection_id = posts, .title = "Soon gone", .author_id = author});
  const auto extra = vt::seed_content(ms, {.collection_id = posts, .title = "Lighthouse keeper", .author_id = author});
  ms.store().content().purge(vt::seed_actor(), gap.id, true);
  const auto paris = search_ids(db, "paris");
  const auto lighthouse = search_ids(db, "lighthouse");
  REQUIRE(lighthouse == std::vector<std::string>{extra.id});
  const auto first = sql_dump(db);
  CHECK_THAT(first, Contains("CREATE VIRTUAL TABLE content_search USING fts5") &&
                        Contains("INSERT INTO \"content_search\"(rowid, \"title\", \"body\") VALUES(") &&
                        !Contains("content_search_data") && !Contains("content_search_idx"));

  vellum::connection copy{":memory:"};
  std::istringstream in(first);
  ops::import_sql(copy, in);
  CHECK(sql_dump(copy) == first);
  CHECK(search_ids(copy, "paris") == paris);
  CHECK(search_ids(copy, "lighthouse") == lighthouse);
  CHECK(copy.query_value<std::int64_t>("SELECT count(*) FROM content_search") ==
        db.query_value<std::int64_t>("SELECT count(*) FROM content"));
  // FTS5's own consistency check of the rebuilt index against its rows.
  CHECK_NOTHROW(copy.execute("INSERT INTO content_search (content_search) VALUES ('integrity-check')"));
  // The triggers came along: a write after the import is indexed.
  copy.run("UPDATE content SET title = 'Beacon keeper' WHERE id = ?", extra.id);
  CHECK(search_ids(copy, "lighthouse").empty());
  CHECK(search_ids(copy, "beacon") == lighthouse);

  std::ostringstream json;
  cms::export_json(db, json, {.exported_at = fixed_export_time});
  CHECK_THAT(json.str(), !Contains("content_search"));
  vt::memory_store target;
  std::istringstream json_in(json.str());
  cms::import_json(target.db(), json_in);
  CHECK(search_ids(target.db(), "paris") == paris);
  CHECK(search_ids(target.db(), "lighthouse") == lighthouse);
  CHECK(target.db().query_value<std::int64_t>("SELECT count(*) FROM content_search_docs") ==
        db.query_value<std::int64_t>("SELECT count(*) FROM content"));
}

TEST_CASE("SQL import: a failing statement rolls everything back and names its line", "[ops][sql-dump]") {
  const std::string dump =
      "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n"
      "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);\n"
      "INSERT INTO t VALUES(1,'a;\nstill the same statement');\n"
      "INSERT INTO t VALUES(2,NULL);\n"
      "INSERT INTO t VALUES(3,'c');\nCOMMIT;\n";
  vellum::connection db{":memory:"};
  std::istringstream in(dump);
  try {
    ops::import_sql(db, in);
    FAIL("import_sql accepted a NULL into a NOT NULL column");
  } catch (const vellum::constraint_error& e) {
    CHECK(e.kind() == vellum::constraint_kind::not_null);
    CHECK_THAT(e.what(), Contains("line 6"));
  }
  CHECK(vt::dump(db).empty());
  CHECK_FALSE(db.query_value<int>("SELECT 1 FROM sqlite_schema WHERE name = 't'"));

  std::istringstream dangling("CREATE TABLE p (id INTEGER PRIMARY KEY);\n"
                              "CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p (id));\n"
                              "INSERT INTO c VALUES(1, 7);\n");
  CHECK_THROWS_AS(ops::import_sql(db, dangling), vellum::constraint_error);
  CHECK_FALSE(db.query_value<int>("SELECT 1 FROM sqlite_schema WHERE name = 'c'"));
  CHECK(db.query_value<bool>("PRAGMA foreign_keys") == true);  // restored after the import

  std::istringstream unfinished("CREATE TABLE u (id INTEGER);\nINSERT INTO u VALUES(1)\n");
  CHECK_THROWS_AS(ops::import_sql(db, unfinished), vellum::validation_error);
  CHECK_FALSE(db.query_value<int>("SELECT 1 FROM sqlite_schema WHERE name = 'u'"));
}

TEST_CASE("JSON export: export, import into a fresh CMS database, export again is byte-identical",
          "[ops][json-export]") {
  vt::memory_store source;
  populate(source);
  const auto first = json_dump(source.db());
  CHECK_THAT(first, StartsWith(R"({"format":"vellum.json-export","format_version":1,)"
                               R"("exported_at":"2025-01-01T00:00:00.123Z","tables":[)"));
  CHECK_THAT(first, Contains(R"({"$blob":"00ff10"})") && Contains(R"({"$real":"inf"})") &&
                        Contains("Zoë 日本語 🎉") && Contains(R"("login failed\r\nfor 'erin'")"));

  vt::memory_store target;  // the CMS schema with its seeded rows (workflow states, permissions…)
  target.db().execute("CREATE TABLE attachments (id INTEGER PRIMARY KEY AUTOINCREMENT, bytes BLOB, label TEXT, r REAL)");
  std::istringstream in(first);
  const auto report = ops::import_json(target.db(), in);
  CHECK(report.exported_at == "2025-01-01T00:00:00.123Z");
  REQUIRE(report.tables.size() == json_tables().size());
  for (const auto& t : report.tables) {
    INFO(t.table);
    CHECK(t.rows() == static_cast<std::uint64_t>(count(source.db(), t.table)));
    CHECK(t.updated == 0);
    if (t.table == "workflow_states" || t.table == "permissions") CHECK(t.skipped == t.rows());  // seeded
    if (t.table == "content" || t.table == "users") CHECK(t.inserted == t.rows());
  }
  CHECK(json_dump(target.db()) == first);
  CHECK(ops::check_foreign_keys(target.db()).empty());
}

TEST_CASE("JSON import: the same file twice with skip-existing changes nothing the second time",
          "[ops][json-export]") {
  vt::memory_store source;
  populate(source);
  std::ostringstream out;
  cms::export_json(source.db(), out, {.exported_at = fixed_export_time});

  vt::memory_store target;
  std::istringstream once(out.str());
  cms::import_json(target.db(), once);
  const auto after_first = vt::dump(target.db());
  std::istringstream twice(out.str());
  const auto report = cms::import_json(target.db(), twice);
  CHECK(vt::dump(target.db()) == after_first);
  std::uint64_t rows = 0;
  for (const auto& t : report.tables) {
    INFO(t.table);
    CHECK(t.inserted == 0);
    CHECK(t.updated == 0);
    CHECK(t.skipped == t.rows());
    rows += t.rows();
  }
  CHECK(rows > 100);

  // on_conflict::update writes only rows that differ: identical ones (append-only tables
  // included, whose triggers refuse any UPDATE) count as skipped.
  target.db().run("UPDATE users SET first_name = 'changed' WHERE username = 'erin'");
  std::istringstream again(out.str());
  const auto updated = cms::import_json(target.db(), again, {.on_conflict = ops::on_conflict::update});
  for (const auto& t : updated.tables) {
    INFO(t.table);
    CHECK(t.updated == (t.table == "users" ? 1u : 0u));
  }
  CHECK(vt::dump(target.db()) == after_first);
}

TEST_CASE("JSON import: one bad row in the middle changes nothing and names the row", "[ops][json-export]") {
  vt::memory_store source;
  populate(source);
  std::ostringstream out;
  cms::export_json(source.db(), out, {.exported_at = fixed_export_time});
  std::string document = out.str();
  // content rows follow users, permissions, workflows, collections…: break the second item's status.
  const auto at = document.find(R"(,"Second; with 'quotes' -- and /* */",)");
  REQUIRE(at != std::string::npos);
  const auto status = document.find(R"("draft")", at);
  REQUIRE(status != std::string::npos);
  document.replace(status, 7, R"("bogus")");

  const auto second_id = source.db().query_value<std::string>("SELECT id FROM content WHERE title LIKE 'Second%'");
  vt::memory_store target;
  const auto before = vt::dump(target.db());
  std::istringstream in(document);
  try {
    cms::import_json(target.db(), in);
    FAIL("import_json accepted status 'bogus'");
  } catch (const ops::import_error& e) {
    CHECK(e.table() == "content");
    CHECK(e.key() == "id=\"" + second_id.value() + "\"");
    CHECK_THAT(e.reason(), Contains("CHECK constraint failed"));
    CHECK_THAT(e.what(), Contains("content") && Contains(second_id.value()));
  }
  CHECK(vt::dump(target.db()) == before);
}

TEST_CASE("JSON import: malformed documents and rows are refused before anything is written",
          "[ops][json-export]") {
  vt::memory_store target;
  const auto before = vt::dump(target.db());
  const auto refuse = [&](const std::string& document) {
    std::istringstream in(document);
    CHECK_THROWS_AS(cms::import_json(target.db(), in), vellum::validation_error);
    CHECK(vt::dump(target.db()) == before);
  };
  const std::string head = R"({"format":"vellum.json-export","format_version":1,"exported_at":"x","tables":[)";
  refuse(R"({"format":"something-else","format_version":1,"tables":[]})");
  refuse(R"({"format":"vellum.json-export","format_version":2,"tables":[]})");
  refuse(head + R"({"name":"users","columns":["id"],"rows":[)");                         // truncated
  refuse(head + R"({"name":"nope","columns":["id"],"rows":[]}]})");                       // unknown table
  refuse(head + R"({"name":"migrations","columns":["id"],"rows":[]}]})");                 // not a CMS table
  refuse(head + R"({"name":"users","columns":["id","shoe_size"],"rows":[]}]})");          // unknown column
  refuse(head + R"({"name":"log_config","columns":["id","enabled"],"rows":[["x",true]]}]})");  // boolean
  refuse(head + R"({"name":"log_config","columns":["category","enabled"],"rows":[]}]})");  // no key column
  refuse(head + R"({"name":"log_config","columns":["id","category"],"rows":[["lc_new"]]}]})");  // short row
  try {
    std::istringstream in(head + R"({"name":"comments","columns":["id","content_id","author_name","content"],)"
                                 R"("rows":[["c5","no-such-item","anon","hi"]]}]})");
    cms::import_json(target.db(), in);
    FAIL("a comment on a missing item was imported");
  } catch (const ops::import_error& e) {
    CHECK(e.table() == "comments");
    CHECK(e.key() == R"(id="c5")");
    CHECK_THAT(e.reason(), Contains("content"));
  }
  CHECK(vt::dump(target.db()) == before);
}
