// The functions of content_writes.hpp that take a store: templates over its connection, included by
// the repositories that use them.
#pragma once

#include "cms_backend.hpp"
#include "content_writes.hpp"

#include <set>
#include <utility>
#include <vector>

#include "vellum/cms/audit_log.hpp"
#include "vellum/cms/canonical_json.hpp"
#include "vellum/cms/data_validator.hpp"
#include "vellum/cms/schema/autosaves.hpp"
#include "vellum/cms/schema/comments.hpp"
#include "vellum/cms/schema/content_locks.hpp"
#include "vellum/cms/schema/content_workflow.hpp"
#include "vellum/cms/schema/media.hpp"
#include "vellum/cms/schema/scheduled_content.hpp"
#include "vellum/cms/schema/users.hpp"
#include "vellum/cms/schema/workflow.hpp"
#include "vellum/cms/slug.hpp"
#include "vellum/cms/store.hpp"
#include "vellum/core/enum_names.hpp"

namespace vellum::cms::internal {

// ---------------------------------------------------------------------------------------------
// Loading

template <class Conn>
content load_item(basic_store<Conn>& s, std::string_view id, bool include_deleted) {
  auto item = s.db().template select<content>().where(col<&content::id> == id).one();
  if (!item || (item->deleted_at && !include_deleted))
    throw not_found("content item '" + std::string(id) + "' not found");
  return std::move(*item);
}

template <class Conn>
void lock_for_write(basic_store<Conn>& s, std::string_view lock_statement, std::string_view key) {
  if (!lock_statement.empty()) (void)s.db().template query_value<std::int64_t>(lock_statement, std::string(key));
}

template <class Conn>
content load_item_for_write(basic_store<Conn>& s, std::string_view id, bool include_deleted) {
  lock_for_write(s, cms_backend<Conn>::lock_content_row, id);
  return load_item(s, id, include_deleted);
}

template <class Conn>
content load_for_write(basic_store<Conn>& s, std::string_view id, std::optional<std::int64_t> expected_revision) {
  content item = load_item_for_write(s, id, false);
  check_revision(item, expected_revision);
  return item;
}

template <class Conn>
collection load_collection(basic_store<Conn>& s, std::string_view id) {
  auto c = s.db().template select<collection>().where(col<&collection::id> == id).one();
  if (!c) throw not_found("collection '" + std::string(id) + "' not found");
  return std::move(*c);
}

template <class Conn>
content_version load_version(basic_store<Conn>& s, std::string_view content_id, std::int64_t number) {
  auto v = s.db()
               .template select<content_version>()
               .where(col<&content_version::content_id> == content_id && col<&content_version::version> == number)
               .one();
  if (!v)
    throw not_found("version " + std::to_string(number) + " of content item '" + std::string(content_id) +
                    "' not found (it never existed or was pruned)");
  return std::move(*v);
}

template <class Conn>
std::string responsible_user(basic_store<Conn>& s, const actor& who, const std::string& fallback) {
  const std::string& id = !who.user_id.empty() ? who.user_id : fallback;
  if (id.empty())
    throw validation_error("the actor " + who.label() + " acts for no user: name the author",
                           {{"author_id", {"required when the actor is a system job"}}});
  if (!s.db().select(col<&user::id>).template from<user>().where(col<&user::id> == id).one())
    throw not_found("user '" + id + "' not found");
  return id;
}

// ---------------------------------------------------------------------------------------------
// Input checks

template <class Conn>
void check_meta(basic_store<Conn>& s, const content_meta& meta, validation_error::field_errors& errors) {
  const auto text = [&](const std::optional<std::string>& value, const char* field, std::size_t max) {
    if (!value) return;
    if (!valid_utf8(*value)) errors[field].push_back("must be valid UTF-8 text");
    else if (utf8_length(*value) > max)
      errors[field].push_back("must be at most " + std::to_string(max) + " characters");
  };
  text(meta.meta_title, "meta.meta_title", max_title_length);
  text(meta.meta_description, "meta.meta_description", max_meta_description_length);
  if (meta.featured_image_id &&
      !s.db().select(col<&media::id>).template from<media>().where(col<&media::id> == *meta.featured_image_id).one())
    errors["meta.featured_image_id"].push_back("no media with this id");
}

// ---------------------------------------------------------------------------------------------
// Slugs

template <class Conn>
std::string free_slug(basic_store<Conn>& s, const std::string& collection_id, const std::string& locale,
                      const std::string& base, std::string_view except_id) {
  // Every slug that with_suffix(base, n) could produce starts with base's first 80 characters,
  // which are only [a-z0-9-]: no LIKE wildcard.
  const std::string prefix = base.substr(0, 80) + "%";
  const auto rows = s.db()
                        .select(col<&content::slug>)
                        .template from<content>()
                        .where(col<&content::collection_id> == collection_id && col<&content::locale> == locale &&
                               vellum::is_null(col<&content::deleted_at>) && col<&content::id> != except_id &&
                               vellum::like(col<&content::slug>, prefix))
                        .all();
  const std::set<std::string> taken(rows.begin(), rows.end());
  if (!taken.contains(base)) return base;
  for (std::int64_t n = 2;; ++n) {
    std::string candidate = with_suffix(base, n);
    if (!taken.contains(candidate)) return candidate;
  }
}

// ---------------------------------------------------------------------------------------------
// Saving versions

template <class Conn>
bool delete_autosave(basic_store<Conn>& s, const std::string& content_id, const std::string& user_id) {
  return s.db()
             .template delete_from<autosave>()
             .where(col<&autosave::content_id> == content_id && col<&autosave::user_id> == user_id)
             .run() > 0;
}

template <class Conn>
content save_version(basic_store<Conn>& s, const actor& who, const content& item, snapshot next, version_kind kind,
                     std::optional<std::int64_t> source_version, bool auto_suffix, std::string_view audit_action,
                     unix_millis now) {
  const std::string operation{audit_action};
  validation_error::field_errors errors;
  check_title(next.title, errors);
  check_data(next.data, errors);
  if (!(next.meta == content_meta::of(item))) check_meta(s, next.meta, errors);
  if (next.slug != item.slug && !is_valid_slug(next.slug))
    errors["slug"].push_back("must be lower-case letters, digits and single dashes, at most 100 characters");
  throw_if_any(errors, operation);

  if (same_snapshot(snapshot_of(item), next)) {  // CR-6, VR-8: nothing to save
    if (!who.user_id.empty() && delete_autosave(s, item.id, who.user_id))
      append_audit(s, who, "autosave.discard", "content", item.id);
    return item;
  }

  const collection c = load_collection(s, item.collection_id);
  validate_against_schema(c, next.data, false, errors);
  throw_if_any(errors, operation);

  if (next.slug != item.slug && auto_suffix)
    next.slug = free_slug(s, item.collection_id, item.locale, next.slug, item.id);
  const std::string author = responsible_user(s, who, item.author_id);

  content after = item;
  after.title = next.title;
  after.slug = next.slug;
  after.data = next.data;
  after.meta_title = next.meta.meta_title;
  after.meta_description = next.meta.meta_description;
  after.featured_image_id = next.meta.featured_image_id;
  after.head_version = item.head_version + 1;
  after.revision = item.revision + 1;
  after.updated_at = now;
  if (item.status == content_status::published) after.status = content_status::changed;  // CR-7

  try {
    const int changed = s.db()
                            .template update<content>()
                            .set(col<&content::title> = after.title, col<&content::slug> = after.slug,
                                 col<&content::data> = after.data, col<&content::meta_title> = after.meta_title,
                                 col<&content::meta_description> = after.meta_description,
                                 col<&content::featured_image_id> = after.featured_image_id,
                                 col<&content::status> = after.status,
                                 col<&content::head_version> = after.head_version,
                                 col<&content::revision> = after.revision, col<&content::updated_at> = now)
                            .where(col<&content::id> == item.id && col<&content::revision> == item.revision)
                            .run();
    if (changed == 0) check_revision(load_item(s, item.id, true), item.revision);
    s.db().insert(content_version{s.new_id(), item.id, after.head_version, after.data, author, now, after.title,
                                  after.slug, next.meta.to_json(), kind, source_version, c.schema_version,
                                  std::nullopt, false});
  } catch (const constraint_error& e) {
    rethrow_write_error(e, after.slug);
  }

  prune_versions(s, after, c.max_versions);
  const bool discarded = !who.user_id.empty() && delete_autosave(s, item.id, who.user_id);

  nlohmann::json audit = {{"version", after.head_version},
                          {"revision", after.revision},
                          {"kind", std::string(enum_to_name(kind))}};
  if (source_version) audit["source_version"] = *source_version;
  if (discarded) audit["autosave_discarded"] = true;
  append_audit(s, who, audit_action, "content", item.id, std::move(audit));
  return after;
}

template <class Conn>
void prune_versions(basic_store<Conn>& s, const content& item, std::int64_t max_versions) {
  if (max_versions <= 0) return;  // 0 = unlimited (VR-10)
  auto& db = s.db();
  const std::int64_t count = db.select(vellum::count())
                                 .template from<content_version>()
                                 .where(col<&content_version::content_id> == item.id)
                                 .one()
                                 .value_or(0);
  if (count <= max_versions) return;

  std::vector<std::int64_t> kept{item.head_version};
  if (item.published_version) kept.push_back(*item.published_version);
  for (const auto& v : db.select(col<&content_workflow_status::approved_version>)
                           .template from<content_workflow_status>()
                           .where(col<&content_workflow_status::content_id> == item.id)
                           .all())
    if (v) kept.push_back(*v);
  for (const auto& v : db.select(col<&scheduled_content::version>)
                           .template from<scheduled_content>()
                           .where(col<&scheduled_content::content_id> == item.id &&
                                  vellum::in(col<&scheduled_content::status>,
                                             {schedule_status::pending, schedule_status::running}))
                           .all())
    if (v) kept.push_back(*v);

  const auto victims = db.select(col<&content_version::version>)
                           .template from<content_version>()
                           .where(col<&content_version::content_id> == item.id &&
                                  col<&content_version::pinned> == false &&
                                  vellum::not_in(col<&content_version::version>, kept))
                           .order_by(vellum::asc(col<&content_version::version>))
                           .limit(count - max_versions)
                           .all();
  if (victims.empty()) return;
  db.template delete_from<content_version>()
      .where(col<&content_version::content_id> == item.id && vellum::in(col<&content_version::version>, victims))
      .run();
}

// ---------------------------------------------------------------------------------------------
// New items and purge

namespace {

template <class Conn>
std::string initial_state_of(basic_store<Conn>& s, const std::string& workflow_id) {
  auto& db = s.db();
  const auto wf = db.template select<workflow>().where(col<&workflow::id> == workflow_id).one();
  if (!wf) throw not_found("workflow '" + workflow_id + "' not found");
  if (!wf->is_active) throw invalid_state("workflow '" + workflow_id + "' is not active");
  const auto states = db.select(col<&workflow_state::id>)
                          .template from<workflow_state>()
                          .where(col<&workflow_state::is_initial> == true &&
                                 (vellum::in(col<&workflow_state::id>,
                                             vellum::select(col<&workflow_transition::from_state_id>)
                                                 .template from<workflow_transition>()
                                                 .where(col<&workflow_transition::workflow_id> == workflow_id)) ||
                                  vellum::in(col<&workflow_state::id>,
                                             vellum::select(col<&workflow_transition::to_state_id>)
                                                 .template from<workflow_transition>()
                                                 .where(col<&workflow_transition::workflow_id> == workflow_id))))
                          .all();
  if (states.size() != 1)
    throw invalid_state("workflow '" + workflow_id + "' must have exactly one initial state, it has " +
                        std::to_string(states.size()));
  return states.front();
}

}  // namespace

template <class Conn>
content insert_item(basic_store<Conn>& s, const actor& who, const collection& c, content item, version_kind kind,
                    bool auto_suffix, std::string_view audit_action, nlohmann::json audit_data, unix_millis now) {
  auto& db = s.db();
  const std::string workflow_id = c.workflow_id.value_or("default");
  const std::string state = initial_state_of(s, workflow_id);
  const std::string author = responsible_user(s, who, item.author_id);

  if (item.id.empty()) item.id = s.new_id();
  if (auto_suffix) item.slug = free_slug(s, item.collection_id, item.locale, item.slug, item.id);
  item.status = content_status::draft;
  item.created_at = now;
  item.updated_at = now;
  item.revision = 1;
  item.head_version = 1;
  item.published_version.reset();
  item.published_at.reset();
  item.first_published_at.reset();
  item.archived_at.reset();
  item.deleted_at.reset();
  item.workflow_state_id = state;
  try {
    db.insert(item);
  } catch (const constraint_error& e) {
    rethrow_write_error(e, item.slug);
  }
  db.insert(content_version{s.new_id(), item.id, 1, item.data, author, now, item.title, item.slug,
                            content_meta::of(item).to_json(), kind, std::nullopt, c.schema_version, std::nullopt,
                            false});
  db.insert(content_workflow_status{s.new_id(), item.id, workflow_id, state, std::nullopt, std::nullopt, std::nullopt,
                                    now, now});
  db.insert(workflow_history{s.new_id(), item.id, workflow_id, std::nullopt, state, author, std::nullopt, std::nullopt,
                             now, 1, history_action::enter});
  audit_data["version"] = 1;
  audit_data["revision"] = 1;
  audit_data["collection_id"] = item.collection_id;
  append_audit(s, who, audit_action, "content", item.id, std::move(audit_data));
  return item;
}

template <class Conn>
void purge_items(basic_store<Conn>& s, const actor& who, const std::vector<std::string>& ids) {
  if (ids.empty()) return;
  auto& db = s.db();
  // Children first, explicitly: the result must not depend on PRAGMA foreign_keys.
  db.template delete_from<comment>().where(vellum::in(col<&comment::content_id>, ids)).run();
  db.template delete_from<content_lock>().where(vellum::in(col<&content_lock::content_id>, ids)).run();
  db.template delete_from<autosave>().where(vellum::in(col<&autosave::content_id>, ids)).run();
  db.template delete_from<scheduled_content>().where(vellum::in(col<&scheduled_content::content_id>, ids)).run();
  db.template delete_from<workflow_history>().where(vellum::in(col<&workflow_history::content_id>, ids)).run();
  db.template delete_from<content_workflow_status>()
      .where(vellum::in(col<&content_workflow_status::content_id>, ids))
      .run();
  db.template delete_from<content_version>().where(vellum::in(col<&content_version::content_id>, ids)).run();
  db.template delete_from<content>().where(vellum::in(col<&content::id>, ids)).run();
  for (const auto& id : ids) append_audit(s, who, "content.purge", "content", id);  // data-free tombstone
}

}  // namespace vellum::cms::internal
