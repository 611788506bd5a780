// The members of basic_autosave_repository<Conn>, a template over the connection: instantiated for SQLite in
// src/cms/autosave_repository.cpp and for PostgreSQL in src/cms/pg_autosave_repository.cpp.
#pragma once

#include "vellum/cms/autosave_repository.hpp"

#include <utility>

#include "content_writes_impl.hpp"
#include "vellum/cms/audit_log.hpp"
#include "vellum/cms/store.hpp"

namespace vellum::cms {

template <class Conn>
basic_autosave_repository<Conn> basic_store<Conn>::autosaves() { return basic_autosave_repository<Conn>(*this); }

namespace {

void check_input(const actor& who, const nlohmann::json& data, const std::optional<std::string>& title,
                 std::string_view operation) {
  validation_error::field_errors errors;
  if (who.user_id.empty())
    errors["user_id"].push_back("an autosave belongs to a user; " + who.label() + " acts for none");
  internal::check_data(data, errors);
  if (title && (!internal::valid_utf8(*title) || internal::utf8_length(*title) > internal::max_title_length))
    errors["title"].push_back("must be valid UTF-8 of at most " + std::to_string(internal::max_title_length) +
                              " characters");
  internal::throw_if_any(errors, operation);
}

/// Replaces or inserts the row `existing` stands for; returns it as stored.
template <class Conn>
autosave write(basic_store<Conn>& s, std::optional<autosave> existing, autosave fresh) {
  if (existing) {
    s.db()
        .template update<autosave>()
        .set(col<&autosave::data> = fresh.data, col<&autosave::title> = fresh.title,
             col<&autosave::updated_at> = fresh.updated_at)
        .where(col<&autosave::id> == existing->id)
        .run();
    fresh.id = existing->id;
    return fresh;
  }
  fresh.id = s.new_id();
  return s.db().insert(fresh);
}

}  // namespace

template <class Conn>
autosave basic_autosave_repository<Conn>::save(const actor& who, std::string_view content_id,
                                               const nlohmann::json& data, std::optional<std::string> title) {
  check_input(who, data, title, "autosave");
  auto& s = *store_;
  return s.db().transaction([&] {
    const content item = internal::load_item(s, content_id, false);
    internal::require_editable(item, "autosave");
    const std::string user_id = internal::responsible_user(s, who, {});
    auto existing = find(user_id, item.id);
    const autosave stored =
        write(s, std::move(existing), autosave{{}, item.id, std::nullopt, user_id, data, title, s.now()});
    append_audit(s, who, "autosave.save", "content", item.id);  // data-free: an autosave is scratch
    return stored;
  });
}

template <class Conn>
autosave basic_autosave_repository<Conn>::save_draft(const actor& who, std::string_view draft_key,
                                                     const nlohmann::json& data, std::optional<std::string> title) {
  check_input(who, data, title, "autosave");
  if (draft_key.empty() || draft_key.size() > 200)
    throw validation_error("autosave: invalid draft key", {{"draft_key", {"must be 1 to 200 characters"}}});
  auto& s = *store_;
  return s.db().transaction([&] {
    const std::string user_id = internal::responsible_user(s, who, {});
    auto existing = find_draft(user_id, draft_key);
    const autosave stored = write(s, std::move(existing),
                                  autosave{{}, std::nullopt, std::string(draft_key), user_id, data, title, s.now()});
    append_audit(s, who, "autosave.save", "autosave", stored.id);
    return stored;
  });
}

template <class Conn>
std::optional<autosave> basic_autosave_repository<Conn>::find(std::string_view user_id,
                                                              std::string_view content_id) const {
  return store_->db()
      .template select<autosave>()
      .where(col<&autosave::content_id> == content_id && col<&autosave::user_id> == user_id)
      .one();
}

template <class Conn>
std::optional<autosave> basic_autosave_repository<Conn>::find_draft(std::string_view user_id,
                                                                    std::string_view draft_key) const {
  return store_->db()
      .template select<autosave>()
      .where(col<&autosave::draft_key> == draft_key && col<&autosave::user_id> == user_id)
      .one();
}

template <class Conn>
bool basic_autosave_repository<Conn>::discard(const actor& who, std::string_view content_id) {
  auto& s = *store_;
  return s.db().transaction([&] {
    const bool deleted = internal::delete_autosave(s, std::string(content_id), who.user_id);
    if (deleted) append_audit(s, who, "autosave.discard", "content", content_id);
    return deleted;
  });
}

template <class Conn>
bool basic_autosave_repository<Conn>::discard_draft(const actor& who, std::string_view draft_key) {
  auto& s = *store_;
  return s.db().transaction([&] {
    const auto existing = find_draft(who.user_id, draft_key);
    if (!existing) return false;
    s.db().template delete_from<autosave>().where(col<&autosave::id> == existing->id).run();
    append_audit(s, who, "autosave.discard", "autosave", existing->id);
    return true;
  });
}

}  // namespace vellum::cms
