// `version_repository`: an item's immutable snapshots (VR-1…VR-13): newest-first pages, one
// version, field-path diffs, restore (a new head equal to an old version), pin and unpin.
// Versions are written by content saves; retention (collections.max_versions) prunes the oldest
// unprotected ones inside each save's transaction. docs/repositories.md has the details.
//
//   auto changes = store.versions().diff(id, 1, 3);
//   store.versions().restore(who, id, 1);
//   store.versions().pin(who, id, 2, "approved by legal");
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/cms/actor.hpp"
#include "vellum/cms/json_diff.hpp"
#include "vellum/cms/schema/content.hpp"

namespace vellum {
class connection;
}

namespace vellum::cms {

template <class Conn>
class basic_store;

/// A page of versions, newest first (VR-5): keyset on the version number.
struct version_query {
  std::int64_t limit = 20;                  // 1…500
  std::optional<std::int64_t> before{};       // next_before of the previous page
};

struct version_page {
  std::vector<content_version> versions{};
  std::optional<std::int64_t> next_before{};  // absent on the last page
};

template <class Conn>
class basic_version_repository {
 public:
  explicit basic_version_repository(basic_store<Conn>& s) noexcept : store_(&s) {}

  /// not_found when the item does not exist (deleted items keep their versions, VR-15).
  [[nodiscard]] version_page list(std::string_view content_id, const version_query& query = {}) const;
  /// Version `number`; not_found when it never existed or was pruned (VR-5).
  [[nodiscard]] content_version get(std::string_view content_id, std::int64_t number) const;
  /// What changed from version `from` to version `to` (VR-6): paths `title`, `slug`,
  /// `meta.<name>` and `data.<path>`.
  [[nodiscard]] std::vector<json_change> diff(std::string_view content_id, std::int64_t from, std::int64_t to) const;

  /// Appends head+1 equal to version `number` (kind restore, source_version `number`) and a
  /// history row `version_restored` (VR-7); the published version stays. Restoring a version
  /// equal to the head is a no-op (VR-8, CR-6).
  content restore(const actor& who, std::string_view content_id, std::int64_t number,
                  std::optional<std::int64_t> expected_revision = std::nullopt);
  /// Pins version `number` (retention never prunes it, VR-11) and sets its label (VR-13).
  content_version pin(const actor& who, std::string_view content_id, std::int64_t number,
                      std::optional<std::string> label = std::nullopt,
                      std::optional<std::int64_t> expected_revision = std::nullopt);
  /// Unpins version `number`; its label stays.
  content_version unpin(const actor& who, std::string_view content_id, std::int64_t number,
                        std::optional<std::int64_t> expected_revision = std::nullopt);

 private:
  content_version set_pinned(const actor& who, std::string_view content_id, std::int64_t number, bool pinned,
                             std::optional<std::string> label, std::optional<std::int64_t> expected_revision);
  basic_store<Conn>* store_;
};

extern template class basic_version_repository<connection>;
using version_repository = basic_version_repository<connection>;

}  // namespace vellum::cms
