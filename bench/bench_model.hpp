// The benchmark's data model and data set (issue 7): the `content` table of the workloads W1–W7
// and a small `users` table for the join, as row structs with their vellum definitions, the
// hand-written DDL both sides create, and a deterministic generator of the rows.
//
//   bench::data_set rows = bench::make_rows(100'000);   // 10 collections, ~200-byte JSON, 3 statuses
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <vellum/vellum.hpp>

namespace bench {
namespace v = vellum;

enum class item_status { draft, published, archived };
constexpr auto vellum_enum_names(v::tag<item_status>) {
  return v::enum_names<item_status>(
      {{item_status::draft, "draft"}, {item_status::published, "published"}, {item_status::archived, "archived"}});
}

/// One row of `content`; both sides read rows into this struct.
struct item {
  std::string id;
  std::string collection_id;
  std::string slug;
  std::string title;
  std::string data;  // JSON text, ~200 bytes
  item_status status = item_status::draft;
  std::string author_id;
  v::unix_millis created_at{};
  v::unix_millis updated_at{};
};

constexpr auto vellum_table(v::tag<item>) {
  return v::table<item>("content",
                        v::column(&item::id, "id").primary_key(),
                        v::column(&item::collection_id, "collection_id"),
                        v::column(&item::slug, "slug"),
                        v::column(&item::title, "title"),
                        v::column(&item::data, "data"),
                        v::column(&item::status, "status").default_value(item_status::draft),
                        v::column(&item::author_id, "author_id"),
                        v::column(&item::created_at, "created_at"),
                        v::column(&item::updated_at, "updated_at"))
      .index("idx_content_collection_status_updated", &item::collection_id, &item::status,
             v::desc(&item::updated_at))
      .unique(&item::collection_id, &item::slug);
}

/// An author, for the left join of W7.
struct author {
  std::string id;
  std::string email;
  std::optional<std::string> name;
};

constexpr auto vellum_table(v::tag<author>) {
  return v::table<author>("users", v::column(&author::id, "id").primary_key(),
                          v::column(&author::email, "email").unique(), v::column(&author::name, "name"));
}

/// The schema of issue 7, written once and run by both sides, so they hold identical tables.
inline constexpr std::string_view schema_sql = R"sql(
CREATE TABLE content (
  id TEXT PRIMARY KEY,
  collection_id TEXT NOT NULL,
  slug TEXT NOT NULL,
  title TEXT NOT NULL,
  data TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft',
  author_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (collection_id, slug)
);
CREATE INDEX idx_content_collection_status_updated ON content (collection_id, status, updated_at DESC);
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT
);
)sql";

inline constexpr int collection_count = 10;
inline constexpr int author_count = 100;         // users rows
inline constexpr int author_id_count = 110;      // author_id values: 10 have no users row (W7's NULLs)
inline constexpr std::int64_t time_base_ms = 1'700'000'000'000;

/// The rows of a data set and the keys the workloads pick from.
struct data_set {
  std::vector<item> items;
  std::vector<author> authors;
  std::vector<std::string> collection_ids;
};

/// A UUID-shaped id (36 characters: longer than any short-string buffer, like real ids).
std::string uuid_like(std::uint64_t seed);

/// `count` content rows: collection i % 10, status i % 3, author among 110 ids, JSON data of
/// about 200 bytes, created_at increasing, updated_at scattered. Deterministic.
data_set make_rows(std::size_t count);

/// Creates the schema and inserts `rows` with plain sqlite3 calls (setup, not measured).
void populate(sqlite3* db, const data_set& rows);

/// A fixed, shuffled sequence of existing content ids for the point workloads (W2, W4).
std::vector<std::string> random_ids(const data_set& rows, std::size_t count, std::uint64_t seed);

}  // namespace bench
