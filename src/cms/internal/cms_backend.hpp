// What the CMS does differently per backend, chosen at compile time: `cms_backend<Conn>` is
// specialised for each connection type (SQLite here; PostgreSQL in pg_cms_backend.hpp, which
// only vellum::postgres includes). The repositories' typed queries render for either dialect by
// themselves; this holds the rest: the bundled migrations, whether the delivery-read cache can
// work, and the few SQL texts the builder cannot express. Private to the library.
#pragma once

#include <span>
#include <string_view>
#include <utility>

#include "vellum/cms/bundled_migrations.hpp"
#include "vellum/core/connection.hpp"
#include "vellum/core/transaction.hpp"
#include "vellum/database.hpp"
#include "vellum/migrate/embedded_migration.hpp"

namespace vellum::cms::internal {

template <class Conn>
struct cms_backend;

template <>
struct cms_backend<connection> {
  static std::span<const migrate::embedded_migration> migrations() { return detail::bundled_migrations(); }
  /// The cache learns of writes through SQLite's update hook (core/table_generations.hpp).
  static constexpr bool has_query_cache = true;
  /// A read transaction sees one snapshot from its first read on.
  static constexpr transaction_mode read_snapshot = transaction_mode::deferred;
  /// A write transaction holds the database's only write lock from BEGIN IMMEDIATE on: what it
  /// reads nobody else changes, so no row lock is needed (empty: no statement).
  static constexpr std::string_view lock_content_row{};
  /// Two syncs of one collection queue on that same write lock, so the second sees the first's row.
  static constexpr std::string_view lock_collection_name{};

  // v::raw fragments (their `?` are bound like the builder's own parameters).
  /// The list fallback's text search: title or JSON text contains the pattern (ASCII case-insensitive).
  static constexpr const char content_text_like[] =
      R"(("content"."title" LIKE ? ESCAPE '\' OR "content"."data" LIKE ? ESCAPE '\'))";
  static constexpr const char media_mime_prefix[] = R"(substr("media"."mime_type", 1, length(?)) = ?)";
  static constexpr const char media_has_tag[] = R"(EXISTS (SELECT 1 FROM json_each("media"."tags") WHERE value = ?))";
  static constexpr const char media_top_type[] =
      R"(substr("media"."mime_type", 1, instr("media"."mime_type", '/') - 1))";
  static constexpr const char plugin_depends_on[] =
      R"(EXISTS (SELECT 1 FROM json_each("plugins"."dependencies") WHERE value = ?))";

  /// A comment thread page: ?1 content id, ?2 a JSON array of the statuses shown, ?3 the cursor
  /// (the last path seen, "" for the first page), ?4 the row limit. A thread's display order is
  /// the order of each comment's path key: per level, created_at (ms) as 16 hex digits and the id
  /// in hex, levels joined by '/', which sorts before every hex digit, so a comment's replies
  /// follow it before its next sibling. The key is also the page cursor.
  static constexpr std::string_view comment_thread = R"(
WITH RECURSIVE shown(status) AS (SELECT value FROM json_each(?2)),
thread(id, depth, path) AS (
  SELECT id, 0, printf('%016x', created_at) || hex(id) FROM comments
  WHERE content_id = ?1 AND parent_id IS NULL AND status IN shown
  UNION ALL
  SELECT c.id, t.depth + 1, t.path || '/' || printf('%016x', c.created_at) || hex(c.id)
  FROM comments AS c JOIN thread AS t ON c.parent_id = t.id
  WHERE c.status IN shown
)
SELECT c.id, c.content_id, c.user_id, c.parent_id, c.author_name, c.author_email, c.content, c.status,
       c.created_at, c.updated_at, t.depth, t.path
FROM thread AS t JOIN comments AS c ON c.id = t.id
WHERE t.path > ?3
ORDER BY t.path
LIMIT ?4)";
};

/// Runs `read` in a transaction whose statements all see one snapshot of the database (several
/// reads that must agree: an item and its published version, a page and its versions).
template <class Conn, class F>
decltype(auto) read_snapshot(basic_database<Conn>& db, F&& read) {
  return db.transaction(std::forward<F>(read), cms_backend<Conn>::read_snapshot);
}

}  // namespace vellum::cms::internal
