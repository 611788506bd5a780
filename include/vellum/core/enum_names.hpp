// Enums are stored as TEXT names. A user declares the names next to the enum, found by ADL:
//
//   enum class user_role { admin, editor };
//   constexpr auto vellum_enum_names(vellum::tag<user_role>) {
//     return vellum::enum_names<user_role>({{user_role::admin, "admin"}, {user_role::editor, "editor"}});
//   }
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <type_traits>

#include "vellum/core/tag.hpp"

namespace vellum {

template <class E>
struct enum_entry {
  E value;
  std::string_view name;
};

template <class E, std::size_t N>
constexpr std::array<enum_entry<E>, N> enum_names(const enum_entry<E> (&entries)[N]) {
  static_assert(std::is_enum_v<E>, "enum_names<E>: E must be an enum");
  std::array<enum_entry<E>, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = entries[i];
  return out;
}

template <class E>
concept named_enum = std::is_enum_v<E> && requires { vellum_enum_names(tag<E>{}); };

/// The names declared for E, as a constexpr array of {value, name}.
template <named_enum E>
inline constexpr auto enum_names_of = vellum_enum_names(tag<E>{});

template <named_enum E>
[[nodiscard]] constexpr std::string_view enum_to_name(E value) {
  for (const auto& entry : enum_names_of<E>)
    if (entry.value == value) return entry.name;
  return {};
}

template <named_enum E>
[[nodiscard]] constexpr std::optional<E> enum_from_name(std::string_view name) {
  for (const auto& entry : enum_names_of<E>)
    if (entry.name == name) return entry.value;
  return std::nullopt;
}

}  // namespace vellum
