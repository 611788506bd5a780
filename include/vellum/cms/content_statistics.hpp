// `content_statistics`: how many items there are, per status, by collection or by author. Each
// report is ONE SQL statement (an aggregate with CASE per status, like the seed's dashboard
// query), whatever the number of collections or authors. Soft-deleted items are not counted.
//
//   for (const auto& row : store.statistics().by_collection())
//     std::cout << row.collection_name << ": " << row.counts.published << " published\n";
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vellum {
class connection;
}

namespace vellum::cms {

template <class Conn>
class basic_store;

/// Items per status; `total` counts them all (scheduled included).
struct status_counts {
  std::int64_t total = 0;
  std::int64_t published = 0;
  std::int64_t draft = 0;
  std::int64_t changed = 0;
  std::int64_t archived = 0;
  std::int64_t scheduled = 0;
  bool operator==(const status_counts&) const = default;
};

struct collection_statistics {
  std::string collection_id{};
  std::string collection_name{};
  status_counts counts{};
};

struct author_statistics {
  std::string author_id{};
  status_counts counts{};
};

template <class Conn>
class basic_content_statistics {
 public:
  explicit basic_content_statistics(basic_store<Conn>& s) noexcept : store_(&s) {}

  /// Every collection, empty ones included, by name.
  [[nodiscard]] std::vector<collection_statistics> by_collection() const;
  /// Every author of at least one live item, by author id; optionally within one collection.
  [[nodiscard]] std::vector<author_statistics> by_author(std::optional<std::string> collection_id = std::nullopt) const;

 private:
  basic_store<Conn>* store_;
};

extern template class basic_content_statistics<connection>;
using content_statistics = basic_content_statistics<connection>;

}  // namespace vellum::cms
