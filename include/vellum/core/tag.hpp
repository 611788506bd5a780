// `tag<T>`: an empty type that carries T, so customization points are found by argument-
// dependent lookup in the namespace of the user's own type (no macro, no specialization).
//
//   constexpr auto vellum_table(vellum::tag<user>) { return vellum::table<user>("users", …); }
#pragma once

namespace vellum {

template <class T>
struct tag {
  using type = T;
};

}  // namespace vellum
