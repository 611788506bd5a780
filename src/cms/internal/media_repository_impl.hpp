// The members of basic_media_repository<Conn>, a template over the connection: instantiated for SQLite in
// src/cms/media_repository.cpp and for PostgreSQL in src/cms/pg_media_repository.cpp.
#pragma once

#include "vellum/cms/media_repository.hpp"

#include <algorithm>
#include <utility>

#include "cms_backend.hpp"
#include "content_writes_impl.hpp"
#include "list_cursor.hpp"
#include "repository_checks.hpp"
#include "unique_conflict.hpp"
#include "vellum/cms/audit_log.hpp"
#include "vellum/cms/permission_service.hpp"
#include "vellum/cms/schema/audit_events.hpp"
#include "vellum/cms/schema/users.hpp"
#include "vellum/cms/store.hpp"

namespace vellum::cms {

template <class Conn>
basic_media_repository<Conn> basic_store<Conn>::media() { return basic_media_repository<Conn>(*this); }

namespace {

using field_errors = validation_error::field_errors;
using internal::check_text;
using internal::text_rule;

constexpr std::string_view upload_permission = "media.create";
constexpr std::string_view edit_permission = "media.update";
constexpr std::string_view delete_permission = "media.delete";

// --- input checks -------------------------------------------------------------------------------

/// Segments of [A-Za-z0-9._-] separated by single '/', none of them "." or "..": a folder name
/// a host can map onto a path or an object-store prefix without escaping.
void check_folder(const std::string& folder, field_errors& errors) {
  bool ok = !folder.empty() && folder.size() <= max_media_folder_length;
  std::string_view rest = folder;
  while (ok) {
    const auto slash = rest.find('/');
    const auto segment = rest.substr(0, slash);
    ok = !segment.empty() && segment != "." && segment != ".." &&
         std::all_of(segment.begin(), segment.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                  c == '-';
         });
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (!ok)
    errors["folder"].push_back("must be at most " + std::to_string(max_media_folder_length) +
                               " characters: names of letters, digits, '.', '_' and '-' separated by '/'");
}

/// A file name: no path separator and no control character (it ends up in download headers).
void check_file_name(const std::string& name, const char* field, field_errors& errors) {
  check_text(name, field, max_media_name_length, text_rule::required, errors);
  if (std::any_of(name.begin(), name.end(),
                  [](char c) { return c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
    errors[field].push_back("must not contain '/', '\\' or control characters");
}

void check_optional(const std::optional<std::string>& value, const char* field, std::size_t max, field_errors& errors) {
  if (value) check_text(*value, field, max, text_rule::optional, errors);
}

/// The stored tags (sorted, once each), or null after adding the errors.
nlohmann::json checked_tags(const nlohmann::json& tags, field_errors& errors) {
  return internal::text_set(tags, "tags", max_media_tags, max_media_tag_length, errors);
}

nlohmann::json or_null(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

// --- reads and writes ---------------------------------------------------------------------------

template <class Conn>
media load_medium(basic_store<Conn>& s, std::string_view id, bool include_deleted) {
  auto row = s.db().template select<media>().where(col<&media::id> == id).one();
  if (!row || (row->deleted_at && !include_deleted)) throw not_found("medium '" + std::string(id) + "' not found");
  return std::move(*row);
}

template <class Conn>
void write_state(basic_store<Conn>& s, const media& m) {
  s.db()
      .template update<media>()
      .set(col<&media::filename> = m.filename, col<&media::folder> = m.folder,
           col<&media::thumbnail_url> = m.thumbnail_url, col<&media::alt> = m.alt, col<&media::caption> = m.caption,
           col<&media::tags> = m.tags, col<&media::updated_at> = m.updated_at, col<&media::deleted_at> = m.deleted_at)
      .where(col<&media::id> == m.id)
      .run();
}

std::vector<media_group_totals> to_group_totals(
    std::vector<std::tuple<std::string, std::int64_t, std::optional<std::int64_t>>> rows) {
  std::vector<media_group_totals> out;
  out.reserve(rows.size());
  for (auto& [group, count, size] : rows) out.push_back({std::move(group), count, size.value_or(0)});
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Reads

template <class Conn>
media basic_media_repository<Conn>::get(std::string_view id, bool include_deleted) const {
  return load_medium(*store_, id, include_deleted);
}

template <class Conn>
media_page basic_media_repository<Conn>::list(const media_query& q) const {
  if (q.limit < 1 || q.limit > internal::max_page_size)
    throw validation_error("list media: limit out of range",
                           {{"limit", {"must be between 1 and " + std::to_string(internal::max_page_size)}}});
  const auto after = q.cursor ? std::optional(internal::decode_cursor(*q.cursor, "list media")) : std::nullopt;
  const unix_millis cursor_time = after ? after->time : unix_millis{};
  const std::string cursor_id = after ? after->id : std::string();
  const std::string prefix = q.mime_prefix ? internal::ascii_lower(*q.mime_prefix) : std::string();
  using deleted = media_query::deleted_filter;

  // One statement per page: every filter is a dynamic() condition of the same query; the keyset
  // condition seeks idx_media_uploaded_at instead of skipping rows.
  auto rows =
      store_->db()
          .template select<media>()
          .where(dynamic(q.folder.has_value(), col<&media::folder> == q.folder.value_or("")) &&
                 // A prefix compared as text: no LIKE, so '_' and '%' in it mean themselves.
                 dynamic(q.mime_prefix.has_value(),
                         raw<bool, internal::cms_backend<Conn>::media_mime_prefix>(prefix, prefix)) &&
                 dynamic(q.uploaded_by.has_value(), col<&media::uploaded_by> == q.uploaded_by.value_or("")) &&
                 dynamic(q.tag.has_value(),
                         raw<bool, internal::cms_backend<Conn>::media_has_tag>(
                             q.tag.value_or(""))) &&
                 dynamic(q.deleted == deleted::exclude, is_null(col<&media::deleted_at>)) &&
                 dynamic(q.deleted == deleted::only, is_not_null(col<&media::deleted_at>)) &&
                 dynamic(after.has_value(),
                         col<&media::uploaded_at> <= cursor_time &&
                             (col<&media::uploaded_at> < cursor_time || col<&media::id> < cursor_id)))
          .order_by(desc(col<&media::uploaded_at>), desc(col<&media::id>))
          .limit(q.limit + 1)
          .all();
  media_page page;
  if (static_cast<std::int64_t>(rows.size()) > q.limit) {
    rows.pop_back();
    page.next_cursor = internal::encode_cursor(rows.back().uploaded_at, rows.back().id);
  }
  page.items = std::move(rows);
  return page;
}

template <class Conn>
media_totals basic_media_repository<Conn>::totals() const {
  const auto row = store_->db()
                       .select(vellum::count(), vellum::sum(col<&media::size>))
                       .template from<media>()
                       .where(is_null(col<&media::deleted_at>))
                       .one();
  if (!row) return {};
  return {std::get<0>(*row), std::get<1>(*row).value_or(0)};
}

template <class Conn>
std::vector<media_group_totals> basic_media_repository<Conn>::totals_by_folder() const {
  return to_group_totals(store_->db()
                             .select(col<&media::folder>, vellum::count(), vellum::sum(col<&media::size>))
                             .template from<media>()
                             .where(is_null(col<&media::deleted_at>))
                             .group_by(col<&media::folder>)
                             .order_by(col<&media::folder>)
                             .all());
}

template <class Conn>
std::vector<media_group_totals> basic_media_repository<Conn>::totals_by_type() const {
  // The top-level type: what register_upload stores always has exactly one '/'.
  constexpr auto type = raw<std::string, internal::cms_backend<Conn>::media_top_type>();
  return to_group_totals(store_->db()
                             .select(type, vellum::count(), vellum::sum(col<&media::size>))
                             .template from<media>()
                             .where(is_null(col<&media::deleted_at>))
                             .group_by(type)
                             .order_by(type)
                             .all());
}

// ---------------------------------------------------------------------------------------------
// Mutations

template <class Conn>
media basic_media_repository<Conn>::register_upload(const actor& who, const new_media& in) {
  auto& s = *store_;
  internal::require_valid_actor(who, "register upload");

  // The storage key is unique by index: of two racing registrations one gets conflict.
  return internal::write_unique(s, "media", "storage_key", "register upload: another medium has this storage key", [&] {
    s.permissions().require(who, upload_permission);
    field_errors errors;
    media m;
    m.mime_type = normalize_mime_type(in.mime_type);
    if (!is_valid_mime_type(m.mime_type)) errors["mime_type"].push_back("must be a MIME type such as image/png");
    check_file_name(in.filename, "filename", errors);
    check_file_name(in.original_name, "original_name", errors);
    if (in.size < 0) errors["size"].push_back("must not be negative");
    if (in.width && *in.width <= 0) errors["width"].push_back("must be positive");
    if (in.height && *in.height <= 0) errors["height"].push_back("must be positive");
    check_folder(in.folder, errors);
    check_text(in.storage_key, "storage_key", max_storage_key_length, text_rule::required, errors);
    check_text(in.public_url, "public_url", max_media_url_length, text_rule::required, errors);
    check_optional(in.thumbnail_url, "thumbnail_url", max_media_url_length, errors);
    check_optional(in.alt, "alt", max_media_alt_length, errors);
    check_optional(in.caption, "caption", max_media_caption_length, errors);
    m.tags = checked_tags(in.tags, errors);
    m.uploaded_by = in.uploaded_by.value_or(who.user_id);
    if (m.uploaded_by.empty()) errors["uploaded_by"].push_back("required when the actor is a system job");
    internal::throw_if_any(errors, "register upload");
    if (!s.db().select(col<&user::id>).template from<user>().where(col<&user::id> == m.uploaded_by).one())
      throw not_found("register upload: uploader '" + m.uploaded_by + "' not found");

    m.id = s.new_id();
    m.filename = in.filename;
    m.original_name = in.original_name;
    m.size = in.size;
    m.width = in.width;
    m.height = in.height;
    m.folder = in.folder;
    m.r2_key = in.storage_key;
    m.public_url = in.public_url;
    m.thumbnail_url = internal::null_if_empty(in.thumbnail_url);
    m.alt = internal::null_if_empty(in.alt);
    m.caption = internal::null_if_empty(in.caption);
    m.uploaded_at = m.updated_at = s.now();
    s.db().insert(m);
    append_audit(s, who, "media.register", "media", m.id,
                 nlohmann::json{{"filename", m.filename}, {"mime_type", m.mime_type}, {"size", m.size},
                                {"folder", m.folder}, {"uploaded_by", m.uploaded_by}});
    return m;
  });
}

template <class Conn>
media basic_media_repository<Conn>::update_metadata(const actor& who, std::string_view id,
                                                    const media_changes& changes) {
  auto& s = *store_;
  internal::require_valid_actor(who, "update media");

  return s.db().transaction([&] {
    s.permissions().require(who, edit_permission);
    const media before = load_medium(s, id, false);
    media after = before;
    field_errors errors;
    if (changes.filename) {
      check_file_name(*changes.filename, "filename", errors);
      after.filename = *changes.filename;
    }
    if (changes.folder) {
      check_folder(*changes.folder, errors);
      after.folder = *changes.folder;
    }
    check_optional(changes.thumbnail_url, "thumbnail_url", max_media_url_length, errors);
    check_optional(changes.alt, "alt", max_media_alt_length, errors);
    check_optional(changes.caption, "caption", max_media_caption_length, errors);
    if (changes.thumbnail_url) after.thumbnail_url = internal::null_if_empty(changes.thumbnail_url);
    if (changes.alt) after.alt = internal::null_if_empty(changes.alt);
    if (changes.caption) after.caption = internal::null_if_empty(changes.caption);
    if (changes.tags) after.tags = checked_tags(*changes.tags, errors);
    internal::throw_if_any(errors, "update media");

    // Only what changed goes to the audit event; nothing changed writes nothing.
    auto changed = nlohmann::json::object();
    const auto note = [&](const char* field, const nlohmann::json& old_value, const nlohmann::json& new_value) {
      if (old_value != new_value) changed[field] = nlohmann::json{{"from", old_value}, {"to", new_value}};
    };
    note("filename", before.filename, after.filename);
    note("folder", before.folder, after.folder);
    note("thumbnail_url", or_null(before.thumbnail_url), or_null(after.thumbnail_url));
    note("alt", or_null(before.alt), or_null(after.alt));
    note("caption", or_null(before.caption), or_null(after.caption));
    note("tags", before.tags, after.tags);
    if (changed.empty()) return before;

    after.updated_at = s.now();
    write_state(s, after);
    append_audit(s, who, "media.update", "media", after.id, std::move(changed));
    return after;
  });
}

template <class Conn>
media basic_media_repository<Conn>::soft_delete(const actor& who, std::string_view id) {
  auto& s = *store_;
  internal::require_valid_actor(who, "delete media");
  return s.db().transaction([&] {
    s.permissions().require(who, delete_permission);
    media m = load_medium(s, id, true);
    if (m.deleted_at) throw invalid_state("delete media: medium '" + m.id + "' is already deleted");
    m.deleted_at = m.updated_at = s.now();
    write_state(s, m);
    append_audit(s, who, "media.delete", "media", m.id);
    return m;
  });
}

template <class Conn>
media basic_media_repository<Conn>::restore(const actor& who, std::string_view id) {
  auto& s = *store_;
  internal::require_valid_actor(who, "restore media");
  return s.db().transaction([&] {
    s.permissions().require(who, delete_permission);
    auto found = s.db().template select<media>().where(col<&media::id> == id).one();
    if (!found) {
      // A purged medium left its tombstone in the audit log: say so, since its bytes are gone too.
      const bool purged = s.db()
                              .select(col<&audit_event::id>)
                              .template from<audit_event>()
                              .where(col<&audit_event::entity_type> == "media" && col<&audit_event::entity_id> == id &&
                                     col<&audit_event::action> == "media.purge")
                              .limit(1)
                              .one()
                              .has_value();
      throw not_found("restore media: medium '" + std::string(id) + "' " +
                      (purged ? "was purged and cannot be restored" : "not found"));
    }
    media m = std::move(*found);
    if (!m.deleted_at) throw invalid_state("restore media: medium '" + m.id + "' is not deleted");
    m.deleted_at.reset();
    m.updated_at = s.now();
    write_state(s, m);
    append_audit(s, who, "media.restore", "media", m.id);
    return m;
  });
}

template <class Conn>
std::vector<purged_media> basic_media_repository<Conn>::purge_deleted(const actor& who, std::chrono::days age) {
  auto& s = *store_;
  field_errors errors;
  internal::check_actor(who, errors);
  if (age.count() < 0) errors["age"].push_back("must not be negative");
  internal::throw_if_any(errors, "purge media");
  return s.db().transaction([&] {
    s.permissions().require(who, delete_permission);
    const unix_millis cutoff = s.now() - age;
    // One DELETE; content rows naming a purged medium as featured image get NULL (the foreign
    // key's ON DELETE SET NULL).
    auto rows = s.db()
                    .template delete_from<media>()
                    .where(is_not_null(col<&media::deleted_at>) && col<&media::deleted_at> <= cutoff)
                    .returning(col<&media::id>, col<&media::r2_key>)
                    .all();
    std::vector<purged_media> purged;
    purged.reserve(rows.size());
    for (auto& [id, key] : rows) purged.push_back({std::move(id), std::move(key)});
    std::sort(purged.begin(), purged.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    for (const auto& p : purged)
      append_audit(s, who, "media.purge", "media", p.id, nlohmann::json{{"storage_key", p.storage_key}});
    return purged;
  });
}

}  // namespace vellum::cms
