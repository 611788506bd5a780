// The members of basic_version_repository<Conn>, a template over the connection: instantiated for SQLite in
// src/cms/version_repository.cpp and for PostgreSQL in src/cms/pg_version_repository.cpp.
#pragma once

#include "vellum/cms/version_repository.hpp"

#include <utility>

#include "cms_backend.hpp"
#include "content_writes_impl.hpp"
#include "vellum/cms/audit_log.hpp"
#include "vellum/cms/content_repository.hpp"
#include "vellum/cms/schema/content_workflow.hpp"
#include "vellum/cms/store.hpp"

namespace vellum::cms {

template <class Conn>
basic_version_repository<Conn> basic_store<Conn>::versions() { return basic_version_repository<Conn>(*this); }

namespace {

constexpr std::size_t max_label_length = 200;

void check_limit(std::int64_t limit) {
  if (limit < 1 || limit > internal::max_page_size)
    throw validation_error("list: limit out of range",
                           {{"limit", {"must be between 1 and " + std::to_string(internal::max_page_size)}}});
}

/// Bumps the item's revision for a change that is not a content save (GX-3); updated_at stays,
/// since the item's content did not change.
template <class Conn>
void bump_revision(basic_store<Conn>& s, const content& item) {
  const int changed = s.db()
                          .template update<content>()
                          .set(col<&content::revision> = item.revision + 1)
                          .where(col<&content::id> == item.id && col<&content::revision> == item.revision)
                          .run();
  if (changed == 0) internal::check_revision(internal::load_item(s, item.id, true), item.revision);
}

}  // namespace

template <class Conn>
version_page basic_version_repository<Conn>::list(std::string_view content_id, const version_query& q) const {
  check_limit(q.limit);
  auto& s = *store_;
  return internal::read_snapshot(s.db(),
      [&] {
        (void)internal::load_item(s, content_id, true);
        auto rows = s.db()
                        .template select<content_version>()
                        .where(col<&content_version::content_id> == content_id &&
                               dynamic(q.before.has_value(), col<&content_version::version> < q.before.value_or(0)))
                        .order_by(desc(col<&content_version::version>))
                        .limit(q.limit + 1)
                        .all();
        version_page page;
        if (static_cast<std::int64_t>(rows.size()) > q.limit) {
          rows.pop_back();
          page.next_before = rows.back().version;
        }
        page.versions = std::move(rows);
        return page;
      });
}

template <class Conn>
content_version basic_version_repository<Conn>::get(std::string_view content_id, std::int64_t number) const {
  return internal::load_version(*store_, content_id, number);
}

template <class Conn>
std::vector<json_change> basic_version_repository<Conn>::diff(std::string_view content_id, std::int64_t from,
                                                              std::int64_t to) const {
  auto& s = *store_;
  const auto [a, b] = internal::read_snapshot(s.db(), [&] {
    return std::pair(internal::load_version(s, content_id, from), internal::load_version(s, content_id, to));
  });
  std::vector<json_change> out;
  if (a.title != b.title) out.push_back({"title", change_kind::changed, a.title, b.title});
  if (a.slug != b.slug) out.push_back({"slug", change_kind::changed, a.slug, b.slug});
  for (auto& c : json_diff(a.meta, b.meta, "meta")) out.push_back(std::move(c));
  for (auto& c : json_diff(a.data, b.data, "data")) out.push_back(std::move(c));
  return out;
}

template <class Conn>
content basic_version_repository<Conn>::restore(const actor& who, std::string_view content_id, std::int64_t number,
                                    std::optional<std::int64_t> expected_revision) {
  auto& s = *store_;
  return s.db().transaction([&] {
    const content item = internal::load_for_write(s, content_id, expected_revision);
    internal::require_editable(item, "restore");
    const content_version v = internal::load_version(s, item.id, number);
    if (number == item.head_version) return item;  // VR-8
    const unix_millis now = s.now();
    content after = internal::save_version(
        s, who, item, {v.title, v.slug, v.data, content_meta::from_json(v.meta)}, version_kind::restore, number,
        false, "version.restore", now);
    if (after.head_version == item.head_version) return after;  // equal to the head: a no-op (CR-6)

    // VR-7: the history records the restore at the item's current state.
    const auto status = s.db()
                            .template select<content_workflow_status>()
                            .where(col<&content_workflow_status::content_id> == item.id)
                            .first();
    if (status)
      s.db().insert(workflow_history{s.new_id(), item.id, status->workflow_id, status->current_state_id,
                                     status->current_state_id, internal::responsible_user(s, who, item.author_id),
                                     std::nullopt, nlohmann::json{{"source_version", number}}, now,
                                     after.head_version, history_action::version_restored});
    return after;
  });
}

template <class Conn>
content_version basic_version_repository<Conn>::pin(const actor& who, std::string_view content_id, std::int64_t number,
                                                    std::optional<std::string> label,
                                                    std::optional<std::int64_t> expected_revision) {
  if (label && (!internal::valid_utf8(*label) || internal::utf8_length(*label) > max_label_length))
    throw validation_error("pin: invalid label",
                           {{"label", {"must be valid UTF-8 of at most " + std::to_string(max_label_length) +
                                       " characters"}}});
  return set_pinned(who, content_id, number, true, std::move(label), expected_revision);
}

template <class Conn>
content_version basic_version_repository<Conn>::unpin(const actor& who, std::string_view content_id,
                                                      std::int64_t number,
                                                      std::optional<std::int64_t> expected_revision) {
  return set_pinned(who, content_id, number, false, std::nullopt, expected_revision);
}

template <class Conn>
content_version basic_version_repository<Conn>::set_pinned(const actor& who, std::string_view content_id,
                                                           std::int64_t number, bool pinned,
                                                           std::optional<std::string> label,
                                                           std::optional<std::int64_t> expected_revision) {
  auto& s = *store_;
  return s.db().transaction([&] {
    const content item = internal::load_for_write(s, content_id, expected_revision);
    content_version v = internal::load_version(s, item.id, number);
    const auto where = col<&content_version::content_id> == item.id && col<&content_version::version> == number;
    if (label) {
      s.db()
          .template update<content_version>()
          .set(col<& content_version::pinned> = pinned, col<& content_version::label> = *label)
          .where(where)
          .run();
      v.label = label;
    } else {
      s.db().template update<content_version>().set(col<&content_version::pinned> = pinned).where(where).run();
    }
    v.pinned = pinned;
    bump_revision(s, item);
    nlohmann::json audit = {{"version", number}, {"revision", item.revision + 1}};
    if (label) audit["label"] = *label;
    append_audit(s, who, pinned ? "version.pin" : "version.unpin", "content", item.id, std::move(audit));
    return v;
  });
}

}  // namespace vellum::cms
