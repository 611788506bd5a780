// `collections_repository`: collections, the named JSON schemas content items belong to. A
// definition is validated whole before it is written (CS-2, every problem at once); the schema
// is stored with its canonical hash, and `schema_version` rises only when that hash changes
// (CS-4), so key order or an unchanged re-save never makes a new schema version (GX-6). Every
// mutation runs in one transaction (GX-1), takes the acting `actor` (GX-4) and appends an audit
// event (GX-7). The table has no `revision` column, so mutations take no expected revision.
// Deleting a collection is content_repository::remove_collection (CR-18). sync() brings the
// managed collections in line with a set of definitions (CS-1…CS-9).
//
//   auto posts = store.collections().create(who, {.name = "posts", .display_name = "Posts", .schema = schema});
//   posts = store.collections().update(who, posts.id, {.schema = new_schema});  // schema_version 2
//   auto report = store.collections().sync(who, cms::load_collection_definitions("collections/"));
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/cms/actor.hpp"
#include "vellum/cms/collection_definition.hpp"
#include "vellum/cms/collection_sync.hpp"
#include "vellum/cms/schema/collections.hpp"

namespace vellum {
class connection;
}

namespace vellum::cms {

template <class Conn>
class basic_store;

inline constexpr std::size_t max_collection_description_length = 2000;

/// What create() needs. The schema format is docs/repositories.md's "Collection schemas".
struct new_collection {
  std::string name{};          // ^[a-z][a-z0-9_]*$, at most 64; unique; never changes
  std::string display_name{};  // non-empty, at most 200 characters
  std::optional<std::string> description{};
  nlohmann::json schema = empty_collection_schema();
  bool managed = false;            // owned by collection sync (CS-6)
  std::int64_t max_versions = 100;  // version retention, 0 = unlimited (VR-10)
  /// The bound workflow (WR-3): an active workflow shared by all collections; absent = the default.
  std::optional<std::string> workflow_id{};
};

/// What update() changes; an absent member keeps its value. An empty description clears it;
/// an empty workflow_id binds the default workflow again.
struct collection_changes {
  std::optional<std::string> display_name{};
  std::optional<std::string> description{};
  std::optional<nlohmann::json> schema{};
  std::optional<bool> managed{};
  std::optional<std::int64_t> max_versions{};  // takes effect at each item's next save (VR-12)
  std::optional<std::string> workflow_id{};
};

template <class Conn>
class basic_collections_repository {
 public:
  explicit basic_collections_repository(basic_store<Conn>& s) noexcept : store_(&s) {}

  // --- reads ---------------------------------------------------------------------------------
  /// The collection, or not_found.
  [[nodiscard]] collection get(std::string_view id) const;
  [[nodiscard]] std::optional<collection> find(std::string_view id) const;
  [[nodiscard]] std::optional<collection> find_by_name(std::string_view name) const;
  /// Every collection by name; inactive ones only when asked for. One query.
  [[nodiscard]] std::vector<collection> list(bool include_inactive = false) const;

  // --- mutations (each one transaction with an audit event) ------------------------------------
  /// validation_error (every problem of the definition at once, paths as in
  /// validate_collection_definition) or conflict{"name"}. schema_version starts at 1.
  collection create(const actor& who, const new_collection& input);
  /// Applies `changes`. schema_version rises by one exactly when the canonical schema hash
  /// changes (CS-4); a change that alters nothing writes nothing (no audit event either).
  collection update(const actor& who, std::string_view id, const collection_changes& changes);
  /// invalid_state when already inactive. Items stay; get_published hides them (CR-11).
  collection deactivate(const actor& who, std::string_view id);
  /// invalid_state when already active.
  collection reactivate(const actor& who, std::string_view id);

  /// Collection sync (CS-1…CS-9): makes each definition's collection exist, managed and active
  /// with exactly the definition's members, and deactivates (never deletes) every active managed
  /// collection the definitions do not name (CS-6). One result per definition: created, updated
  /// (a member changed, an unmanaged collection was adopted, an inactive one reactivated),
  /// unchanged (equal canonical-JSON hash, CS-3: nothing written, not even an audit event) or
  /// error (CS-2 validation, a name given twice, a conflict: that definition writes nothing).
  /// Each collection is its own transaction (CS-9): a failing definition neither stops nor
  /// rolls back the others, and syncing the same input again reports every one unchanged.
  /// A reference field may name a collection of the same input that is valid. Errors other
  /// than refusals (busy, I/O) propagate; what was synced before them stays. validation_error
  /// for an actor that names no one, before anything is written.
  collection_sync_report sync(const actor& who, std::span<const collection_definition> definitions);
  /// The same for a folder read by load_collection_definitions: its definitions, and an error
  /// for each unusable file, whose collection is then left as it is (not deactivated).
  collection_sync_report sync(const actor& who, const collection_definition_folder& folder);

 private:
  basic_store<Conn>* store_;
};

extern template class basic_collections_repository<connection>;
using collections_repository = basic_collections_repository<connection>;

}  // namespace vellum::cms
