// Eager loading of declared relations without N+1: one query for the rows, then one query per
// relation for the whole page (`WHERE key IN (…)`, the keys bound as one JSON array), on the
// same connection (and so inside the caller's transaction).
//
//   for (const auto& p : db.select<post>().limit(20).with_related<"author", "versions">()) {
//     p.title;  p.related<"author">();  /* std::optional<user> */  p.related<"versions">();  /* std::vector<version> */
//   }
#pragma once

#include <map>
#include <optional>
#include <tuple>
#include <type_traits>
#include <vector>

#include "vellum/query/select.hpp"

namespace vellum {

namespace detail {

template <fixed_string Name, class Relations>
struct find_relation;
template <fixed_string Name, class... R>
struct find_relation<Name, type_list<R...>> {
  static constexpr std::size_t index = [] {
    std::size_t i = 0;
    std::size_t at = sizeof...(R);
    ((R::name.view() == Name.view() && at == sizeof...(R) ? (at = i, ++i) : ++i), ...);
    return at;
  }();
  static_assert(index < sizeof...(R), "with_related<\"name\">: the table declares no relation of that name");
  using type = std::tuple_element_t<(index < sizeof...(R) ? index : 0), std::tuple<R..., void>>;
};

template <class Relation>
using related_value_t = std::conditional_t<Relation::kind == relation_kind::one,
                                           std::optional<typename Relation::target_row>,
                                           std::vector<typename Relation::target_row>>;

}  // namespace detail

/// A row together with its eagerly loaded relations; the row's members are read directly.
template <class Row, class... Relations>
struct loaded : Row {
  std::tuple<detail::related_value_t<Relations>...> related_rows;

  template <fixed_string Name>
  [[nodiscard]] const auto& related() const {
    return std::get<index_of<Name>()>(related_rows);
  }
  template <fixed_string Name>
  [[nodiscard]] auto& related() {
    return std::get<index_of<Name>()>(related_rows);
  }

 private:
  template <fixed_string Name>
  static constexpr std::size_t index_of() {
    constexpr std::size_t found = [] {
      std::size_t i = 0;
      std::size_t at = sizeof...(Relations);
      ((Relations::name.view() == Name.view() && at == sizeof...(Relations) ? (at = i, ++i) : ++i), ...);
      return at;
    }();
    static_assert(found < sizeof...(Relations), "related<\"name\">(): that relation was not loaded with with_related<…>()");
    return found;
  }
};

namespace detail {

template <class Relation, std::size_t Index, class Item, class Conn>
void load_relation(Conn& db, std::vector<Item>& items) {
  using key_type = unwrap_optional_t<typename Relation::local_value>;
  using target = typename Relation::target_row;
  std::map<key_type, std::vector<std::size_t>> items_by_key;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& key = items[i].*(Relation::local_key);
    if constexpr (is_optional_v<typename Relation::local_value>) {
      if (key) items_by_key[*key].push_back(i);
    } else {
      items_by_key[key].push_back(i);
    }
  }
  if (items_by_key.empty()) return;
  std::vector<key_type> keys;
  keys.reserve(items_by_key.size());
  for (const auto& entry : items_by_key) keys.push_back(entry.first);

  auto query = vellum::select<target>().where(in(col<Relation::target_key>, keys)).with_db(&db);
  for (auto& row : query.all()) {
    const auto& target_key = row.*(Relation::target_key);
    const key_type* key = nullptr;
    if constexpr (is_optional_v<typename Relation::target_value>) {
      if (!target_key) continue;
      key = &*target_key;
    } else {
      key = &target_key;
    }
    const auto found = items_by_key.find(*key);
    if (found == items_by_key.end()) continue;
    for (std::size_t i : found->second) {
      auto& slot = std::get<Index>(items[i].related_rows);
      if constexpr (Relation::kind == relation_kind::one) slot = row;
      else slot.push_back(row);
    }
  }
}

template <fixed_string... Names, class Q>
auto load_related(const Q& query) {
  using row = typename Q::result_type;
  static_assert(mapped_row<row>, "with_related<…>(): select whole rows (select<Row>())");
  using relations = typename std::remove_cvref_t<decltype(table_of<row>)>::relations;
  using item = loaded<row, typename find_relation<Names, relations>::type...>;
  std::vector<item> items;
  for (auto& r : query.all()) items.push_back(item{std::move(r), {}});
  auto& db = require_connection(query.db);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (load_relation<typename find_relation<Names, relations>::type, I>(db, items), ...);
  }(std::index_sequence_for<decltype(Names)...>{});
  return items;
}

}  // namespace detail

}  // namespace vellum
