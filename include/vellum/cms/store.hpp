// `cms::store`: the CMS data layer over one database. Opening it upgrades the schema (runs the
// bundled migrations); it carries the injectable clock and id generator every repository uses
// (GX-2), and hands out repositories, which are light handles on the store.
//
//   vellum::database db{"cms.db"};
//   vellum::cms::store store{db};
//   auto post = store.content().create(cms::actor::user(uid), {.collection_id = blog, .title = "Hello"});
//
// `basic_store<Conn>` and every repository are templates over the connection: `store` is the
// SQLite one (compiled into vellum), `pg_store` (cms/pg_store.hpp) the PostgreSQL one (compiled
// into vellum::postgres). Both have the same API.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "vellum/cms/query_cache.hpp"
#include "vellum/core/time.hpp"
#include "vellum/database.hpp"

namespace vellum::cms {

template <class Conn> class basic_users_repository;
template <class Conn> class basic_collections_repository;
template <class Conn> class basic_content_repository;
template <class Conn> class basic_version_repository;
template <class Conn> class basic_autosave_repository;
template <class Conn> class basic_permission_service;
template <class Conn> class basic_workflow_repository;
template <class Conn> class basic_schedule_repository;
template <class Conn> class basic_api_token_repository;
template <class Conn> class basic_log_repository;
template <class Conn> class basic_media_repository;
template <class Conn> class basic_plugin_registry;
template <class Conn> class basic_comment_repository;
template <class Conn> class basic_search_repository;
template <class Conn> class basic_content_statistics;

struct store_options {
  /// The clock for every timestamp a repository writes (UTC milliseconds).
  std::function<unix_millis()> clock = now_millis;
  /// New primary keys.
  std::function<std::string()> new_id{};  // empty: random UUIDs
  /// Apply the bundled CMS migrations on open (the default); false expects an up-to-date schema.
  bool migrate = true;
  /// A read-through cache for the delivery reads (get_published, list_published): off unless
  /// given (query_cache.hpp, docs/operations.md "Query cache"). SQLite only: a PostgreSQL store
  /// refuses it (validation_error{"cache"}).
  std::optional<query_cache_options> cache{};
};

template <class Conn>
class basic_store {
 public:
  using connection_type = Conn;
  using database_type = basic_database<Conn>;

  explicit basic_store(database_type& db, store_options options = {});

  [[nodiscard]] database_type& db() noexcept { return *db_; }
  [[nodiscard]] unix_millis now() const { return options_.clock(); }
  [[nodiscard]] std::string new_id() const;
  /// The delivery-read cache, or null when the store has none.
  [[nodiscard]] query_cache* cache() const noexcept { return cache_.get(); }

  // Repositories are light handles on the store; each is defined with its repository.
  [[nodiscard]] basic_users_repository<Conn> users();
  [[nodiscard]] basic_collections_repository<Conn> collections();
  [[nodiscard]] basic_content_repository<Conn> content();
  [[nodiscard]] basic_version_repository<Conn> versions();
  [[nodiscard]] basic_autosave_repository<Conn> autosaves();
  [[nodiscard]] basic_permission_service<Conn> permissions();
  [[nodiscard]] basic_workflow_repository<Conn> workflows();
  [[nodiscard]] basic_schedule_repository<Conn> schedules();
  [[nodiscard]] basic_api_token_repository<Conn> api_tokens();
  [[nodiscard]] basic_log_repository<Conn> logs();
  [[nodiscard]] basic_media_repository<Conn> media();
  [[nodiscard]] basic_plugin_registry<Conn> plugins();
  [[nodiscard]] basic_comment_repository<Conn> comments();
  [[nodiscard]] basic_search_repository<Conn> search();
  [[nodiscard]] basic_content_statistics<Conn> statistics();

 private:
  database_type* db_;
  store_options options_;
  std::shared_ptr<query_cache> cache_;  // shared: copies of a store share one cache
};

extern template class basic_store<connection>;
using store = basic_store<connection>;

}  // namespace vellum::cms
