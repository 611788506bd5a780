// The write path content, versions and autosaves share: loading an item for a mutation (GX-3),
// input checks, saving a new version (CR-5…CR-8, VR-1, VR-2, VR-10…VR-12, VR-14), slug choice
// (CR-3, CR-4) and the workflow entry of a new item (CR-1). Private to the library.
// The functions taking a store are templates over its connection, defined in
// content_writes_impl.hpp; the rest are in content_writes.cpp.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "repository_checks.hpp"
#include "utf8.hpp"
#include "vellum/cms/actor.hpp"
#include "vellum/cms/content_repository.hpp"
#include "vellum/cms/schema/collections.hpp"
#include "vellum/cms/schema/content.hpp"
#include "vellum/core/error.hpp"
#include "vellum/core/time.hpp"

namespace vellum::cms {
template <class Conn>
class basic_store;
}

namespace vellum::cms::internal {

inline constexpr std::size_t max_title_length = 1000;             // characters
inline constexpr std::size_t max_meta_description_length = 5000;  // characters
inline constexpr std::int64_t max_page_size = 500;
/// Content data (and a merge patch) nested deeper than this is refused before anything walks it
/// recursively (canonical JSON, merge patch, diff): 100000 levels overflowed the stack.
inline constexpr std::size_t max_data_depth = 100;

/// Whether `value` nests arrays and objects more than `max_depth` levels; iterative, so any depth is safe.
[[nodiscard]] bool nested_deeper_than(const nlohmann::json& value, std::size_t max_depth);

/// The item, or not_found; a soft-deleted item only with `include_deleted`.
template <class Conn>
[[nodiscard]] content load_item(basic_store<Conn>& s, std::string_view id, bool include_deleted);
/// Runs one of cms_backend's lock statements (`lock_content_row`, …) with `key`, inside the
/// caller's write transaction; an empty statement (SQLite: the write lock covers it) runs nothing.
template <class Conn>
void lock_for_write(basic_store<Conn>& s, std::string_view lock_statement, std::string_view key);
/// load_item for a mutation: on PostgreSQL the row stays locked until the transaction ends.
template <class Conn>
[[nodiscard]] content load_item_for_write(basic_store<Conn>& s, std::string_view id, bool include_deleted);
/// The item a mutation changes, locked as load_item_for_write does: not deleted (not_found), at `expected_revision` if given
/// (conflict{"revision"}).
template <class Conn>
[[nodiscard]] content load_for_write(basic_store<Conn>& s, std::string_view id,
                                     std::optional<std::int64_t> expected_revision);
void check_revision(const content& item, std::optional<std::int64_t> expected_revision);
/// invalid_state when the item is archived (read-only until unarchive, CR-13).
void require_editable(const content& item, std::string_view operation);
template <class Conn>
[[nodiscard]] collection load_collection(basic_store<Conn>& s, std::string_view id);
/// The version, or not_found (never existed, or pruned).
template <class Conn>
[[nodiscard]] content_version load_version(basic_store<Conn>& s, std::string_view content_id, std::int64_t number);

/// The user rows that need one (versions, history) are attributed to: the actor's user, else
/// `fallback` (the item's author, for system jobs). not_found when that user does not exist.
template <class Conn>
[[nodiscard]] std::string responsible_user(basic_store<Conn>& s, const actor& who, const std::string& fallback);

/// Input checks; each adds its messages to `errors` under the field's name.
void check_title(const std::string& title, validation_error::field_errors& errors);
void check_data(const nlohmann::json& data, validation_error::field_errors& errors);
template <class Conn>
void check_meta(basic_store<Conn>& s, const content_meta& meta, validation_error::field_errors& errors);
void check_locale(const std::string& locale, validation_error::field_errors& errors);
/// validate_content_data's errors when the collection validates drafts (schema member
/// `"validateDrafts": true`, CR-8), or always when `always`.
void validate_against_schema(const collection& c, const nlohmann::json& data, bool always,
                             validation_error::field_errors& errors);

/// `base` if free in (collection, locale) among non-deleted items other than `except_id`,
/// else the first free `base-2`, `base-3`… (CR-3 auto_suffix).
template <class Conn>
[[nodiscard]] std::string free_slug(basic_store<Conn>& s, const std::string& collection_id, const std::string& locale,
                                    const std::string& base, std::string_view except_id);
/// Turns the slug index's unique violation into conflict{"slug"}; rethrows anything else.
[[noreturn]] void rethrow_write_error(const constraint_error& e, std::string_view slug);

/// What a version snapshots besides its bookkeeping (VR-3).
struct snapshot {
  std::string title;
  std::string slug;
  nlohmann::json data;
  content_meta meta;
};
[[nodiscard]] snapshot snapshot_of(const content& item);
[[nodiscard]] bool same_snapshot(const snapshot& a, const snapshot& b);  // canonically (GX-6)

/// Saves `next` as version head+1 of `item`, which the caller loaded for write in the current
/// transaction, and returns the item after. When `next` equals the head canonically the save is
/// a no-op (CR-6): no version, no revision, updated_at untouched; only the saver's autosave goes.
template <class Conn>
[[nodiscard]] content save_version(basic_store<Conn>& s, const actor& who, const content& item, snapshot next,
                                   version_kind kind, std::optional<std::int64_t> source_version, bool auto_suffix,
                                   std::string_view audit_action, unix_millis now);

/// Deletes the oldest versions beyond the collection's max_versions that are not protected
/// (head, published, pinned, a pending schedule's or the approval's version) (VR-10…VR-12).
template <class Conn>
void prune_versions(basic_store<Conn>& s, const content& item, std::int64_t max_versions);

/// Deletes `user_id`'s autosave of the item; true when there was one (VR-14).
template <class Conn>
bool delete_autosave(basic_store<Conn>& s, const std::string& content_id, const std::string& user_id);

/// Inserts a new item with version 1, its workflow entry (state + history `enter`) and an audit
/// event (CR-1, CR-17). `item` is complete but for its bookkeeping columns.
template <class Conn>
[[nodiscard]] content insert_item(basic_store<Conn>& s, const actor& who, const collection& c, content item,
                                  version_kind kind, bool auto_suffix, std::string_view audit_action,
                                  nlohmann::json audit_data, unix_millis now);

/// Removes everything that hangs off the given items, then the items, leaving a data-free
/// audit tombstone for each (CR-16).
template <class Conn>
void purge_items(basic_store<Conn>& s, const actor& who, const std::vector<std::string>& ids);

}  // namespace vellum::cms::internal
