// `content_repository`: content items (CR-1…CR-18). Every mutation runs in one transaction
// (GX-1), takes the acting `actor` (GX-4) and an optional expected revision (GX-3), stamps the
// store's clock (GX-2), bumps `revision` and appends an audit event (GX-7); every change of
// title, slug, data or meta appends a version (VR-4). docs/repositories.md has the details.
//
//   auto post = store.content().create(who, {.collection_id = blog, .title = "Hello", .data = {{"body", "…"}}});
//   post = store.content().patch(who, post.id, {{"body", "edited"}}, post.revision);
//   store.content().publish(who, post.id);
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/cms/actor.hpp"
#include "vellum/cms/schema/content.hpp"
#include "vellum/core/time.hpp"

namespace vellum {
class connection;
}

namespace vellum::cms {

template <class Conn>
class basic_store;

/// An item's SEO fields, which versions snapshot as their `meta` object (VR-3): the members
/// `meta_title`, `meta_description` and `featured_image_id`, each present only when set.
struct content_meta {
  std::optional<std::string> meta_title{};
  std::optional<std::string> meta_description{};
  std::optional<std::string> featured_image_id{};  // a media id
  bool operator==(const content_meta&) const = default;

  [[nodiscard]] nlohmann::json to_json() const;
  /// Reads the members above from a version's meta object; other members are ignored.
  [[nodiscard]] static content_meta from_json(const nlohmann::json& meta);
  [[nodiscard]] static content_meta of(const content& item);
};

/// What create() needs. `data` must be a JSON object; `slug` defaults to slugify(title).
struct content_input {
  std::string collection_id{};
  std::string title{};
  nlohmann::json data = nlohmann::json::object();
  std::optional<std::string> slug{};
  bool auto_suffix = false;  // a taken slug becomes `slug-2`, `slug-3`… instead of conflict{slug}
  std::string locale = "en";
  std::optional<std::string> translation_group{};
  content_meta meta{};
  std::optional<std::string> author_id{};  // default: the actor's user (required for system actors)
  std::optional<std::string> draft_key{};  // the creator's autosave under this key is discarded (VR-14)
};

/// What update() changes; an absent member keeps its value. `data` replaces the data whole (CR-5).
struct content_changes {
  std::optional<nlohmann::json> data{};
  std::optional<std::string> title{};
  std::optional<std::string> slug{};
  bool auto_suffix = false;
  std::optional<content_meta> meta{};
};

/// Filters and position of a list() page (CR-12). Absent filters match everything.
struct content_query {
  std::optional<std::string> collection_id{};
  std::optional<content_status> status{};
  std::optional<std::string> author_id{};
  std::optional<std::string> locale{};
  std::optional<std::string> text{};  // a substring of the title or the data's JSON text
  enum class deleted_filter { exclude, include, only } deleted = deleted_filter::exclude;
  std::int64_t limit = 20;            // 1…500
  std::optional<std::string> cursor{};  // next_cursor of the previous page
};

/// A page of a collection's published items (list_published), newest publication first.
struct published_query {
  std::string collection_id{};
  std::int64_t limit = 20;              // 1…500
  std::optional<std::string> cursor{};  // next_cursor of the previous page
};

struct content_page {
  std::vector<content> items{};
  std::optional<std::string> next_cursor{};  // absent on the last page
};

template <class Conn>
class basic_content_repository {
 public:
  explicit basic_content_repository(basic_store<Conn>& s) noexcept : store_(&s) {}

  // --- reads ---------------------------------------------------------------------------------
  /// The item with its head data (CR-11). Deleted items are not_found unless asked for.
  [[nodiscard]] content get(std::string_view id, bool include_deleted = false) const;
  [[nodiscard]] std::optional<content> find(std::string_view id, bool include_deleted = false) const;
  /// The item as published: title, slug, data and meta of the published version (CR-7, CR-11).
  /// not_found when unpublished, deleted, archived, in an inactive collection, or outside
  /// [publish_from, publish_until) at the store's now().
  [[nodiscard]] content get_published(std::string_view id) const;
  /// A collection's items as delivered, each as get_published returns it and under the same
  /// rules (CR-11): keyset pages on (published_at DESC, id DESC), two queries per page. An
  /// inactive collection delivers nothing; an unknown one is not_found.
  [[nodiscard]] content_page list_published(const published_query& query) const;
  /// One page, newest change first (keyset on updated_at DESC, id DESC; one query per page).
  [[nodiscard]] content_page list(const content_query& query = {}) const;

  // --- mutations -------------------------------------------------------------------------------
  content create(const actor& who, const content_input& input);
  content update(const actor& who, std::string_view id, const content_changes& changes,
                 std::optional<std::int64_t> expected_revision = std::nullopt);
  /// Applies an RFC 7396 merge patch to the data (CR-5).
  content patch(const actor& who, std::string_view id, const nlohmann::json& merge_patch,
                std::optional<std::int64_t> expected_revision = std::nullopt);
  /// Publishes `version` (default: the head) after validating it (CR-8, CR-9).
  content publish(const actor& who, std::string_view id, std::optional<std::int64_t> version = std::nullopt,
                  std::optional<std::int64_t> expected_revision = std::nullopt);
  content unpublish(const actor& who, std::string_view id,
                    std::optional<std::int64_t> expected_revision = std::nullopt);
  content archive(const actor& who, std::string_view id, std::optional<std::int64_t> expected_revision = std::nullopt);
  content unarchive(const actor& who, std::string_view id,
                    std::optional<std::int64_t> expected_revision = std::nullopt);
  /// Sets the window [from, until) in which get_published returns the item (CR-11).
  content set_publish_window(const actor& who, std::string_view id, std::optional<unix_millis> from,
                             std::optional<unix_millis> until,
                             std::optional<std::int64_t> expected_revision = std::nullopt);
  content soft_delete(const actor& who, std::string_view id,
                      std::optional<std::int64_t> expected_revision = std::nullopt);
  content restore_from_trash(const actor& who, std::string_view id,
                             std::optional<std::int64_t> expected_revision = std::nullopt);
  /// Removes a soft-deleted item (any item with `force`) and everything that hangs off it (CR-16).
  void purge(const actor& who, std::string_view id, bool force = false,
             std::optional<std::int64_t> expected_revision = std::nullopt);
  /// A new draft whose version 1 equals the source's head, slug `<slug>-copy` (suffixed) (CR-17).
  content duplicate(const actor& who, std::string_view id);
  /// Deletes a collection: conflict{"items"} while it has items (deleted ones too), unless
  /// `cascade`, which purges them first (CR-18). Returns the number of items purged.
  std::int64_t remove_collection(const actor& who, std::string_view collection_id, bool cascade = false);

 private:
  basic_store<Conn>* store_;
};

extern template class basic_content_repository<connection>;
using content_repository = basic_content_repository<connection>;

/// Parses JSON text for `data`; invalid text or a non-object → validation_error{"data"}.
[[nodiscard]] nlohmann::json parse_content_data(std::string_view text);

}  // namespace vellum::cms
