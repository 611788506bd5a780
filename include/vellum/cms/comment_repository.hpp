// `comment_repository`: comments on content items, threaded through a parent comment of the
// same item, moderated pending → approved / spam / deleted. Each mutation is one transaction
// with an audit event (GX-1, GX-7); docs/repositories.md, "Comments", has the rules.
//
//   auto c = store.comments().create(cms::actor::user(uid), {.content_id = post.id, .text = "Nice"});
//   store.comments().moderate(cms::actor::user(editor), c.id, cms::comment_status::approved);
//   auto page = store.comments().thread({.content_id = post.id});   // display order, keyset pages
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/cms/actor.hpp"
#include "vellum/cms/schema/comments.hpp"

namespace vellum {
class connection;
}

namespace vellum::cms {

template <class Conn>
class basic_store;

/// What create() needs. A user actor's comment carries its user; a system actor (a host job
/// posting for an anonymous visitor) must give `author_name`.
struct comment_input {
  std::string content_id{};
  std::string text{};                        // 1…10000 characters
  std::optional<std::string> parent_id{};   // a comment of the same item, not spam or deleted
  std::optional<std::string> author_name{};  // ≤ 200 characters
  std::optional<std::string> author_email{};
};

/// One page of a thread: `content_id`'s comments whose status is in `statuses`, in display
/// order (each root by (created_at, id), its replies after it, depth first). A reply is shown
/// only under a shown parent.
struct thread_query {
  std::string content_id{};
  std::vector<comment_status> statuses{comment_status::approved};
  std::int64_t limit = 50;              // 1…500
  std::optional<std::string> cursor{};  // next_cursor of the previous page
};

struct thread_entry {
  comment item{};
  std::int64_t depth = 0;  // 0 for a root comment
};

struct thread_page {
  std::vector<thread_entry> entries{};
  std::optional<std::string> next_cursor{};  // absent on the last page
};

/// Comments per status.
struct comment_counts {
  std::int64_t pending = 0;
  std::int64_t approved = 0;
  std::int64_t spam = 0;
  std::int64_t deleted = 0;
  [[nodiscard]] std::int64_t total() const noexcept { return pending + approved + spam + deleted; }
  bool operator==(const comment_counts&) const = default;
};

template <class Conn>
class basic_comment_repository {
 public:
  explicit basic_comment_repository(basic_store<Conn>& s) noexcept : store_(&s) {}

  /// A pending comment on a live item. The actor needs content.read on the item; a missing or
  /// soft-deleted item is not_found, a parent of another item validation_error{"parent_id"}.
  comment create(const actor& who, const comment_input& input);
  /// Moves a comment to `to`: pending → approved | spam | deleted, approved → spam | deleted,
  /// spam → approved | deleted; deleted is final (else invalid_transition). The actor needs
  /// content.update on the comment's item (content.update_own on an item it authored).
  comment moderate(const actor& who, std::string_view comment_id, comment_status to);

  [[nodiscard]] comment get(std::string_view comment_id) const;
  [[nodiscard]] thread_page thread(const thread_query& query) const;
  /// Counts per status of one item's comments, or of all comments; one statement.
  [[nodiscard]] comment_counts counts(std::optional<std::string_view> content_id = std::nullopt) const;

 private:
  basic_store<Conn>* store_;
};

extern template class basic_comment_repository<connection>;
using comment_repository = basic_comment_repository<connection>;

/// Whether moderate() moves a comment from `from` to `to`.
[[nodiscard]] bool can_moderate(comment_status from, comment_status to) noexcept;

}  // namespace vellum::cms
