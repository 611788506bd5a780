// `autosave_repository`: unsaved edits (VR-14). An autosave is not a version: one row per
// (item, user), or per (draft key, user) for an item not created yet; writing one never changes
// the item's revision, and the user's next save of the item (or create() with that draft key)
// deletes it.
//
//   store.autosaves().save(who, post.id, {{"body", "half-typed…"}});
//   if (auto mine = store.autosaves().find(uid, post.id)) offer_to_resume(*mine);
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "vellum/cms/actor.hpp"
#include "vellum/cms/schema/autosaves.hpp"

namespace vellum {
class connection;
}

namespace vellum::cms {

template <class Conn>
class basic_store;

template <class Conn>
class basic_autosave_repository {
 public:
  explicit basic_autosave_repository(basic_store<Conn>& s) noexcept : store_(&s) {}

  /// Writes the actor's autosave of item `content_id` (replacing the previous one). The actor
  /// must act for a user; the item must exist, not deleted, not archived.
  autosave save(const actor& who, std::string_view content_id, const nlohmann::json& data,
                std::optional<std::string> title = std::nullopt);
  /// Writes the actor's autosave of a draft not created yet, under a key the client chooses.
  autosave save_draft(const actor& who, std::string_view draft_key, const nlohmann::json& data,
                      std::optional<std::string> title = std::nullopt);

  [[nodiscard]] std::optional<autosave> find(std::string_view user_id, std::string_view content_id) const;
  [[nodiscard]] std::optional<autosave> find_draft(std::string_view user_id, std::string_view draft_key) const;

  /// Deletes the actor's autosave; false when there was none.
  bool discard(const actor& who, std::string_view content_id);
  bool discard_draft(const actor& who, std::string_view draft_key);

 private:
  basic_store<Conn>* store_;
};

extern template class basic_autosave_repository<connection>;
using autosave_repository = basic_autosave_repository<connection>;

}  // namespace vellum::cms
