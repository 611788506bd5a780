// `type_list<T…>`: compile-time lists of types, for the query builder's bookkeeping (which
// tables a query reads, which parameters it takes).
//
//   using l = vellum::type_list<int, char>;  static_assert(vellum::contains_v<l, int>);
#pragma once

#include <cstddef>
#include <type_traits>

namespace vellum {

template <class... T>
struct type_list {
  static constexpr std::size_t size = sizeof...(T);
};

template <class List, class T>
struct contains;
template <class... Ts, class T>
struct contains<type_list<Ts...>, T> : std::bool_constant<(std::is_same_v<Ts, T> || ...)> {};
template <class List, class T>
inline constexpr bool contains_v = contains<List, T>::value;

template <class... Lists>
struct concat {
  using type = type_list<>;
};
template <class... A>
struct concat<type_list<A...>> {
  using type = type_list<A...>;
};
template <class... A, class... B, class... Rest>
struct concat<type_list<A...>, type_list<B...>, Rest...> {
  using type = typename concat<type_list<A..., B...>, Rest...>::type;
};
template <class... Lists>
using concat_t = typename concat<Lists...>::type;

/// Every type of `Sub` is in `Super`.
template <class Sub, class Super>
struct is_subset;
template <class... S, class Super>
struct is_subset<type_list<S...>, Super> : std::bool_constant<(contains_v<Super, S> && ...)> {};
template <class Sub, class Super>
inline constexpr bool is_subset_v = is_subset<Sub, Super>::value;

/// The types of `List` that are not in `Remove`.
template <class List, class Remove>
struct difference;
template <class Remove>
struct difference<type_list<>, Remove> {
  using type = type_list<>;
};
template <class T, class... Ts, class Remove>
struct difference<type_list<T, Ts...>, Remove> {
  using rest = typename difference<type_list<Ts...>, Remove>::type;
  using type = std::conditional_t<contains_v<Remove, T>, rest, concat_t<type_list<T>, rest>>;
};
template <class List, class Remove>
using difference_t = typename difference<List, Remove>::type;

}  // namespace vellum
