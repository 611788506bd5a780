// Golden DDL of the CMS tables users, collections and content (issue 3, Done-when 4): the text
// create_table_sql / create_indexes_sql render is pinned, and SQLite accepts it and stores rows
// that the declared relations load back.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include <vellum/cms/schema/collections.hpp>
#include <vellum/cms/schema/content.hpp>
#include <vellum/cms/schema/users.hpp>
#include <vellum/vellum.hpp>

namespace {

namespace cms = vellum::cms;

constexpr std::string_view users_table = R"sql(CREATE TABLE "users" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "email" TEXT NOT NULL UNIQUE,
  "username" TEXT NOT NULL UNIQUE,
  "first_name" TEXT,
  "last_name" TEXT,
  "password_hash" TEXT,
  "role" TEXT NOT NULL DEFAULT 'viewer' CHECK ("role" IN ('admin', 'editor', 'author', 'viewer')),
  "avatar" TEXT,
  "is_active" INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  "last_login_at" INTEGER,
  "created_at" INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  "updated_at" INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  "phone" TEXT,
  "bio" TEXT,
  "timezone" TEXT NOT NULL DEFAULT 'UTC',
  "language" TEXT NOT NULL DEFAULT 'en',
  "email_notifications" INTEGER NOT NULL DEFAULT 1 CHECK (email_notifications IN (0, 1)),
  "theme" TEXT NOT NULL DEFAULT 'dark',
  "two_factor_enabled" INTEGER NOT NULL DEFAULT 0 CHECK (two_factor_enabled IN (0, 1)),
  "two_factor_secret" TEXT,
  "password_reset_token" TEXT,
  "password_reset_expires" INTEGER,
  "email_verification_token" TEXT,
  "email_verified" INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
  "invitation_token" TEXT,
  "invited_by" TEXT REFERENCES "users"("id") ON DELETE SET NULL,
  "invited_at" INTEGER,
  "accepted_invitation_at" INTEGER
) STRICT)sql";

constexpr std::string_view users_indexes = R"sql(CREATE INDEX "idx_users_role" ON "users" ("role");
CREATE INDEX "idx_users_password_reset_token" ON "users" ("password_reset_token");
CREATE INDEX "idx_users_email_verification_token" ON "users" ("email_verification_token");
CREATE INDEX "idx_users_invitation_token" ON "users" ("invitation_token"))sql";

constexpr std::string_view collections_table = R"sql(CREATE TABLE "collections" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "name" TEXT NOT NULL UNIQUE CHECK (name GLOB '[a-z]*' AND name NOT GLOB '*[^a-z0-9_]*'),
  "display_name" TEXT NOT NULL,
  "description" TEXT,
  "schema" TEXT NOT NULL CHECK (json_valid(schema) AND json_type(schema) = 'object'),
  "is_active" INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  "managed" INTEGER NOT NULL DEFAULT 0 CHECK (managed IN (0, 1)),
  "created_at" INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  "updated_at" INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  "schema_version" INTEGER NOT NULL DEFAULT 1 CHECK (schema_version >= 1),
  "schema_hash" TEXT,
  "max_versions" INTEGER NOT NULL DEFAULT 100 CHECK (max_versions >= 0),
  "workflow_id" TEXT REFERENCES "workflows"("id") ON DELETE SET NULL
) STRICT)sql";

constexpr std::string_view collections_indexes = R"sql(CREATE INDEX "idx_collections_active" ON "collections" ("is_active"))sql";

constexpr std::string_view content_table = R"sql(CREATE TABLE "content" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "collection_id" TEXT NOT NULL REFERENCES "collections"("id") ON DELETE RESTRICT,
  "slug" TEXT NOT NULL,
  "title" TEXT NOT NULL,
  "data" TEXT NOT NULL CHECK (json_valid(data) AND json_type(data) = 'object'),
  "status" TEXT NOT NULL DEFAULT 'draft' CHECK ("status" IN ('draft', 'published', 'changed', 'archived', 'scheduled')),
  "published_at" INTEGER,
  "author_id" TEXT NOT NULL REFERENCES "users"("id") ON DELETE RESTRICT,
  "created_at" INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  "updated_at" INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  "scheduled_publish_at" INTEGER,
  "scheduled_unpublish_at" INTEGER,
  "review_status" TEXT NOT NULL DEFAULT 'none' CHECK ("review_status" IN ('none', 'pending', 'approved', 'rejected')),
  "reviewer_id" TEXT REFERENCES "users"("id") ON DELETE SET NULL,
  "reviewed_at" INTEGER,
  "review_notes" TEXT,
  "meta_title" TEXT,
  "meta_description" TEXT,
  "featured_image_id" TEXT REFERENCES "media"("id") ON DELETE SET NULL,
  "content_type" TEXT NOT NULL DEFAULT 'standard' CHECK ("content_type" IN ('standard', 'template', 'component')),
  "workflow_state_id" TEXT REFERENCES "workflow_states"("id") ON DELETE RESTRICT,
  "embargo_until" INTEGER,
  "expires_at" INTEGER,
  "version_locked" INTEGER NOT NULL DEFAULT 0 CHECK (version_locked IN (0, 1)),
  "is_auto_saved" INTEGER NOT NULL DEFAULT 0 CHECK (is_auto_saved IN (0, 1)),
  "locale" TEXT NOT NULL DEFAULT 'en',
  "translation_group" TEXT,
  "revision" INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
  "head_version" INTEGER NOT NULL DEFAULT 1 CHECK (head_version >= 1),
  "published_version" INTEGER CHECK (published_version >= 1 AND published_version <= head_version),
  "first_published_at" INTEGER,
  "publish_from" INTEGER,
  "publish_until" INTEGER,
  "archived_at" INTEGER,
  "deleted_at" INTEGER,
  CHECK ((status IN ('published', 'changed')) = (published_version IS NOT NULL)),
  CHECK (published_version IS NULL OR (published_at IS NOT NULL AND first_published_at IS NOT NULL)),
  CHECK ((status = 'archived') = (archived_at IS NOT NULL)),
  CHECK (publish_from IS NULL OR publish_until IS NULL OR publish_from < publish_until)
) STRICT)sql";

constexpr std::string_view content_indexes = R"sql(CREATE UNIQUE INDEX "ux_content_slug" ON "content" ("collection_id", "locale", "slug") WHERE deleted_at IS NULL;
CREATE INDEX "idx_content_collection_updated" ON "content" ("collection_id", "updated_at" DESC, "id" DESC);
CREATE INDEX "idx_content_updated" ON "content" ("updated_at" DESC, "id" DESC);
CREATE INDEX "idx_content_status" ON "content" ("status");
CREATE INDEX "idx_content_author" ON "content" ("author_id");
CREATE INDEX "idx_content_published" ON "content" ("published_at");
CREATE INDEX "idx_content_workflow_state" ON "content" ("workflow_state_id");
CREATE INDEX "idx_content_featured_image" ON "content" ("featured_image_id");
CREATE INDEX "idx_content_translation_group" ON "content" ("translation_group"))sql";

// Rendered at compile time: the pinned text is a constant expression.
static_assert(vellum::create_table_sql<cms::user>() == users_table);
static_assert(vellum::create_indexes_sql<cms::collection>() == collections_indexes);

constexpr vellum::unix_millis at(std::int64_t ms) { return vellum::unix_millis{std::chrono::milliseconds{ms}}; }

}  // namespace

TEST_CASE("CMS users, collections and content render the pinned DDL", "[cms][schema][ddl]") {
  CHECK(std::string(vellum::create_table_sql<cms::user>()) == std::string(users_table));
  CHECK(std::string(vellum::create_indexes_sql<cms::user>()) == std::string(users_indexes));
  CHECK(std::string(vellum::create_table_sql<cms::collection>()) == std::string(collections_table));
  CHECK(std::string(vellum::create_indexes_sql<cms::collection>()) == std::string(collections_indexes));
  CHECK(std::string(vellum::create_table_sql<cms::content>()) == std::string(content_table));
  CHECK(std::string(vellum::create_indexes_sql<cms::content>()) == std::string(content_indexes));
}

TEST_CASE("SQLite accepts the CMS DDL and the declared relations load rows back", "[cms][schema][ddl]") {
  vellum::database db{":memory:"};
  // content references users, collections, media and workflow_states; collections references workflows.
  for (std::string_view sql : {users_table, users_indexes, collections_table, collections_indexes}) db.execute(sql);
  db.create_all<cms::workflow, cms::media, cms::workflow_state>();
  for (std::string_view sql : {content_table, content_indexes}) db.execute(sql);
  db.create_all<cms::content_version>();
  REQUIRE(db.query_value<std::int64_t>("SELECT count(*) FROM pragma_table_list WHERE strict = 1") == 7);

  cms::user ann;
  ann.id = "u1";
  ann.email = "ann@example.com";
  ann.username = "ann";
  ann.role = cms::user_role::editor;
  db.insert(ann);
  db.insert(cms::collection{.id = "c1", .name = "posts", .display_name = "Posts", .schema = {{"properties", nlohmann::json::object()}}});
  cms::content item;
  item.id = "i1";
  item.collection_id = "c1";
  item.slug = "hello";
  item.title = "Hello";
  item.author_id = "u1";
  item.head_version = 2;
  db.insert(item);
  for (std::int64_t n = 1; n <= 2; ++n)
    db.insert(cms::content_version{.id = "v" + std::to_string(n), .content_id = "i1", .version = n,
                                    .author_id = "u1", .created_at = at(n), .title = "Hello", .slug = "hello"});

  // The CHECKs and the partial unique slug index hold.
  item.id = "i2";
  CHECK_THROWS_AS(db.insert(item), vellum::constraint_error);  // same collection, locale and slug
  item.deleted_at = at(5);
  CHECK_NOTHROW(db.insert(item));  // a deleted item frees its slug (CR-14)
  CHECK_THROWS_AS(db.run("UPDATE content SET status = 'published' WHERE id = 'i1'"), vellum::constraint_error);

  const auto loaded = db.select<cms::content>()
                          .where(vellum::col<&cms::content::id> == "i1")
                          .with_related<"author", "collection", "versions">();
  REQUIRE(loaded.size() == 1);
  CHECK(loaded[0].status == cms::content_status::draft);
  CHECK(loaded[0].data == nlohmann::json::object());
  REQUIRE(loaded[0].related<"author">().has_value());
  CHECK(loaded[0].related<"author">()->role == cms::user_role::editor);
  CHECK(loaded[0].related<"author">()->timezone == "UTC");
  CHECK(loaded[0].related<"collection">()->name == "posts");
  CHECK(loaded[0].related<"versions">().size() == 2);
}
