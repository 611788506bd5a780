// Aggregate functions with exact result types: count() → int64, sum(int) → optional<int64>,
// sum(real) and avg() → optional<double>, min/max(T) → optional<T>.
//
//   db.select(col<&content::status>, v::count()).from<content>().group_by(col<&content::status>).all();
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "vellum/query/expression.hpp"

namespace vellum {

struct count_all_node : expression_base {
  using result_type = std::int64_t;
  static constexpr bool is_aggregate = true;
  static constexpr bool null_safe = true;
  static constexpr void render(sql_writer& w, const count_all_node*) { w.raw("COUNT(*)"); }
  template <class B>
  void bind(B&) const {}
};

template <class Name, class Result, class E, bool Distinct = false>
struct aggregate_node : expression_base {
  using result_type = Result;
  using sources = typename E::sources;
  using params = typename E::params;
  static constexpr bool is_static = E::is_static;
  static constexpr bool is_aggregate = true;
  static constexpr bool null_safe = !is_optional_v<Result>;
  E inner;
  static constexpr void render(sql_writer& w, const aggregate_node* self) {
    w.raw(Name::sql);
    w.raw(Distinct ? "(DISTINCT " : "(");
    E::render(w, detail::child(self, &aggregate_node::inner));
    w.raw(')');
  }
  template <class B>
  void bind(B& b) const {
    inner.bind(b);
  }
};

namespace fn {
struct count {
  static constexpr std::string_view sql = "COUNT";
};
struct sum {
  static constexpr std::string_view sql = "SUM";
};
struct avg {
  static constexpr std::string_view sql = "AVG";
};
struct min {
  static constexpr std::string_view sql = "MIN";
};
struct max {
  static constexpr std::string_view sql = "MAX";
};
}  // namespace fn

constexpr count_all_node count() { return {}; }

template <expression E>
constexpr auto count(const E& e) {
  return aggregate_node<fn::count, std::int64_t, E>{{}, e};
}
template <expression E>
constexpr auto count_distinct(const E& e) {
  return aggregate_node<fn::count, std::int64_t, E, true>{{}, e};
}
template <expression E>
constexpr auto sum(const E& e) {
  using t = detail::unwrap_optional_t<typename E::result_type>;
  static_assert(detail::numeric_value<t>, "sum(): only numbers can be summed");
  using r = std::conditional_t<std::is_floating_point_v<t>, double, std::int64_t>;
  return aggregate_node<fn::sum, std::optional<r>, E>{{}, e};
}
template <expression E>
constexpr auto avg(const E& e) {
  static_assert(detail::numeric_value<typename E::result_type>, "avg(): only numbers can be averaged");
  return aggregate_node<fn::avg, std::optional<double>, E>{{}, e};
}
template <expression E>
constexpr auto min(const E& e) {
  return aggregate_node<fn::min, std::optional<detail::unwrap_optional_t<typename E::result_type>>, E>{{}, e};
}
template <expression E>
constexpr auto max(const E& e) {
  return aggregate_node<fn::max, std::optional<detail::unwrap_optional_t<typename E::result_type>>, E>{{}, e};
}

}  // namespace vellum
