// The search schema of migrations/postgres/004_content_search.sql: writes to `content` by plain
// SQL keep content_search_docs in step (title weight A, the strings of `data` weight B, keys not
// indexed, diacritics removed), inside the writing transaction; and the unaccent extension,
// which belongs to the database, does not stop a second schema of that database migrating.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "pg_test_server.hpp"
#include "vellum/cms/bundled_postgres_migrations.hpp"
#include "vellum/migrate/migration_source.hpp"
#include "vellum/migrate/pg_migration_runner.hpp"

using vellum::testing::pg_test_schema;
namespace mg = vellum::migrate;

namespace {

void migrate(vellum::pg::connection& db) {
  vellum::pg::migration_runner{db, mg::load_embedded(vellum::cms::detail::bundled_postgres_migrations())}.up();
}

/// A migrated schema with one user and one collection to write content into.
struct search_schema {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  search_schema() {
    migrate(db);
    db.execute("INSERT INTO users (id, email, username) VALUES ('u1', 'ann@example.com', 'ann');"
               "INSERT INTO collections (id, name, display_name, schema) VALUES ('c1', 'posts', 'Posts', '{}')");
  }
  void insert(const std::string& id, const std::string& title, const std::string& data) {
    db.run("INSERT INTO content (id, collection_id, slug, title, data, author_id) "
           "VALUES ($1, 'c1', $1, $2, CAST($3 AS JSONB), 'u1')",
           id, title, data);
  }
  /// The ids whose document matches `words` (websearch syntax), in id order.
  std::vector<std::string> matches(const std::string& words) {
    std::vector<std::string> ids;
    auto st = db.prepare("SELECT content_id FROM content_search_docs "
                         "WHERE document @@ websearch_to_tsquery('content_search', $1) ORDER BY content_id");
    st.bind_all(words);
    while (st.step()) ids.push_back(st.get<std::string>(0));
    return ids;
  }
  std::int64_t documents() { return db.query_value<std::int64_t>("SELECT count(*) FROM content_search_docs").value_or(-1); }
};

using ids = std::vector<std::string>;

}  // namespace

TEST_CASE("pg search documents follow inserts and updates of content", "[postgres][cms][search]") {
  search_schema s;
  s.insert("i1", "Café au lait",
           R"({"body": "Crème brûlée", "blocks": [{"type": "quote", "text": ["deeply", {"nested": "zebra"}]}],
               "views": 42, "featured": true, "secretkey": "plain"})");
  s.insert("i2", "Tea time", R"({"body": "green"})");
  REQUIRE(s.documents() == 2);

  CHECK(s.matches("cafe") == ids{"i1"});           // the title, without its accent
  CHECK(s.matches("CAFÉ") == ids{"i1"});           // case and accents both ways
  CHECK(s.matches("creme brulee") == ids{"i1"});   // strings of data
  CHECK(s.matches("zebra") == ids{"i1"});          // nested in an array inside an object
  CHECK(s.matches("quote") == ids{"i1"});          // a string value, even one that looks like a tag
  CHECK(s.matches("secretkey").empty());           // keys are not indexed
  CHECK(s.matches("blocks").empty());
  CHECK(s.matches("42").empty());                  // numbers and booleans are not text
  CHECK(s.matches("true").empty());
  CHECK(s.matches("time") == ids{"i2"});

  // The title weighs A, the data B; the body is the strings of data, for snippets.
  CHECK(s.db.query_value<std::string>("SELECT document::text FROM content_search_docs WHERE content_id = 'i2'") ==
        "'green':3B 'tea':1A 'time':2A");
  CHECK(s.db.query_value<std::string>("SELECT body FROM content_search_docs WHERE content_id = 'i2'") == "green");
  CHECK(s.db.query_value<std::string>(
            "SELECT ts_headline('content_search', body, websearch_to_tsquery('content_search', 'creme')) "
            "FROM content_search_docs WHERE content_id = 'i1'")
            ->find("<b>Crème</b>") != std::string::npos);

  // An update of the title or the data rewrites the document; the old words are gone.
  s.db.execute("UPDATE content SET title = 'Black coffee', data = '{\"body\": \"Ölfarbe\"}' WHERE id = 'i1'");
  CHECK(s.matches("cafe").empty());
  CHECK(s.matches("zebra").empty());
  CHECK(s.matches("coffee") == ids{"i1"});
  CHECK(s.matches("olfarbe") == ids{"i1"});
  CHECK(s.db.query_value<std::string>("SELECT title FROM content_search_docs WHERE content_id = 'i1'") ==
        "Black coffee");

  // A soft delete keeps the document (a search filters on content, as on SQLite); a delete drops it.
  s.db.execute("UPDATE content SET deleted_at = now() WHERE id = 'i2'");
  CHECK(s.matches("green") == ids{"i2"});
  s.db.execute("DELETE FROM content WHERE id = 'i2'");
  CHECK(s.matches("green").empty());
  CHECK(s.documents() == 1);
}

TEST_CASE("pg a rolled-back write to content leaves the search documents as they were", "[postgres][cms][search]") {
  search_schema s;
  s.insert("i1", "Kept", R"({"body": "original"})");
  {
    auto tx = s.db.begin();
    s.insert("i2", "Gone", R"({"body": "vanished"})");
    s.db.execute("UPDATE content SET title = 'Changed' WHERE id = 'i1'");
    CHECK(s.matches("vanished") == ids{"i2"});  // visible inside the transaction
    tx.rollback();
  }
  CHECK(s.documents() == 1);
  CHECK(s.matches("vanished").empty());
  CHECK(s.matches("kept") == ids{"i1"});
  CHECK(s.matches("changed").empty());
}

TEST_CASE("pg search documents index the content a database held before 004", "[postgres][cms][search]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  auto migrations = mg::load_embedded(vellum::cms::detail::bundled_postgres_migrations());
  vellum::pg::migration_runner runner{db, migrations};
  runner.up_to("003");
  db.execute("INSERT INTO users (id, email, username) VALUES ('u1', 'ann@example.com', 'ann');"
             "INSERT INTO collections (id, name, display_name, schema) VALUES ('c1', 'posts', 'Posts', '{}');"
             "INSERT INTO content (id, collection_id, slug, title, data, author_id) "
             "VALUES ('i1', 'c1', 'old', 'Résumé', '{\"body\": \"earlier\"}', 'u1')");
  runner.up();
  CHECK(db.query_value<std::string>("SELECT content_id FROM content_search_docs "
                                    "WHERE document @@ websearch_to_tsquery('content_search', 'resume earlier')") ==
        "i1");
}

TEST_CASE("pg two schemas of one database both migrate the search schema", "[postgres][cms][search]") {
  search_schema first;
  search_schema second;  // unaccent exists already: the second schema uses it
  first.insert("i1", "Über", R"({})");
  second.insert("i1", "Naïve", R"({})");
  CHECK(first.matches("uber") == ids{"i1"});
  CHECK(first.matches("naive").empty());
  CHECK(second.matches("naive") == ids{"i1"});

  // A write made from a session whose search_path is the other schema still indexes into the
  // table's own schema (the trigger functions pin their search_path).
  second.db.execute("UPDATE " + first.schema.name() + ".content SET title = 'Façade' WHERE id = 'i1'");
  CHECK(first.matches("facade") == ids{"i1"});
  CHECK(second.matches("facade").empty());
}
