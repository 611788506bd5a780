// The members of basic_comment_repository<Conn>, a template over the connection: instantiated for SQLite in
// src/cms/comment_repository.cpp and for PostgreSQL in src/cms/pg_comment_repository.cpp.
#pragma once

#include "vellum/cms/comment_repository.hpp"

#include <nlohmann/json.hpp>

#include "cms_backend.hpp"
#include "content_writes_impl.hpp"
#include "repository_checks.hpp"
#include "vellum/cms/audit_log.hpp"
#include "vellum/cms/permission_service.hpp"
#include "vellum/cms/store.hpp"

namespace vellum::cms {

template <class Conn>
basic_comment_repository<Conn> basic_store<Conn>::comments() { return basic_comment_repository<Conn>(*this); }

namespace {

constexpr std::size_t max_comment_length = 10000;  // characters
constexpr std::size_t max_author_name_length = 200;
constexpr std::size_t max_author_email_length = 320;

std::string name_of(comment_status status) { return std::string(enum_to_name(status)); }

template <class Conn>
std::optional<comment> find_comment(basic_store<Conn>& s, std::string_view id) {
  return s.db().template select<comment>().where(col<&comment::id> == id).one();
}

template <class Conn>
comment load_comment(basic_store<Conn>& s, std::string_view id) {
  auto found = find_comment(s, id);
  if (!found) throw not_found("comment '" + std::string(id) + "' not found");
  return *found;
}


bool is_thread_cursor(std::string_view cursor) {
  if (cursor.size() < 17) return false;
  for (const char c : cursor)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '/')) return false;
  return true;
}

}  // namespace

template <class Conn>
comment basic_comment_repository<Conn>::create(const actor& who, const comment_input& in) {
  auto& s = *store_;
  return s.db().transaction([&] {
    validation_error::field_errors errors;
    internal::check_actor(who, errors);
    internal::check_text(in.text, "text", max_comment_length, internal::text_rule::required, errors);
    if (in.author_name)
      internal::check_text(*in.author_name, "author_name", max_author_name_length, internal::text_rule::required,
                           errors);
    else if (who.user_id.empty())
      errors["author_name"].push_back("required for a comment without a user (" + who.label() + ")");
    if (in.author_email)
      internal::check_text(*in.author_email, "author_email", max_author_email_length, internal::text_rule::required,
                           errors);
    internal::throw_if_any(errors, "create comment");

    const content item = internal::load_item(s, in.content_id, false);
    s.permissions().require(who, "content.read", &item);
    if (in.parent_id) {
      const comment parent = load_comment(s, *in.parent_id);
      if (parent.content_id != item.id)
        throw validation_error("create comment: the parent comment belongs to another content item",
                               {{"parent_id", {"must be a comment on the same content item"}}});
      if (parent.status == comment_status::spam || parent.status == comment_status::deleted)
        throw invalid_state("create comment: comment '" + parent.id + "' is " + name_of(parent.status) +
                            " and takes no replies");
    }

    const unix_millis now = s.now();
    comment row;
    row.id = s.new_id();
    row.content_id = item.id;
    if (!who.user_id.empty()) row.user_id = who.user_id;
    row.parent_id = in.parent_id;
    row.author_name = in.author_name;
    row.author_email = in.author_email;
    row.content = in.text;
    row.status = comment_status::pending;
    row.created_at = now;
    row.updated_at = now;
    s.db().insert(row);
    nlohmann::json audit = {{"content_id", item.id}};
    if (row.parent_id) audit["parent_id"] = *row.parent_id;
    append_audit(s, who, "comment.create", "comment", row.id, std::move(audit));
    return row;
  });
}

template <class Conn>
comment basic_comment_repository<Conn>::moderate(const actor& who, std::string_view comment_id, comment_status to) {
  auto& s = *store_;
  return s.db().transaction([&] {
    comment row = load_comment(s, comment_id);
    const content item = internal::load_item(s, row.content_id, true);
    s.permissions().require(who, "content.update", &item);
    if (!can_moderate(row.status, to))
      throw invalid_transition("moderate: a " + name_of(row.status) + " comment cannot become " + name_of(to),
                               name_of(row.status), name_of(to));
    const comment_status from = row.status;
    row.status = to;
    row.updated_at = s.now();
    s.db()
        .template update<comment>()
        .set(col<&comment::status> = row.status, col<&comment::updated_at> = row.updated_at)
        .where(col<&comment::id> == row.id)
        .run();
    append_audit(s, who, "comment.moderate", "comment", row.id,
                 nlohmann::json{{"from", name_of(from)}, {"to", name_of(to)}, {"content_id", row.content_id}});
    return row;
  });
}

template <class Conn>
comment basic_comment_repository<Conn>::get(std::string_view comment_id) const {
  return load_comment(*store_, comment_id);
}

template <class Conn>
thread_page basic_comment_repository<Conn>::thread(const thread_query& q) const {
  validation_error::field_errors errors;
  if (q.limit < 1 || q.limit > internal::max_page_size)
    errors["limit"].push_back("must be between 1 and " + std::to_string(internal::max_page_size));
  if (q.statuses.empty()) errors["statuses"].push_back("must name at least one status");
  if (q.cursor && !is_thread_cursor(*q.cursor)) errors["cursor"].push_back("malformed cursor");
  internal::throw_if_any(errors, "thread");

  auto statuses = nlohmann::json::array();
  for (const auto status : q.statuses) statuses.push_back(name_of(status));
  auto st = store_->db().prepare_static(internal::cms_backend<Conn>::comment_thread);
  st.bind_all(q.content_id, statuses.dump(), q.cursor.value_or(""), q.limit + 1);
  thread_page page;
  std::string last_path;
  while (st.step()) {
    if (static_cast<std::int64_t>(page.entries.size()) == q.limit) {
      page.next_cursor = last_path;
      break;
    }
    thread_entry entry;
    comment& c = entry.item;
    c.id = st.template get<std::string>(0);
    c.content_id = st.template get<std::string>(1);
    c.user_id = st.template get<std::optional<std::string>>(2);
    c.parent_id = st.template get<std::optional<std::string>>(3);
    c.author_name = st.template get<std::optional<std::string>>(4);
    c.author_email = st.template get<std::optional<std::string>>(5);
    c.content = st.template get<std::string>(6);
    c.status = st.template get<comment_status>(7);
    c.created_at = st.template get<unix_millis>(8);
    c.updated_at = st.template get<unix_millis>(9);
    entry.depth = st.template get<std::int64_t>(10);
    last_path = st.template get<std::string>(11);
    page.entries.push_back(std::move(entry));
  }
  // An empty page is either a thread with nothing to show or an item that does not exist; only
  // then is the item looked up (a trashed item's thread stays readable for moderation).
  if (page.entries.empty()) (void)internal::load_item(*store_, q.content_id, true);
  return page;
}

template <class Conn>
comment_counts basic_comment_repository<Conn>::counts(std::optional<std::string_view> content_id) const {
  // One text for both backends: SQLite reads $1 as a named parameter (index 1); the CAST gives
  // PostgreSQL a type for a parameter compared only with NULL.
  static constexpr std::string_view sql =
      "SELECT coalesce(sum(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN status = 'approved' THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN status = 'spam' THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN status = 'deleted' THEN 1 ELSE 0 END), 0) "
      "FROM comments WHERE CAST($1 AS TEXT) IS NULL OR content_id = $1";
  auto st = store_->db().prepare_static(sql);
  if (content_id) st.bind(1, std::string(*content_id));
  else st.bind_null(1);
  comment_counts out;
  if (st.step())
    out = {st.template get<std::int64_t>(0), st.template get<std::int64_t>(1), st.template get<std::int64_t>(2),
           st.template get<std::int64_t>(3)};
  return out;
}

}  // namespace vellum::cms
