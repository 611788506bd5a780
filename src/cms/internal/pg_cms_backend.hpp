// cms_backend for PostgreSQL (see cms_backend.hpp). Only vellum::postgres includes this.
#pragma once

#include "cms_backend.hpp"
#include "vellum/cms/bundled_postgres_migrations.hpp"
#include "vellum/core/pg_connection.hpp"
#include "vellum/pg_database.hpp"

namespace vellum::cms::internal {

template <>
struct cms_backend<pg::connection> {
  static std::span<const migrate::embedded_migration> migrations() { return detail::bundled_postgres_migrations(); }
  /// Not yet: PostgreSQL has no update hook; see docs/postgres.md ("Query cache").
  static constexpr bool has_query_cache = false;
  /// READ COMMITTED, the default, takes a snapshot per statement.
  static constexpr pg::isolation read_snapshot = pg::isolation::repeatable_read;
  /// Writers run under READ COMMITTED, side by side: a write reads its item under the row lock,
  /// so a second writer waits and then reads the first one's result, instead of computing its
  /// version from a stale head and failing the revision guard of its UPDATE.
  static constexpr std::string_view lock_content_row = "SELECT 1 FROM content WHERE id = $1 FOR UPDATE";
  /// A sync creating a collection has no row to lock yet: it takes a transaction-scoped advisory
  /// lock on the name, so a second sync of that name waits and then finds the row (unchanged)
  /// instead of failing on the unique index.
  static constexpr std::string_view lock_collection_name =
      "SELECT 1 FROM pg_advisory_xact_lock(hashtextextended('vellum.cms.collection:' || $1, 0))";

  // PostgreSQL's LIKE matches case and `data` is JSONB: ILIKE over its text form.
  static constexpr const char content_text_like[] =
      R"(("content"."title" ILIKE ? ESCAPE '\' OR "content"."data"::text ILIKE ? ESCAPE '\'))";
  static constexpr const char media_mime_prefix[] = R"(left("media"."mime_type", length(CAST(? AS TEXT))) = ?)";
  static constexpr const char media_has_tag[] =
      R"(EXISTS (SELECT 1 FROM jsonb_array_elements_text("media"."tags") AS t(value) WHERE t.value = ?))";
  static constexpr const char media_top_type[] = R"(split_part("media"."mime_type", '/', 1))";
  static constexpr const char plugin_depends_on[] =
      R"(EXISTS (SELECT 1 FROM jsonb_array_elements_text("plugins"."dependencies") AS d(value) WHERE d.value = ?))";

  /// As on SQLite (cms_backend.hpp); created_at is TIMESTAMPTZ here, so its milliseconds are
  /// computed, and the paths compare bytewise (COLLATE "C"), as SQLite's BINARY does.
  static constexpr std::string_view comment_thread = R"(
WITH RECURSIVE thread(id, depth, path) AS (
  SELECT id, 0,
         lpad(to_hex((extract(epoch FROM created_at) * 1000)::bigint), 16, '0')
           || upper(encode(convert_to(id, 'UTF8'), 'hex'))
  FROM comments
  WHERE content_id = $1 AND parent_id IS NULL AND status IN (SELECT jsonb_array_elements_text(CAST($2 AS jsonb)))
  UNION ALL
  SELECT c.id, t.depth + 1,
         t.path || '/' || lpad(to_hex((extract(epoch FROM c.created_at) * 1000)::bigint), 16, '0')
           || upper(encode(convert_to(c.id, 'UTF8'), 'hex'))
  FROM comments AS c JOIN thread AS t ON c.parent_id = t.id
  WHERE c.status IN (SELECT jsonb_array_elements_text(CAST($2 AS jsonb)))
)
SELECT c.id, c.content_id, c.user_id, c.parent_id, c.author_name, c.author_email, c.content, c.status,
       c.created_at, c.updated_at, t.depth, t.path
FROM thread AS t JOIN comments AS c ON c.id = t.id
WHERE t.path COLLATE "C" > $3
ORDER BY t.path COLLATE "C"
LIMIT $4)";
};

}  // namespace vellum::cms::internal
