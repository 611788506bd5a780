// The members of basic_content_repository<Conn>, a template over the connection: instantiated for SQLite in
// src/cms/content_repository.cpp and for PostgreSQL in src/cms/pg_content_repository.cpp.
#pragma once

#include "vellum/cms/content_repository.hpp"

#include <array>
#include <memory>
#include <unordered_map>
#include <utility>

#include "cms_backend.hpp"
#include "content_writes_impl.hpp"
#include "list_cursor.hpp"
#include "vellum/cms/audit_log.hpp"
#include "vellum/cms/json_merge_patch.hpp"
#include "vellum/cms/query_cache.hpp"
#include "vellum/cms/schema/autosaves.hpp"
#include "vellum/cms/schema/scheduled_content.hpp"
#include "vellum/cms/schema/users.hpp"
#include "vellum/cms/slug.hpp"
#include "vellum/cms/store.hpp"

namespace vellum::cms {

template <class Conn>
basic_content_repository<Conn> basic_store<Conn>::content() { return basic_content_repository<Conn>(*this); }

// ---------------------------------------------------------------------------------------------
// content_meta

namespace {

using internal::load_for_write;

std::string escape_like(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

/// Writes the state columns of `after` (status, publication, archive, trash, window, revision,
/// updated_at) over `before`, guarded by before's revision.
template <class Conn>
void write_state(basic_store<Conn>& s, const content& before, const content& after) {
  try {
    const int changed = s.db()
                            .template update<content>()
                            .set(col<&content::status> = after.status,
                                 col<&content::published_version> = after.published_version,
                                 col<&content::published_at> = after.published_at,
                                 col<&content::first_published_at> = after.first_published_at,
                                 col<&content::archived_at> = after.archived_at,
                                 col<&content::deleted_at> = after.deleted_at,
                                 col<&content::publish_from> = after.publish_from,
                                 col<&content::publish_until> = after.publish_until,
                                 col<&content::revision> = after.revision,
                                 col<&content::updated_at> = after.updated_at)
                            .where(col<&content::id> == before.id && col<&content::revision> == before.revision)
                            .run();
    if (changed == 0) internal::check_revision(internal::load_item(s, before.id, true), before.revision);
  } catch (const constraint_error& e) {
    internal::rethrow_write_error(e, after.slug);
  }
}

void check_page_size(std::int64_t limit, std::string_view operation) {
  if (limit < 1 || limit > internal::max_page_size)
    throw validation_error(std::string(operation) + ": limit out of range",
                           {{"limit", {"must be between 1 and " + std::to_string(internal::max_page_size)}}});
}

/// Gives `item` the title, slug, data and meta of its published version (CR-7).
void deliver(content& item, std::string title, std::string slug, nlohmann::json data, const nlohmann::json& meta) {
  const content_meta m = content_meta::from_json(meta);
  item.title = std::move(title);
  item.slug = std::move(slug);
  item.data = std::move(data);
  item.meta_title = m.meta_title;
  item.meta_description = m.meta_description;
  item.featured_image_id = m.featured_image_id;
}

template <class Conn>
content read_published(basic_store<Conn>& s, std::string_view id, unix_millis now) {
  return internal::read_snapshot(s.db(),
      [&] {
        content item = internal::load_item(s, id, false);
        const auto unpublished = [&](const std::string& why) {
          return not_found("content item '" + item.id + "' has no published form: " + why);
        };
        if (!item.published_version || item.status == content_status::archived) throw unpublished("not published");
        if (!internal::load_collection(s, item.collection_id).is_active)
          throw unpublished("its collection is inactive");
        if (item.publish_from && now < *item.publish_from) throw unpublished("its publication window has not opened");
        if (item.publish_until && now >= *item.publish_until) throw unpublished("its publication window has closed");
        content_version v = internal::load_version(s, item.id, *item.published_version);
        deliver(item, std::move(v.title), std::move(v.slug), std::move(v.data), v.meta);
        return item;
      });
}

/// The rows a delivered item can be visible by at `now` (CR-11), in a collection.
auto delivered_in(const std::string& collection_id, unix_millis now) {
  return col<&content::collection_id> == collection_id && is_null(col<&content::deleted_at>) &&
         is_not_null(col<&content::published_version>) && col<&content::status> != content_status::archived &&
         (is_null(col<&content::publish_from>) || col<&content::publish_from> <= now) &&
         (is_null(col<&content::publish_until>) || col<&content::publish_until> > now);
}

template <class Conn>
content_page read_published_page(basic_store<Conn>& s, const published_query& q,
                                 const std::optional<internal::list_cursor>& after, unix_millis now) {
  const unix_millis cursor_time = after ? after->time : unix_millis{};
  const std::string cursor_id = after ? after->id : std::string();
  return internal::read_snapshot(s.db(),
      [&] {
        content_page page;
        if (!internal::load_collection(s, q.collection_id).is_active) return page;
        auto rows = s.db()
                        .template select<content>()
                        .where(delivered_in(q.collection_id, now) &&
                               dynamic(after.has_value(), col<&content::published_at> <= cursor_time &&
                                                              (col<&content::published_at> < cursor_time ||
                                                               col<&content::id> < cursor_id)))
                        .order_by(desc(col<&content::published_at>), desc(col<&content::id>))
                        .limit(q.limit + 1)
                        .all();
        if (static_cast<std::int64_t>(rows.size()) > q.limit) {
          rows.pop_back();
          page.next_cursor = internal::encode_cursor(rows.back().published_at.value_or(unix_millis{}), rows.back().id);
        }
        // The published versions of the whole page in one query (no query per item).
        std::vector<std::string> ids;
        std::unordered_map<std::string, std::size_t> position;
        for (std::size_t i = 0; i < rows.size(); ++i) {
          ids.push_back(rows[i].id);
          position.emplace(rows[i].id, i);
        }
        auto versions =
            s.db()
                .select(col<&content_version::content_id>, col<&content_version::title>, col<&content_version::slug>,
                        col<&content_version::data>, col<&content_version::meta>)
                .template from<content_version>()
                .template join<content>(col<&content::id> == col<&content_version::content_id> &&
                                        col<&content::published_version> == col<&content_version::version>)
                .where(in(col<&content::id>, ids))
                .all();
        std::vector<bool> delivered(rows.size(), false);
        for (auto& [content_id, title, slug, data, meta] : versions) {
          const std::size_t i = position.at(content_id);
          deliver(rows[i], std::move(title), std::move(slug), std::move(data), meta);
          delivered[i] = true;
        }
        // An item whose published version is gone has no published form, as in get_published.
        for (std::size_t i = 0; i < rows.size(); ++i)
          if (delivered[i]) page.items.push_back(std::move(rows[i]));
        return page;
      });
}

/// When the visible set of `collection_id` changes next by time alone: the earliest window
/// boundary after `now` among its published items (CR-11); a cached page lives no longer.
template <class Conn>
unix_millis next_window_boundary(basic_store<Conn>& s, const std::string& collection_id, unix_millis now) {
  const auto published = col<&content::collection_id> == collection_id && is_null(col<&content::deleted_at>) &&
                         is_not_null(col<&content::published_version>);
  const auto opens = s.db()
                         .select(min(col<&content::publish_from>))
                         .template from<content>()
                         .where(published && col<&content::publish_from> > now)
                         .one();
  const auto closes = s.db()
                          .select(min(col<&content::publish_until>))
                          .template from<content>()
                          .where(published && col<&content::publish_until> > now)
                          .one();
  unix_millis boundary = unix_millis::max();
  if (opens && *opens) boundary = std::min(boundary, **opens);
  if (closes && *closes) boundary = std::min(boundary, **closes);
  return boundary;
}

/// The tables a delivery read depends on: a write to any of them invalidates its cache entry.
constexpr std::array<std::string_view, 3> delivery_tables = {table_of<content>.name, table_of<content_version>.name,
                                                             table_of<collection>.name};

/// `read()` through the store's query cache, when it has one; `expiry(value)` bounds the entry.
template <class T, class Conn, class Read, class Expiry>
T read_through(basic_store<Conn>& s, std::string key, unix_millis now, Read&& read, Expiry&& expiry) {
  query_cache* cache = s.cache();
  if (cache == nullptr) return read();
  if (const auto hit = cache->find(key, delivery_tables, now))
    if (const T* value = std::get_if<T>(hit.get())) return *value;
  T fresh = read();
  cache->put(std::move(key), delivery_tables, std::make_shared<const query_cache::value>(fresh), now, expiry(fresh));
  return fresh;
}

content next_state(const content& item, unix_millis now) {
  content after = item;
  after.revision = item.revision + 1;
  after.updated_at = now;
  return after;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Reads

template <class Conn>
content basic_content_repository<Conn>::get(std::string_view id, bool include_deleted) const {
  return internal::load_item(*store_, id, include_deleted);
}

template <class Conn>
std::optional<content> basic_content_repository<Conn>::find(std::string_view id, bool include_deleted) const {
  auto item = store_->db().template select<content>().where(col<&content::id> == id).one();
  if (item && item->deleted_at && !include_deleted) return std::nullopt;
  return item;
}

template <class Conn>
content basic_content_repository<Conn>::get_published(std::string_view id) const {
  auto& s = *store_;
  const unix_millis now = s.now();
  return read_through<content>(
      s, "get_published\n" + std::string(id), now, [&] { return read_published(s, id, now); },
      [](const content& item) { return item.publish_until.value_or(unix_millis::max()); });
}

template <class Conn>
content_page basic_content_repository<Conn>::list_published(const published_query& q) const {
  check_page_size(q.limit, "list_published");
  const std::optional<internal::list_cursor> after =
      q.cursor ? std::optional(internal::decode_cursor(*q.cursor, "list_published")) : std::nullopt;
  auto& s = *store_;
  const unix_millis now = s.now();
  return read_through<content_page>(
      s, "list_published\n" + q.collection_id + "\n" + std::to_string(q.limit) + "\n" + q.cursor.value_or(""), now,
      [&] { return read_published_page(s, q, after, now); },
      [&](const content_page&) { return next_window_boundary(s, q.collection_id, now); });
}

template <class Conn>
content_page basic_content_repository<Conn>::list(const content_query& q) const {
  check_page_size(q.limit, "list");
  const std::optional<internal::list_cursor> after =
      q.cursor ? std::optional(internal::decode_cursor(*q.cursor, "list")) : std::nullopt;
  const unix_millis cursor_time = after ? after->time : unix_millis{};
  const std::string cursor_id = after ? after->id : std::string();
  const std::string pattern = q.text ? "%" + escape_like(*q.text) + "%" : std::string();
  using deleted = content_query::deleted_filter;

  // One statement per page: every filter is a dynamic() condition of the same query, and the
  // keyset condition seeks idx_content_(collection_)updated instead of skipping rows.
  auto rows =
      store_->db()
          .template select<content>()
          .where(dynamic(q.collection_id.has_value(), col<&content::collection_id> == q.collection_id.value_or("")) &&
                 dynamic(q.status.has_value(), col<&content::status> == q.status.value_or(content_status::draft)) &&
                 dynamic(q.author_id.has_value(), col<&content::author_id> == q.author_id.value_or("")) &&
                 dynamic(q.locale.has_value(), col<&content::locale> == q.locale.value_or("")) &&
                 // LIKE … ESCAPE, which like() cannot say: the text's own % and _ match literally.
                 dynamic(q.text.has_value(),
                         raw<bool, internal::cms_backend<Conn>::content_text_like>(pattern, pattern)) &&
                 dynamic(q.deleted == deleted::exclude, is_null(col<&content::deleted_at>)) &&
                 dynamic(q.deleted == deleted::only, is_not_null(col<&content::deleted_at>)) &&
                 dynamic(after.has_value(),
                         col<&content::updated_at> <= cursor_time &&
                             (col<&content::updated_at> < cursor_time || col<&content::id> < cursor_id)))
          .order_by(desc(col<&content::updated_at>), desc(col<&content::id>))
          .limit(q.limit + 1)
          .all();
  content_page page;
  if (static_cast<std::int64_t>(rows.size()) > q.limit) {
    rows.pop_back();
    page.next_cursor = internal::encode_cursor(rows.back().updated_at, rows.back().id);
  }
  page.items = std::move(rows);
  return page;
}

// ---------------------------------------------------------------------------------------------
// Mutations

template <class Conn>
content basic_content_repository<Conn>::create(const actor& who, const content_input& in) {
  auto& s = *store_;
  return s.db().transaction([&] {
    const collection c = internal::load_collection(s, in.collection_id);
    if (!c.is_active) throw invalid_state("create: collection '" + c.name + "' is not active");

    validation_error::field_errors errors;
    internal::check_title(in.title, errors);
    internal::check_data(in.data, errors);
    internal::check_meta(s, in.meta, errors);
    internal::check_locale(in.locale, errors);
    std::string slug;
    if (in.slug) {
      if (is_valid_slug(*in.slug)) slug = *in.slug;
      else errors["slug"].push_back("must be lower-case letters, digits and single dashes, at most 100 characters");
    } else if (!errors.contains("title")) {
      slug = slugify(in.title);
      if (slug.empty()) errors["slug"].push_back("cannot be derived from the title: give a slug");
    }
    if (!errors.contains("data")) internal::validate_against_schema(c, in.data, false, errors);
    const std::string author = in.author_id.value_or(who.user_id);
    if (author.empty()) errors["author_id"].push_back("required when the actor is a system job");
    internal::throw_if_any(errors, "create");
    if (!s.db().select(col<&user::id>).template from<user>().where(col<&user::id> == author).one())
      throw not_found("create: author '" + author + "' not found");

    const unix_millis now = s.now();
    content item;
    item.collection_id = c.id;
    item.slug = slug;
    item.title = in.title;
    item.data = in.data;
    item.author_id = author;
    item.locale = in.locale;
    item.translation_group = in.translation_group;
    item.meta_title = in.meta.meta_title;
    item.meta_description = in.meta.meta_description;
    item.featured_image_id = in.meta.featured_image_id;
    nlohmann::json audit = nlohmann::json::object();
    if (in.draft_key && !who.user_id.empty() &&
        s.db()
                .template delete_from<autosave>()
                .where(col<&autosave::draft_key> == *in.draft_key && col<&autosave::user_id> == who.user_id)
                .run() > 0)
      audit["autosave_discarded"] = true;
    return internal::insert_item(s, who, c, std::move(item), version_kind::create, in.auto_suffix, "content.create",
                                 std::move(audit), now);
  });
}

template <class Conn>
content basic_content_repository<Conn>::update(const actor& who, std::string_view id, const content_changes& changes,
                                   std::optional<std::int64_t> expected_revision) {
  auto& s = *store_;
  return s.db().transaction([&] {
    const content item = load_for_write(s, id, expected_revision);
    internal::require_editable(item, "update");
    internal::snapshot next = internal::snapshot_of(item);
    if (changes.data) next.data = *changes.data;
    if (changes.title) next.title = *changes.title;
    if (changes.slug) next.slug = *changes.slug;
    if (changes.meta) next.meta = *changes.meta;
    return internal::save_version(s, who, item, std::move(next), version_kind::update, std::nullopt,
                                  changes.auto_suffix, "content.update", s.now());
  });
}

template <class Conn>
content basic_content_repository<Conn>::patch(const actor& who, std::string_view id, const nlohmann::json& patch,
                                  std::optional<std::int64_t> expected_revision) {
  auto& s = *store_;
  return s.db().transaction([&] {
    const content item = load_for_write(s, id, expected_revision);
    internal::require_editable(item, "patch");
    if (internal::nested_deeper_than(patch, internal::max_data_depth))
      throw validation_error("patch: the merge patch is nested too deeply",
                             {{"data", {"is nested too deeply (at most " + std::to_string(internal::max_data_depth) +
                                        " levels)"}}});
    internal::snapshot next = internal::snapshot_of(item);
    next.data = merge_patch(item.data, patch);
    return internal::save_version(s, who, item, std::move(next), version_kind::patch, std::nullopt, false,
                                  "content.patch", s.now());
  });
}

template <class Conn>
content basic_content_repository<Conn>::publish(const actor& who, std::string_view id,
                                                std::optional<std::int64_t> version,
                                                std::optional<std::int64_t> expected_revision) {
  auto& s = *store_;
  return s.db().transaction([&] {
    const content item = load_for_write(s, id, expected_revision);
    internal::require_editable(item, "publish");
    const std::int64_t number = version.value_or(item.head_version);
    const content_version v = internal::load_version(s, item.id, number);
    if (item.published_version == number) return item;  // CR-9: republishing is a no-op

    validation_error::field_errors errors;
    internal::validate_against_schema(internal::load_collection(s, item.collection_id), v.data, true, errors);
    internal::throw_if_any(errors, "publish");

    const unix_millis now = s.now();
    content after = next_state(item, now);
    after.published_version = number;
    after.published_at = now;
    after.first_published_at = item.first_published_at.value_or(now);
    after.status = number == item.head_version ? content_status::published : content_status::changed;
    write_state(s, item, after);
    append_audit(s, who, "content.publish", "content", item.id,
                 nlohmann::json{{"version", number}, {"revision", after.revision}});
    return after;
  });
}

template <class Conn>
content basic_content_repository<Conn>::unpublish(const actor& who, std::string_view id,
                                                  std::optional<std::int64_t> expected_revision) {
  auto& s = *store_;
  return s.db().transaction([&] {
    const content item = load_for_write(s, id, expected_revision);
    if (!item.published_version)
      throw invalid_state("unpublish: content item '" + item.id + "' is not published");
    content after = next_state(item, s.now());
    after.published_version.reset();
    after.published_at.reset();
    after.status = content_status::draft;
    write_state(s, item, after);
    append_audit(s, who, "content.unpublish", "content", item.id,
                 nlohmann::json{{"version", *item.published_version}, {"revision", after.revision}});
    return after;
  });
}

template <class Conn>
content basic_content_repository<Conn>::archive(const actor& who, std::string_view id,
                                                std::optional<std::int64_t> expected_revision) {
  auto& s = *store_;
  return s.db().transaction([&] {
    const content item = load_for_write(s, id, expected_revision);
    if (item.status == content_status::archived)
      throw invalid_state("archive: content item '" + item.id + "' is already archived");
    const unix_millis now = s.now();
    content after = next_state(item, now);
    after.status = content_status::archived;
    after.archived_at = now;
    after.published_version.reset();  // CR-13: archiving unpublishes
    after.published_at.reset();
    write_state(s, item, after);
    nlohmann::json audit = {{"revision", after.revision}};
    if (item.published_version) audit["unpublished_version"] = *item.published_version;
    append_audit(s, who, "content.archive", "content", item.id, std::move(audit));
    return after;
  });
}

template <class Conn>
content basic_content_repository<Conn>::unarchive(const actor& who, std::string_view id,
                                                  std::optional<std::int64_t> expected_revision) {
  auto& s = *store_;
  return s.db().transaction([&] {
    const content item = load_for_write(s, id, expected_revision);
    if (item.status != content_status::archived)
      throw invalid_state("unarchive: content item '" + item.id + "' is not archived");
    content after = next_state(item, s.now());
    after.status = content_status::draft;
    after.archived_at.reset();
    write_state(s, item, after);
    append_audit(s, who, "content.unarchive", "content", item.id, nlohmann::json{{"revision", after.revision}});
    return after;
  });
}

template <class Conn>
content basic_content_repository<Conn>::set_publish_window(const actor& who, std::string_view id,
                                                           std::optional<unix_millis> from,
                                                           std::optional<unix_millis> until,
                                                           std::optional<std::int64_t> expected_revision) {
  auto& s = *store_;
  return s.db().transaction([&] {
    const content item = load_for_write(s, id, expected_revision);
    internal::require_editable(item, "set_publish_window");
    if (from && until && !(*from < *until))
      throw validation_error("set_publish_window: the window is empty",
                             {{"publish_until", {"must be after publish_from"}}});
    content after = next_state(item, s.now());
    after.publish_from = from;
    after.publish_until = until;
    write_state(s, item, after);
    const auto ms = [](const std::optional<unix_millis>& t) -> nlohmann::json {
      if (!t) return nullptr;
      return t->time_since_epoch().count();
    };
    append_audit(s, who, "content.publish_window", "content", item.id,
                 nlohmann::json{{"from", ms(from)}, {"until", ms(until)}, {"revision", after.revision}});
    return after;
  });
}

template <class Conn>
content basic_content_repository<Conn>::soft_delete(const actor& who, std::string_view id,
                                                    std::optional<std::int64_t> expected_revision) {
  auto& s = *store_;
  return s.db().transaction([&] {
    const content item = load_for_write(s, id, expected_revision);
    const unix_millis now = s.now();
    content after = next_state(item, now);
    after.deleted_at = now;
    write_state(s, item, after);
    const int cancelled =
        s.db()
            .template update<scheduled_content>()
            .set(col<& scheduled_content::status> = schedule_status::cancelled,
                 col<& scheduled_content::error_message> = std::string("cancelled: the item was deleted"))
            .where(col<&scheduled_content::content_id> == item.id &&
                   col<&scheduled_content::status> == schedule_status::pending)
            .run();
    append_audit(s, who, "content.delete", "content", item.id,
                 nlohmann::json{{"revision", after.revision}, {"cancelled_schedules", cancelled}});
    return after;
  });
}

template <class Conn>
content basic_content_repository<Conn>::restore_from_trash(const actor& who, std::string_view id,
                                               std::optional<std::int64_t> expected_revision) {
  auto& s = *store_;
  return s.db().transaction([&] {
    const content item = internal::load_item_for_write(s, id, true);
    internal::check_revision(item, expected_revision);
    if (!item.deleted_at) throw invalid_state("restore_from_trash: content item '" + item.id + "' is not in the trash");
    content after = next_state(item, s.now());
    after.deleted_at.reset();
    after.status = content_status::draft;  // CR-15: back unpublished
    after.published_version.reset();
    after.published_at.reset();
    after.archived_at.reset();
    write_state(s, item, after);  // the slug index decides: a taken slug is conflict{slug}
    append_audit(s, who, "content.restore", "content", item.id, nlohmann::json{{"revision", after.revision}});
    return after;
  });
}

template <class Conn>
void basic_content_repository<Conn>::purge(const actor& who, std::string_view id, bool force,
                               std::optional<std::int64_t> expected_revision) {
  auto& s = *store_;
  s.db().transaction([&] {
    const content item = internal::load_item_for_write(s, id, true);
    internal::check_revision(item, expected_revision);
    if (!item.deleted_at && !force)
      throw invalid_state("purge: content item '" + item.id + "' is not in the trash (soft_delete it, or force)");
    internal::purge_items(s, who, {item.id});
  });
}

template <class Conn>
content basic_content_repository<Conn>::duplicate(const actor& who, std::string_view id) {
  auto& s = *store_;
  return s.db().transaction([&] {
    const content source = internal::load_item(s, id, false);
    const collection c = internal::load_collection(s, source.collection_id);
    if (!c.is_active) throw invalid_state("duplicate: collection '" + c.name + "' is not active");
    std::string base = source.slug.substr(0, max_slug_length - 5);
    while (!base.empty() && base.back() == '-') base.pop_back();
    content item;
    item.collection_id = source.collection_id;
    item.slug = base + "-copy";
    item.title = source.title;
    item.data = source.data;
    item.author_id = !who.user_id.empty() ? who.user_id : source.author_id;
    item.locale = source.locale;
    item.meta_title = source.meta_title;
    item.meta_description = source.meta_description;
    item.featured_image_id = source.featured_image_id;
    item.content_type = source.content_type;
    return internal::insert_item(s, who, c, std::move(item), version_kind::duplicate, true, "content.duplicate",
                                 {{"source_id", source.id}, {"source_version", source.head_version}}, s.now());
  });
}

template <class Conn>
std::int64_t basic_content_repository<Conn>::remove_collection(const actor& who, std::string_view collection_id,
                                                               bool cascade) {
  auto& s = *store_;
  return s.db().transaction([&] {
    const collection c = internal::load_collection(s, collection_id);
    const auto ids =
        s.db().select(col<&content::id>).template from<content>().where(col<&content::collection_id> == c.id).all();
    if (!ids.empty() && !cascade)
      throw conflict("collection '" + c.name + "' has " + std::to_string(ids.size()) +
                         " items (deleted ones included): purge them first, or remove it with cascade",
                     "items");
    internal::purge_items(s, who, ids);
    s.db().template delete_from<collection>().where(col<&collection::id> == c.id).run();
    append_audit(s, who, "collection.delete", "collection", c.id,
                 nlohmann::json{{"name", c.name}, {"purged_items", ids.size()}});
    return static_cast<std::int64_t>(ids.size());
  });
}

}  // namespace vellum::cms
