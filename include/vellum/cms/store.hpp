// `cms::store`: the CMS data layer over one database. Opening it upgrades the schema (runs the
// bundled migrations); it carries the injectable clock and id generator every repository uses
// (GX-2), and hands out repositories, which are light handles on the store.
//
//   vellum::database db{"cms.db"};
//   vellum::cms::store store{db};
//   auto post = store.content().create(cms::actor::user(uid), {.collection_id = blog, .title = "Hello"});
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "vellum/cms/query_cache.hpp"
#include "vellum/core/time.hpp"
#include "vellum/database.hpp"

namespace vellum::cms {

class users_repository;
class collections_repository;
class content_repository;
class version_repository;
class autosave_repository;
class permission_service;
class workflow_repository;
class schedule_repository;
class api_token_repository;
class log_repository;
class media_repository;
class plugin_registry;
class comment_repository;
class search_repository;
class content_statistics;

struct store_options {
  /// The clock for every timestamp a repository writes (UTC milliseconds).
  std::function<unix_millis()> clock = now_millis;
  /// New primary keys.
  std::function<std::string()> new_id{};  // empty: random UUIDs
  /// Apply the bundled CMS migrations on open (the default); false expects an up-to-date schema.
  bool migrate = true;
  /// A read-through cache for the delivery reads (get_published, list_published): off unless
  /// given (query_cache.hpp, docs/operations.md "Query cache").
  std::optional<query_cache_options> cache{};
};

class store {
 public:
  explicit store(database& db, store_options options = {});

  [[nodiscard]] database& db() noexcept { return *db_; }
  [[nodiscard]] unix_millis now() const { return options_.clock(); }
  [[nodiscard]] std::string new_id() const;
  /// The delivery-read cache, or null when the store has none.
  [[nodiscard]] query_cache* cache() const noexcept { return cache_.get(); }

  // Repositories are light handles on the store; each is defined with its repository.
  [[nodiscard]] users_repository users();
  [[nodiscard]] collections_repository collections();
  [[nodiscard]] content_repository content();
  [[nodiscard]] version_repository versions();
  [[nodiscard]] autosave_repository autosaves();
  [[nodiscard]] permission_service permissions();
  [[nodiscard]] workflow_repository workflows();
  [[nodiscard]] schedule_repository schedules();
  [[nodiscard]] api_token_repository api_tokens();
  [[nodiscard]] log_repository logs();
  [[nodiscard]] media_repository media();
  [[nodiscard]] plugin_registry plugins();
  [[nodiscard]] comment_repository comments();
  [[nodiscard]] search_repository search();
  [[nodiscard]] content_statistics statistics();

 private:
  database* db_;
  store_options options_;
  std::shared_ptr<query_cache> cache_;  // shared: copies of a store share one cache
};

}  // namespace vellum::cms
