// Relations declared on a table for eager loading (no N+1): `one` follows a foreign key to a
// single row, `many` collects the rows whose foreign key points back.
//
//   .relation<v::one<"author", &content::author_id, &user::id>>()
//   .relation<v::many<"versions", &content::id, &content_version::content_id>>()
#pragma once

#include "vellum/schema/column.hpp"
#include "vellum/schema/sql_text.hpp"

namespace vellum {

enum class relation_kind { one, many };

template <relation_kind Kind, fixed_string Name, auto LocalKey, auto TargetKey>
struct relation_def {
  static constexpr relation_kind kind = Kind;
  static constexpr auto name = Name;
  static constexpr auto local_key = LocalKey;
  static constexpr auto target_key = TargetKey;
  using local_row = typename detail::member_pointer_traits<decltype(LocalKey)>::class_type;
  using target_row = typename detail::member_pointer_traits<decltype(TargetKey)>::class_type;
  using local_value = typename detail::member_pointer_traits<decltype(LocalKey)>::value_type;
  using target_value = typename detail::member_pointer_traits<decltype(TargetKey)>::value_type;
  static_assert(std::is_same_v<typename detail::unwrap_optional<local_value>::type,
                               typename detail::unwrap_optional<target_value>::type>,
                "relation: the two key columns have different types");
};

/// Each row has at most one related row: LocalKey (a foreign key) = TargetKey.
template <fixed_string Name, auto LocalKey, auto TargetKey>
using one = relation_def<relation_kind::one, Name, LocalKey, TargetKey>;

/// Each row has any number of related rows whose TargetKey = LocalKey.
template <fixed_string Name, auto LocalKey, auto TargetKey>
using many = relation_def<relation_kind::many, Name, LocalKey, TargetKey>;

}  // namespace vellum
