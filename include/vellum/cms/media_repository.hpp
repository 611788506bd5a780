// `media_repository`: metadata of uploaded files (the `media` table). vellum stores metadata
// only: the bytes live wherever the host puts them, under `storage_key` (column `r2_key`,
// UNIQUE). Every mutation checks the actor's media.* permission, runs in one transaction (GX-1)
// and appends an audit event (GX-7); media are soft-deleted, restored, and purged for good once
// they have been in the trash long enough. docs/repositories.md, "Media", has the details.
//
//   auto m = store.media().register_upload(who, {.filename = "a1b2.jpg", .original_name = "Cat.jpg",
//                                                 .mime_type = "image/jpeg", .size = 48213,
//                                                 .storage_key = "uploads/a1b2.jpg", .public_url = url});
//   auto images = store.media().list({.mime_prefix = "image/", .tag = "cats"});
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/cms/actor.hpp"
#include "vellum/cms/schema/media.hpp"

namespace vellum {
class connection;
}

namespace vellum::cms {

template <class Conn>
class basic_store;

inline constexpr std::size_t max_media_name_length = 255;      // filename, original_name
inline constexpr std::size_t max_media_folder_length = 255;
inline constexpr std::size_t max_storage_key_length = 1024;
inline constexpr std::size_t max_media_url_length = 2048;      // public_url, thumbnail_url
inline constexpr std::size_t max_media_alt_length = 1000;
inline constexpr std::size_t max_media_caption_length = 5000;
inline constexpr std::size_t max_media_tags = 50;
inline constexpr std::size_t max_media_tag_length = 50;

/// What register_upload() needs. Text members are checked as docs/repositories.md ("Media")
/// lists; an empty optional text is stored as NULL.
struct new_media {
  std::string filename{};       // the stored file's name
  std::string original_name{};  // the name the uploader's file had
  std::string mime_type{};      // `type/subtype`, stored lower-cased
  std::int64_t size = 0;        // bytes, ≥ 0
  std::optional<std::int64_t> width{};   // pixels, > 0
  std::optional<std::int64_t> height{};  // pixels, > 0
  std::string folder = "uploads";        // segments of [A-Za-z0-9._-] separated by '/'
  std::string storage_key{};             // where the host keeps the bytes; unique
  std::string public_url{};
  std::optional<std::string> thumbnail_url{};
  std::optional<std::string> alt{};
  std::optional<std::string> caption{};
  nlohmann::json tags = nlohmann::json::array();  // an array of strings; stored sorted, once each
  std::optional<std::string> uploaded_by{};       // default: the actor's user (required for system actors)
};

/// What update_metadata() changes. An absent member keeps its value; an empty string clears a
/// nullable one (thumbnail_url, alt, caption).
struct media_changes {
  std::optional<std::string> filename{};
  std::optional<std::string> folder{};
  std::optional<std::string> thumbnail_url{};
  std::optional<std::string> alt{};
  std::optional<std::string> caption{};
  std::optional<nlohmann::json> tags{};
};

/// Filters and position of a list() page. Absent filters match everything.
struct media_query {
  std::optional<std::string> folder{};
  std::optional<std::string> mime_prefix{};  // "image/", or a whole type "image/png"
  std::optional<std::string> uploaded_by{};
  std::optional<std::string> tag{};          // media whose tags hold this tag
  enum class deleted_filter { exclude, include, only } deleted = deleted_filter::exclude;
  std::int64_t limit = 20;                   // 1…500
  std::optional<std::string> cursor{};       // next_cursor of the previous page
};

struct media_page {
  std::vector<media> items{};
  std::optional<std::string> next_cursor{};  // absent on the last page
};

/// Non-deleted media: how many, and their bytes in all.
struct media_totals {
  std::int64_t count = 0;
  std::int64_t total_size = 0;
};

/// Non-deleted media of one folder or one type (the MIME type's part before '/': "image").
struct media_group_totals {
  std::string group{};
  std::int64_t count = 0;
  std::int64_t total_size = 0;
  bool operator==(const media_group_totals&) const = default;
};

/// What purge_deleted() removed: the rows' ids and storage keys, so the host can delete the bytes.
struct purged_media {
  std::string id{};
  std::string storage_key{};
  bool operator==(const purged_media&) const = default;
};

template <class Conn>
class basic_media_repository {
 public:
  explicit basic_media_repository(basic_store<Conn>& s) noexcept : store_(&s) {}

  // --- reads (one statement each) ---------------------------------------------------------------
  /// The medium, or not_found; a soft-deleted one only with `include_deleted`.
  [[nodiscard]] media get(std::string_view id, bool include_deleted = false) const;
  /// One page, newest upload first (keyset on uploaded_at DESC, id DESC; one query per page).
  [[nodiscard]] media_page list(const media_query& query = {}) const;
  [[nodiscard]] media_totals totals() const;
  /// Per folder, by folder name.
  [[nodiscard]] std::vector<media_group_totals> totals_by_folder() const;
  /// Per type ("application", "image", "video"…), by type name.
  [[nodiscard]] std::vector<media_group_totals> totals_by_type() const;

  // --- mutations (each one transaction with an audit event) ------------------------------------
  /// Registers an upload's metadata; needs media.create. validation_error (every bad field at
  /// once), conflict{"storage_key"}, forbidden.
  media register_upload(const actor& who, const new_media& input);
  /// Needs media.update; a change that alters nothing writes nothing (no audit event either).
  /// not_found (also when soft-deleted), validation_error, forbidden.
  media update_metadata(const actor& who, std::string_view id, const media_changes& changes);
  /// Sets deleted_at; needs media.delete. not_found, invalid_state when already deleted.
  media soft_delete(const actor& who, std::string_view id);
  /// Clears deleted_at; needs media.delete. not_found (never existed, or purged: the message
  /// says which), invalid_state when not deleted.
  media restore(const actor& who, std::string_view id);
  /// Removes the media soft-deleted at least `age` ago (0: every soft-deleted one); needs
  /// media.delete. Each leaves a `media.purge` audit event with its storage key. validation_error
  /// for a negative age.
  std::vector<purged_media> purge_deleted(const actor& who, std::chrono::days age);

 private:
  basic_store<Conn>* store_;
};

extern template class basic_media_repository<connection>;
using media_repository = basic_media_repository<connection>;

/// The stored form of a MIME type (trimmed, ASCII lower case) and whether it is valid: RFC 6838
/// `type/subtype`, each 1–127 of [a-z0-9!#$&^_.+-] starting with a letter or digit; parameters
/// (`; charset=…`) are not part of it.
[[nodiscard]] std::string normalize_mime_type(std::string_view mime_type);
[[nodiscard]] bool is_valid_mime_type(std::string_view normalized) noexcept;

}  // namespace vellum::cms
