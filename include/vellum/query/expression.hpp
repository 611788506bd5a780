// Expressions of the query builder: columns (`col<&T::m>`), bound values, comparisons, logic,
// LIKE/IN/BETWEEN/IS NULL, arithmetic, COALESCE, CASE, raw SQL, named parameters and dynamic
// (run-time optional) conditions. Each node renders its SQL from its type alone when it is
// static, and binds its values in the same order it rendered its placeholders.
//
//   using v::col;
//   auto cond = col<&content::status> == status::published && v::like(col<&content::title>, "%news%");
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "vellum/core/type_list.hpp"
#include "vellum/core/value_traits.hpp"
#include "vellum/query/source.hpp"
#include "vellum/schema/sql_text.hpp"
#include "vellum/schema/table.hpp"

namespace vellum {

/// Base of every expression node.
struct expression_base {
  using sources = type_list<>;       // the tables (sources) the expression reads
  using params = type_list<>;        // named parameters it takes (param_node types)
  static constexpr bool is_static = true;
  static constexpr bool is_aggregate = false;     // contains an aggregate function
  static constexpr bool has_plain_column = false; // contains a column outside any aggregate
  static constexpr bool null_safe = false;        // never NULL even over outer-joined sources
};

template <class T>
concept expression = std::derived_from<std::remove_cvref_t<T>, expression_base>;

template <class T>
concept predicate = expression<T> && std::same_as<typename std::remove_cvref_t<T>::result_type, bool>;

/// A construct only PostgreSQL renders (ilike). It travels up the expression tree in the node's
/// `params` list, like a named parameter, so the query type knows it at compile time and a query
/// run on another dialect's connection fails to compile; it binds nothing.
struct postgres_only_ilike {
  static constexpr fixed_string<1> name{""};
};

namespace detail {

/// What `params` holds besides named parameters: dialect requirements.
using dialect_requirements = type_list<postgres_only_ilike>;
/// The named parameters (param_node types) of a `params` list.
template <class Params>
using named_params_t = difference_t<Params, dialect_requirements>;

/// Whether a query with `Params` may run in dialect D; a readable error names what does not.
template <class Params, dialect D>
consteval bool check_dialect() {
  static_assert(D == dialect::postgres || !contains_v<Params, postgres_only_ilike>,
                "ilike is PostgreSQL-only; on SQLite use like() (ASCII case-insensitive) or lower()");
  return true;
}

/// The child at `member` of `self`, or null during static (type-only) rendering.
template <class N, class M>
constexpr const M* child(const N* self, M N::* member) {
  return self != nullptr ? &(self->*member) : nullptr;
}

/// Whether a node takes part in the query (a dynamic() condition may be switched off).
template <class N>
constexpr bool active(const N* self) {
  if constexpr (requires { N::is_active(self); }) return N::is_active(self);
  else return true;
}

template <class T>
using unwrap_optional_t = typename unwrap_optional<std::remove_cvref_t<T>>::type;

template <class T>
struct is_sys_time : std::false_type {};
template <class D>
struct is_sys_time<std::chrono::sys_time<D>> : std::true_type {};

/// A value (or expression) of C++ type V may stand beside a column of type C: the same kind of
/// value, with no implicit pointer→bool, int→enum or string↔number conversions.
template <class C, class V>
consteval bool value_matches() {
  using c = unwrap_optional_t<C>;
  using x = unwrap_optional_t<std::decay_t<V>>;
  if constexpr (std::is_same_v<x, std::nullopt_t> || std::is_same_v<x, std::nullptr_t>) return false;
  else if constexpr (std::is_same_v<c, std::string>)
    return std::is_same_v<x, std::string> || std::is_same_v<x, std::string_view> ||
           std::is_same_v<x, const char*> || std::is_same_v<x, char*>;
  else if constexpr (std::is_same_v<c, bool>) return std::is_same_v<x, bool>;
  else if constexpr (std::is_enum_v<c>) return std::is_same_v<x, c>;
  else if constexpr (std::is_integral_v<c>)
    return std::is_integral_v<x> && !std::is_same_v<x, bool> && !std::is_same_v<x, char>;
  else if constexpr (std::is_floating_point_v<c>) return std::is_arithmetic_v<x> && !std::is_same_v<x, bool>;
  else if constexpr (is_sys_time<c>::value) return is_sys_time<x>::value && std::is_convertible_v<x, c>;
  else if constexpr (std::is_same_v<c, blob>) return std::is_same_v<x, blob> || std::is_same_v<x, std::span<const std::byte>>;
  else return std::is_same_v<x, c>;
}

template <class B, class T>
void bind_one(B& binder, const T& value) {
  binder.value(value);
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// Columns

template <auto Member, class Source>
struct column_ref;

/// A value bound as a parameter: renders `?`.
template <class T>
struct bound : expression_base {
  using result_type = T;
  T value;
  static constexpr void render(sql_writer& w, const bound*) { w.placeholder(); }
  template <class B>
  void bind(B& b) const {
    b.value(value);
  }
};

/// A named placeholder of a prepared query, before its type is known: `v::param<"slug">`.
template <fixed_string Name>
struct param_placeholder {};

/// A named placeholder whose type came from the column it was compared with.
template <fixed_string Name, class T>
struct param_node : expression_base {
  using result_type = T;
  using params = type_list<param_node>;
  static constexpr auto name = Name;
  static constexpr void render(sql_writer& w, const param_node*) { w.placeholder(); }
  template <class B>
  void bind(B& b) const {
    b.template param<Name, T>();
  }
};

template <fixed_string Name>
inline constexpr param_placeholder<Name> param{};

namespace detail {
template <class T>
struct is_param_placeholder : std::false_type {};
template <fixed_string N>
struct is_param_placeholder<param_placeholder<N>> : std::true_type {};
template <class T>
struct param_name;
template <fixed_string N>
struct param_name<param_placeholder<N>> {
  static constexpr auto value = N;
};

/// The bound type for a value V placed beside an expression of type C.
template <class C, class V>
using bound_type_for = std::conditional_t<is_optional_v<std::remove_cvref_t<V>>, std::optional<unwrap_optional_t<C>>,
                                          unwrap_optional_t<C>>;

/// Turns an operand into a node: expressions stay, parameters get C's type, values are bound.
template <class C, class V>
constexpr auto to_node(V&& value) {
  using raw = std::remove_cvref_t<V>;
  if constexpr (expression<raw>) return raw(std::forward<V>(value));
  else if constexpr (is_param_placeholder<raw>::value) return param_node<param_name<raw>::value, unwrap_optional_t<C>>{};
  else {
    using stored = bound_type_for<C, V>;
    if constexpr (std::is_array_v<raw>) return bound<stored>{{}, stored(value)};
    else return bound<stored>{{}, static_cast<stored>(std::forward<V>(value))};
  }
}

template <class C, class V>
using node_t = decltype(to_node<C>(std::declval<V>()));

template <class C, class V>
consteval bool operand_matches() {
  using raw = std::remove_cvref_t<V>;
  if constexpr (expression<raw>) return value_matches<C, typename raw::result_type>();
  else if constexpr (is_param_placeholder<raw>::value) return true;
  else return value_matches<C, V>();
}
}  // namespace detail

/// An assignment in UPDATE … SET or a partial insert: `col<&T::m> = value`.
template <class Column, class Value>
struct assignment {
  using column = Column;
  using value_node = Value;
  Value value;
};

/// A column of a source in the query: `col<&user::email>` or `col<&category::id, parent>`.
template <auto Member, class Source>
struct column_ref : expression_base {
  using member_traits = detail::member_pointer_traits<decltype(Member)>;
  using row_type = typename member_traits::class_type;
  using value_type = typename member_traits::value_type;
  using result_type = value_type;
  using source_type = Source;
  using sources = type_list<Source>;
  static constexpr bool has_plain_column = true;
  static constexpr auto member = Member;
  static_assert(std::is_same_v<typename Source::row, row_type>, "col<&T::m, S>: S must be T or an alias of T");

  static constexpr std::string_view name() { return detail::column_of<Member>.name; }
  static constexpr void render(sql_writer& w, const column_ref*) {
    w.identifier(Source::name());
    w.raw('.');
    w.identifier(name());
  }
  template <class B>
  void bind(B&) const {}

  /// `col<&T::m> = value` makes an assignment for update().set(…) and insert_into().values(…).
  template <class V>
  constexpr auto operator=(V&& value) const {
    if constexpr (std::is_same_v<std::remove_cvref_t<V>, std::nullopt_t>) {  // SET col = NULL
      static_assert(is_optional_v<value_type>,
                    "assignment: std::nullopt (NULL) cannot be written to a NOT NULL column");
      if constexpr (is_optional_v<value_type>) return assignment<column_ref, bound<value_type>>{{{}, value_type{}}};
      else return assignment<column_ref, column_ref>{*this};  // only after the failed assertion
    } else {
      constexpr bool same_type = detail::operand_matches<value_type, V>();
      static_assert(same_type, "assignment: the value's type does not match the column's type; assign a value of "
                               "the column's type");
      static_assert(!same_type || is_optional_v<value_type> || !is_optional_v<std::remove_cvref_t<V>>,
                    "assignment: a std::optional value cannot be written to a NOT NULL column; assign *value");
      if constexpr (same_type)
        return assignment<column_ref, detail::node_t<value_type, V>>{
            detail::to_node<value_type>(std::forward<V>(value))};
      else return assignment<column_ref, column_ref>{*this};  // only after the failed assertion: no cascade
    }
  }
};

template <auto Member, class Source = source<typename detail::member_pointer_traits<decltype(Member)>::class_type>>
inline constexpr column_ref<Member, as_source_t<Source>> col{};

/// `set<&T::m>(value)`: the same as `col<&T::m> = value`.
template <auto Member, class V>
constexpr auto set(V&& value) {
  return col<Member> = std::forward<V>(value);
}

// ---------------------------------------------------------------------------------------------
// Comparisons and logic

namespace op {
struct eq {
  static constexpr std::string_view sql = " = ";
};
struct ne {
  static constexpr std::string_view sql = " <> ";
};
struct lt {
  static constexpr std::string_view sql = " < ";
};
struct le {
  static constexpr std::string_view sql = " <= ";
};
struct gt {
  static constexpr std::string_view sql = " > ";
};
struct ge {
  static constexpr std::string_view sql = " >= ";
};
struct like {
  static constexpr std::string_view sql = " LIKE ";
};
struct not_like {
  static constexpr std::string_view sql = " NOT LIKE ";
};
struct ilike {
  static constexpr std::string_view sql = " ILIKE ";
};
struct not_ilike {
  static constexpr std::string_view sql = " NOT ILIKE ";
};
struct plus {
  static constexpr std::string_view sql = " + ";
};
struct minus {
  static constexpr std::string_view sql = " - ";
};
struct times {
  static constexpr std::string_view sql = " * ";
};
struct divide {
  static constexpr std::string_view sql = " / ";
};
struct modulo {
  static constexpr std::string_view sql = " % ";
};
}  // namespace op

template <class Op, class L, class R>
struct binary_node : expression_base {
  using result_type = bool;
  using sources = concat_t<typename L::sources, typename R::sources>;
  using params = concat_t<typename L::params, typename R::params>;
  static constexpr bool is_static = L::is_static && R::is_static;
  static constexpr bool is_aggregate = L::is_aggregate || R::is_aggregate;
  static constexpr bool has_plain_column = L::has_plain_column || R::has_plain_column;
  L lhs;
  R rhs;
  static constexpr void render(sql_writer& w, const binary_node* self) {
    L::render(w, detail::child(self, &binary_node::lhs));
    w.raw(Op::sql);
    R::render(w, detail::child(self, &binary_node::rhs));
  }
  template <class B>
  void bind(B& b) const {
    lhs.bind(b);
    rhs.bind(b);
  }
};

namespace detail {
template <class Op, class L, class R>
constexpr auto compare(const L& lhs, R&& rhs) {
  using lhs_type = typename L::result_type;
  using raw = std::remove_cvref_t<R>;
  constexpr bool null_literal = std::is_same_v<raw, std::nullopt_t> || std::is_same_v<raw, std::nullptr_t>;
  constexpr bool same_type = operand_matches<lhs_type, R>();
  static_assert(!null_literal, "comparison with NULL is never true: use v::is_null(e) or v::is_not_null(e)");
  static_assert(null_literal || same_type,
                "comparison: the two sides have different types (no implicit int->enum, pointer->bool or "
                "string<->number); compare with a value of the column's type");
  if constexpr (same_type)
    return binary_node<Op, L, node_t<lhs_type, R>>{{}, lhs, to_node<lhs_type>(std::forward<R>(rhs))};
  else return binary_node<Op, L, L>{{}, lhs, lhs};  // only after a failed assertion: no cascade of errors
}
}  // namespace detail

template <expression L, class R>
constexpr auto operator==(const L& lhs, R&& rhs) {
  return detail::compare<op::eq>(lhs, std::forward<R>(rhs));
}
template <expression L, class R>
constexpr auto operator!=(const L& lhs, R&& rhs) {
  return detail::compare<op::ne>(lhs, std::forward<R>(rhs));
}
template <expression L, class R>
constexpr auto operator<(const L& lhs, R&& rhs) {
  return detail::compare<op::lt>(lhs, std::forward<R>(rhs));
}
template <expression L, class R>
constexpr auto operator<=(const L& lhs, R&& rhs) {
  return detail::compare<op::le>(lhs, std::forward<R>(rhs));
}
template <expression L, class R>
constexpr auto operator>(const L& lhs, R&& rhs) {
  return detail::compare<op::gt>(lhs, std::forward<R>(rhs));
}
template <expression L, class R>
constexpr auto operator>=(const L& lhs, R&& rhs) {
  return detail::compare<op::ge>(lhs, std::forward<R>(rhs));
}

/// `a AND b`, `a OR b`: a side switched off by dynamic() drops out.
template <bool IsAnd, class L, class R>
struct logical_node : expression_base {
  using result_type = bool;
  using sources = concat_t<typename L::sources, typename R::sources>;
  using params = concat_t<typename L::params, typename R::params>;
  static constexpr bool is_static = L::is_static && R::is_static;
  static constexpr bool is_aggregate = L::is_aggregate || R::is_aggregate;
  static constexpr bool has_plain_column = L::has_plain_column || R::has_plain_column;
  L lhs;
  R rhs;
  static constexpr bool is_active(const logical_node* self) {
    return detail::active(detail::child(self, &logical_node::lhs)) ||
           detail::active(detail::child(self, &logical_node::rhs));
  }
  static constexpr void render(sql_writer& w, const logical_node* self) {
    const auto* l = detail::child(self, &logical_node::lhs);
    const auto* r = detail::child(self, &logical_node::rhs);
    const bool left_on = detail::active(l);
    const bool right_on = detail::active(r);
    if (left_on && right_on) {
      w.raw('(');
      L::render(w, l);
      w.raw(IsAnd ? " AND " : " OR ");
      R::render(w, r);
      w.raw(')');
    } else if (left_on) {
      L::render(w, l);
    } else if (right_on) {
      R::render(w, r);
    }
  }
  template <class B>
  void bind(B& b) const {
    if (detail::active(&lhs)) lhs.bind(b);
    if (detail::active(&rhs)) rhs.bind(b);
  }
};

template <expression L, expression R>
constexpr auto operator&&(const L& lhs, const R& rhs) {
  static_assert(predicate<L> && predicate<R>, "&&: both sides must be conditions (comparisons, like, in, …)");
  return logical_node<true, L, R>{{}, lhs, rhs};
}
template <expression L, expression R>
constexpr auto operator||(const L& lhs, const R& rhs) {
  static_assert(predicate<L> && predicate<R>, "||: both sides must be conditions (comparisons, like, in, …)");
  return logical_node<false, L, R>{{}, lhs, rhs};
}

template <class E>
struct not_node : expression_base {
  using result_type = bool;
  using sources = typename E::sources;
  using params = typename E::params;
  static constexpr bool is_static = E::is_static;
  static constexpr bool is_aggregate = E::is_aggregate;
  static constexpr bool has_plain_column = E::has_plain_column;
  E inner;
  static constexpr bool is_active(const not_node* self) { return detail::active(detail::child(self, &not_node::inner)); }
  static constexpr void render(sql_writer& w, const not_node* self) {
    w.raw("NOT (");
    E::render(w, detail::child(self, &not_node::inner));
    w.raw(')');
  }
  template <class B>
  void bind(B& b) const {
    inner.bind(b);
  }
};

template <expression E>
constexpr auto operator!(const E& e) {
  static_assert(predicate<E>, "!: only a condition can be negated");
  return not_node<E>{{}, e};
}

/// A condition used only when `enabled` is true at run time; switched off, it drops out of the
/// AND/OR around it (and a WHERE of only switched-off conditions disappears).
template <class E>
struct dynamic_node : expression_base {
  using result_type = bool;
  using sources = typename E::sources;
  using params = typename E::params;
  static constexpr bool is_static = false;
  static constexpr bool has_plain_column = E::has_plain_column;
  bool enabled;
  E inner;
  static constexpr bool is_active(const dynamic_node* self) { return self != nullptr && self->enabled; }
  static constexpr void render(sql_writer& w, const dynamic_node* self) {
    E::render(w, detail::child(self, &dynamic_node::inner));
  }
  template <class B>
  void bind(B& b) const {
    if (enabled) inner.bind(b);
  }
};

template <predicate E>
constexpr auto dynamic(bool enabled, const E& condition) {
  return dynamic_node<E>{{}, enabled, condition};
}

// ---------------------------------------------------------------------------------------------
// LIKE, BETWEEN, IS NULL, IN

template <expression E, class P>
constexpr auto like(const E& e, P&& pattern) {
  static_assert(std::is_same_v<detail::unwrap_optional_t<typename E::result_type>, std::string>,
                "like(): only a text column or expression can be matched with LIKE");
  using pattern_node = detail::node_t<std::string, P>;
  return binary_node<op::like, E, pattern_node>{{}, e, detail::to_node<std::string>(std::forward<P>(pattern))};
}
template <expression E, class P>
constexpr auto not_like(const E& e, P&& pattern) {
  static_assert(std::is_same_v<detail::unwrap_optional_t<typename E::result_type>, std::string>,
                "not_like(): only a text column or expression can be matched with LIKE");
  using pattern_node = detail::node_t<std::string, P>;
  return binary_node<op::not_like, E, pattern_node>{{}, e, detail::to_node<std::string>(std::forward<P>(pattern))};
}

/// A comparison only PostgreSQL has (ILIKE): binary_node plus the requirement in `params`.
template <class Op, class L, class R>
struct postgres_only_node : binary_node<Op, L, R> {
  using params = concat_t<typename binary_node<Op, L, R>::params, type_list<postgres_only_ilike>>;
};

/// `e ILIKE pattern` (PostgreSQL only: case-insensitive LIKE, Unicode-aware by the database's
/// collation). On an SQLite connection the query does not compile.
template <expression E, class P>
constexpr auto ilike(const E& e, P&& pattern) {
  static_assert(std::is_same_v<detail::unwrap_optional_t<typename E::result_type>, std::string>,
                "ilike(): only a text column or expression can be matched with ILIKE");
  using pattern_node = detail::node_t<std::string, P>;
  return postgres_only_node<op::ilike, E, pattern_node>{{{}, e, detail::to_node<std::string>(std::forward<P>(pattern))}};
}
/// `e NOT ILIKE pattern` (PostgreSQL only).
template <expression E, class P>
constexpr auto not_ilike(const E& e, P&& pattern) {
  static_assert(std::is_same_v<detail::unwrap_optional_t<typename E::result_type>, std::string>,
                "not_ilike(): only a text column or expression can be matched with ILIKE");
  using pattern_node = detail::node_t<std::string, P>;
  return postgres_only_node<op::not_ilike, E, pattern_node>{
      {{}, e, detail::to_node<std::string>(std::forward<P>(pattern))}};
}

template <class E, class Low, class High>
struct between_node : expression_base {
  using result_type = bool;
  using sources = concat_t<typename E::sources, typename Low::sources, typename High::sources>;
  using params = concat_t<typename E::params, typename Low::params, typename High::params>;
  static constexpr bool is_static = E::is_static && Low::is_static && High::is_static;
  static constexpr bool has_plain_column = E::has_plain_column;
  E inner;
  Low low;
  High high;
  static constexpr void render(sql_writer& w, const between_node* self) {
    E::render(w, detail::child(self, &between_node::inner));
    w.raw(" BETWEEN ");
    Low::render(w, detail::child(self, &between_node::low));
    w.raw(" AND ");
    High::render(w, detail::child(self, &between_node::high));
  }
  template <class B>
  void bind(B& b) const {
    inner.bind(b);
    low.bind(b);
    high.bind(b);
  }
};

template <expression E, class Low, class High>
constexpr auto between(const E& e, Low&& low, High&& high) {
  using t = typename E::result_type;
  static_assert(detail::operand_matches<t, Low>() && detail::operand_matches<t, High>(),
                "between(): the bounds' types do not match the expression's type");
  return between_node<E, detail::node_t<t, Low>, detail::node_t<t, High>>{
      {}, e, detail::to_node<t>(std::forward<Low>(low)), detail::to_node<t>(std::forward<High>(high))};
}

template <class E, bool Negated>
struct null_check_node : expression_base {
  using result_type = bool;
  using sources = typename E::sources;
  using params = typename E::params;
  static constexpr bool is_static = E::is_static;
  static constexpr bool has_plain_column = E::has_plain_column;
  E inner;
  static constexpr void render(sql_writer& w, const null_check_node* self) {
    E::render(w, detail::child(self, &null_check_node::inner));
    w.raw(Negated ? " IS NOT NULL" : " IS NULL");
  }
  template <class B>
  void bind(B& b) const {
    inner.bind(b);
  }
};

template <expression E>
constexpr auto is_null(const E& e) {
  return null_check_node<E, false>{{}, e};
}
template <expression E>
constexpr auto is_not_null(const E& e) {
  return null_check_node<E, true>{{}, e};
}

namespace detail {
/// An IN list element (`value`, text from jsonb_array_elements_text) as PostgreSQL type T; see list_item_json.
template <class T>
constexpr void write_list_item_postgres(sql_writer& w) {
  if constexpr (is_sys_time<T>::value) {
    using period = typename T::duration::period;
    w.raw("to_timestamp(CAST(value AS DOUBLE PRECISION) * ");
    w.integer(period::num);
    w.raw(" / ");
    w.integer(period::den);
    w.raw(")");
  } else if constexpr (std::is_same_v<T, bool>) {
    w.raw("CAST(value AS BOOLEAN)");  // list_item_json writes 1/0, which BOOLEAN reads
  } else if constexpr (std::is_floating_point_v<T>) {
    w.raw("CAST(value AS DOUBLE PRECISION)");
  } else if constexpr (std::is_integral_v<T>) {
    w.raw("CAST(value AS BIGINT)");
  } else {
    w.raw("value");  // text and named enums
  }
}
}  // namespace detail

/// `x IN (…)` over a run-time list. The list is bound as one JSON array parameter and read with
/// json_each (PostgreSQL: jsonb_array_elements_text), so the SQL text (and its cached statement) does not depend on the list's length;
/// an empty list matches nothing (NOT IN: everything).
template <class E, class T, bool Negated>
struct in_list_node : expression_base {
  using result_type = bool;
  using sources = typename E::sources;
  using params = typename E::params;
  static constexpr bool is_static = E::is_static;
  static constexpr bool has_plain_column = E::has_plain_column;
  E inner;
  std::string values_json;
  static constexpr void render(sql_writer& w, const in_list_node* self) {
    E::render(w, detail::child(self, &in_list_node::inner));
    if (w.postgres()) {
      // The array's elements as text, cast back to the compared type.
      w.raw(Negated ? " NOT IN (SELECT " : " IN (SELECT ");
      detail::write_list_item_postgres<detail::unwrap_optional_t<T>>(w);
      w.raw(" FROM jsonb_array_elements_text(CAST(");
      w.placeholder();
      w.raw(" AS JSONB)))");
      return;
    }
    w.raw(Negated ? " NOT IN (SELECT value FROM json_each(" : " IN (SELECT value FROM json_each(");
    w.placeholder();
    w.raw("))");
  }
  template <class B>
  void bind(B& b) const {
    inner.bind(b);
    b.value(values_json);
  }
};

namespace detail {
template <class T>
nlohmann::json list_item_json(const T& value) {
  using x = unwrap_optional_t<T>;
  if constexpr (is_optional_v<T>) {
    if (!value) return nullptr;
    return list_item_json<x>(*value);
  } else if constexpr (named_enum<x>) {
    return std::string(enum_to_name(value));
  } else if constexpr (is_sys_time<x>::value) {
    return static_cast<std::int64_t>(value.time_since_epoch().count());
  } else if constexpr (std::is_same_v<x, bool>) {
    return value ? 1 : 0;
  } else {
    return value;
  }
}
template <class Range>
std::string list_json(const Range& values) {
  auto array = nlohmann::json::array();
  for (const auto& v : values) array.push_back(list_item_json(v));
  return array.dump();
}
}  // namespace detail

template <class E, class Q, bool Negated>
struct in_subquery_node;

template <expression E, class Range>
  requires(!expression<Range>)
auto in(const E& e, const Range& values) {
  using item = std::ranges::range_value_t<Range>;
  static_assert(detail::value_matches<typename E::result_type, item>(),
                "in(): the list's element type does not match the expression's type");
  return in_list_node<E, item, false>{{}, e, detail::list_json(values)};
}
template <expression E, class Range>
  requires(!expression<Range>)
auto not_in(const E& e, const Range& values) {
  using item = std::ranges::range_value_t<Range>;
  static_assert(detail::value_matches<typename E::result_type, item>(),
                "not_in(): the list's element type does not match the expression's type");
  return in_list_node<E, item, true>{{}, e, detail::list_json(values)};
}
template <expression E, class T>
auto in(const E& e, std::initializer_list<T> values) {
  return in(e, std::vector<T>(values));
}
template <expression E, class T>
auto not_in(const E& e, std::initializer_list<T> values) {
  return not_in(e, std::vector<T>(values));
}

// ---------------------------------------------------------------------------------------------
// Arithmetic, COALESCE, CASE, raw SQL

namespace detail {
template <class A, class B>
using arithmetic_result = std::conditional_t<std::is_floating_point_v<unwrap_optional_t<A>> ||
                                                 std::is_floating_point_v<unwrap_optional_t<B>>,
                                             double, std::int64_t>;
}

template <class Op, class L, class R>
struct arithmetic_node : expression_base {
  using plain = detail::arithmetic_result<typename L::result_type, typename R::result_type>;
  using result_type = std::conditional_t<is_optional_v<typename L::result_type> ||
                                             is_optional_v<typename R::result_type>,
                                         std::optional<plain>, plain>;
  using sources = concat_t<typename L::sources, typename R::sources>;
  using params = concat_t<typename L::params, typename R::params>;
  static constexpr bool is_static = L::is_static && R::is_static;
  static constexpr bool is_aggregate = L::is_aggregate || R::is_aggregate;
  static constexpr bool has_plain_column = L::has_plain_column || R::has_plain_column;
  L lhs;
  R rhs;
  static constexpr void render(sql_writer& w, const arithmetic_node* self) {
    w.raw('(');
    L::render(w, detail::child(self, &arithmetic_node::lhs));
    w.raw(Op::sql);
    R::render(w, detail::child(self, &arithmetic_node::rhs));
    w.raw(')');
  }
  template <class B>
  void bind(B& b) const {
    lhs.bind(b);
    rhs.bind(b);
  }
};

namespace detail {
template <class T>
concept numeric_value = std::is_arithmetic_v<unwrap_optional_t<T>> && !std::is_same_v<unwrap_optional_t<T>, bool>;

template <class Op, class L, class R>
constexpr auto make_arithmetic(const L& lhs, R&& rhs) {
  static_assert(numeric_value<typename L::result_type>, "arithmetic: the left side is not a number");
  using rhs_node = node_t<unwrap_optional_t<typename L::result_type>, R>;
  static_assert(numeric_value<typename rhs_node::result_type>, "arithmetic: the right side is not a number");
  return arithmetic_node<Op, L, rhs_node>{{}, lhs, to_node<unwrap_optional_t<typename L::result_type>>(std::forward<R>(rhs))};
}
}  // namespace detail

template <expression L, class R>
constexpr auto operator+(const L& lhs, R&& rhs) {
  return detail::make_arithmetic<op::plus>(lhs, std::forward<R>(rhs));
}
template <expression L, class R>
constexpr auto operator-(const L& lhs, R&& rhs) {
  return detail::make_arithmetic<op::minus>(lhs, std::forward<R>(rhs));
}
template <expression L, class R>
constexpr auto operator*(const L& lhs, R&& rhs) {
  return detail::make_arithmetic<op::times>(lhs, std::forward<R>(rhs));
}
template <expression L, class R>
constexpr auto operator/(const L& lhs, R&& rhs) {
  return detail::make_arithmetic<op::divide>(lhs, std::forward<R>(rhs));
}
template <expression L, class R>
constexpr auto operator%(const L& lhs, R&& rhs) {
  return detail::make_arithmetic<op::modulo>(lhs, std::forward<R>(rhs));
}

/// COALESCE(a, b, …): the first non-NULL; not optional when the last operand is not.
template <class... E>
struct coalesce_node : expression_base {
  using last = std::tuple_element_t<sizeof...(E) - 1, std::tuple<E...>>;
  using first = std::tuple_element_t<0, std::tuple<E...>>;
  using plain = detail::unwrap_optional_t<typename first::result_type>;
  using result_type = std::conditional_t<is_optional_v<typename last::result_type>, std::optional<plain>, plain>;
  using sources = concat_t<typename E::sources...>;
  using params = concat_t<typename E::params...>;
  static constexpr bool is_static = (E::is_static && ...);
  static constexpr bool is_aggregate = (E::is_aggregate || ...);
  static constexpr bool has_plain_column = (E::has_plain_column || ...);
  static constexpr bool null_safe = !is_optional_v<typename last::result_type> && !last::has_plain_column;
  std::tuple<E...> operands;
  static constexpr void render(sql_writer& w, const coalesce_node* self) {
    w.raw("COALESCE(");
    render_operands(w, self, std::index_sequence_for<E...>{});
    w.raw(')');
  }
  template <class B>
  void bind(B& b) const {
    std::apply([&](const auto&... e) { (e.bind(b), ...); }, operands);
  }

 private:
  template <std::size_t... I>
  static constexpr void render_operands(sql_writer& w, const coalesce_node* self, std::index_sequence<I...>) {
    ((I > 0 ? w.raw(", ") : void(), E::render(w, self != nullptr ? &std::get<I>(self->operands) : nullptr)), ...);
  }
};

template <expression First, class... Rest>
constexpr auto coalesce(const First& first, Rest&&... rest) {
  using t = typename First::result_type;
  static_assert((detail::operand_matches<t, Rest>() && ...), "coalesce(): the operands have different types");
  return coalesce_node<First, detail::node_t<t, Rest>...>{{}, {first, detail::to_node<t>(std::forward<Rest>(rest))...}};
}

/// CASE WHEN c1 THEN v1 [WHEN …] [ELSE e] END, built as case_when(c, v).when(c2, v2).else_(e).
template <class T, bool HasElse, class... Parts>
struct case_node : expression_base {
  using result_type = std::conditional_t<HasElse, T, std::optional<detail::unwrap_optional_t<T>>>;
  using sources = concat_t<typename Parts::sources...>;
  using params = concat_t<typename Parts::params...>;
  static constexpr bool is_static = (Parts::is_static && ...);
  static constexpr bool is_aggregate = (Parts::is_aggregate || ...);
  static constexpr bool has_plain_column = (Parts::has_plain_column || ...);
  std::tuple<Parts...> parts;  // condition, value, condition, value, … [, else]

  template <predicate C, class V>
  constexpr auto when(const C& condition, V&& value) const {
    static_assert(!HasElse, "case_when: when() after else_()");
    static_assert(detail::operand_matches<T, V>(), "case_when: every branch must have the same type");
    using value_node = detail::node_t<T, V>;
    return case_node<T, false, Parts..., C, value_node>{
        {}, std::tuple_cat(parts, std::tuple<C, value_node>{condition, detail::to_node<T>(std::forward<V>(value))})};
  }
  template <class V>
  constexpr auto else_(V&& value) const {
    static_assert(!HasElse, "case_when: else_() given twice");
    static_assert(detail::operand_matches<T, V>(), "case_when: every branch must have the same type");
    using value_node = detail::node_t<T, V>;
    return case_node<T, true, Parts..., value_node>{
        {}, std::tuple_cat(parts, std::tuple<value_node>{detail::to_node<T>(std::forward<V>(value))})};
  }

  static constexpr void render(sql_writer& w, const case_node* self) {
    w.raw("CASE");
    render_parts(w, self, std::index_sequence_for<Parts...>{});
    w.raw(" END");
  }
  template <class B>
  void bind(B& b) const {
    std::apply([&](const auto&... p) { (p.bind(b), ...); }, parts);
  }

 private:
  template <std::size_t... I>
  static constexpr void render_parts(sql_writer& w, const case_node* self, std::index_sequence<I...>) {
    constexpr std::size_t count = sizeof...(Parts);
    (
        [&] {
          using part = std::tuple_element_t<I, std::tuple<Parts...>>;
          const bool is_else = HasElse && I == count - 1;
          if (is_else) w.raw(" ELSE ");
          else w.raw(I % 2 == 0 ? " WHEN " : " THEN ");
          part::render(w, self != nullptr ? &std::get<I>(self->parts) : nullptr);
        }(),
        ...);
  }
};

namespace detail {
/// The result type of a CASE branch value: an expression's own type; text literals read as std::string.
template <class V>
struct case_value_type {
  using type = std::conditional_t<std::is_array_v<V> || std::is_same_v<V, const char*> || std::is_same_v<V, char*> ||
                                      std::is_same_v<V, std::string_view>,
                                  std::string, V>;
};
template <expression V>
struct case_value_type<V> {
  using type = typename V::result_type;
};
}  // namespace detail

template <predicate C, class V>
constexpr auto case_when(const C& condition, V&& value) {
  using t = typename detail::case_value_type<std::remove_cvref_t<V>>::type;
  using value_node = detail::node_t<t, V>;
  return case_node<t, false, C, value_node>{{}, {condition, detail::to_node<t>(std::forward<V>(value))}};
}

/// A raw SQL fragment of result type T for what the builder lacks; `?` in the text binds `args`
/// in order. The text is a template argument, so it is fixed in the source, never built from input.
///   v::raw<std::string, "json_extract(\"content\".\"data\", ?)">("$.title")
template <class T, fixed_string Text, class... Args>
struct raw_node : expression_base {
  using result_type = T;
  std::tuple<Args...> args;
  static constexpr void render(sql_writer& w, const raw_node*) {
    for (char c : Text.view()) {
      if (c == '?') w.placeholder();
      else w.raw(c);
    }
  }
  template <class B>
  void bind(B& b) const {
    std::apply([&](const auto&... a) { (b.value(a), ...); }, args);
  }
};

template <class T, fixed_string Text, class... Args>
constexpr auto raw(Args&&... args) {
  constexpr auto placeholders = [] {
    std::size_t n = 0;
    for (char c : Text.view()) n += c == '?' ? 1 : 0;
    return n;
  }();
  static_assert(placeholders == sizeof...(Args), "raw<T, \"…\">(args…): one argument for each ? in the text");
  return raw_node<T, Text, std::decay_t<Args>...>{{}, {std::forward<Args>(args)...}};
}

}  // namespace vellum
