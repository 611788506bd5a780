// Compound selects (UNION, UNION ALL, INTERSECT, EXCEPT) and common table expressions.
//
//   auto both = v::union_all(db.select(col<&user::email>).from<user>(), v::select(col<&admin::email>).from<admin>());
//   auto recent = v::cte<"recent">(v::select<post>().where(col<&post::views> > 10));
//   using recent_t = decltype(recent)::source;
//   v::with(db.select(col<&post::title, recent_t>).from<recent_t>(), recent).all();
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "vellum/query/select.hpp"

namespace vellum {

enum class compound_kind { union_distinct, union_all, intersect, except };

namespace detail {
constexpr std::string_view compound_keyword(compound_kind kind) {
  switch (kind) {
    case compound_kind::union_all: return " UNION ALL ";
    case compound_kind::intersect: return " INTERSECT ";
    case compound_kind::except: return " EXCEPT ";
    case compound_kind::union_distinct: break;
  }
  return " UNION ";
}

/// all()/one()/first()/to_sql() for query types that are not select_query itself.
template <class Derived, class Result>
struct readable_query {
  [[nodiscard]] std::vector<Result> all() const {
    return collect(start(require_connection(self().db), self()));
  }
  [[nodiscard]] std::vector<Result> execute_default() const { return all(); }
  [[nodiscard]] std::optional<Result> one() const {
    auto st = start(require_connection(self().db), self());
    if (!st.step()) return std::nullopt;
    auto row = read_row<Result>(st);
    if (st.step()) throw error("one(): the query returned more than one row: `" + std::string(st.sql()) + "`");
    return row;
  }
  [[nodiscard]] std::optional<Result> first() const {
    auto st = start(require_connection(self().db), self());
    if (!st.step()) return std::nullopt;
    return read_row<Result>(st);
  }
  [[nodiscard]] std::string to_sql() const { return render_sql(self()); }

 private:
  template <class Statement>
  static std::vector<Result> collect(Statement st) {
    std::vector<Result> out;
    while (st.step()) out.push_back(read_row<Result>(st));
    return out;
  }
  const Derived& self() const { return static_cast<const Derived&>(*this); }
};
}  // namespace detail

template <compound_kind Kind, class L, class R>
struct compound_query : detail::readable_query<compound_query<Kind, L, R>, typename L::result_type> {
  using result_type = typename L::result_type;
  using sources = concat_t<typename L::sources, typename R::sources>;
  using params = concat_t<typename L::params, typename R::params>;
  static constexpr bool is_static = L::is_static && R::is_static;
  static_assert(std::is_same_v<typename L::result_type, typename R::result_type>,
                "union/intersect/except: both selects must read the same column types");
  static_assert(!L::has_order_or_limit && !R::has_order_or_limit,
                "union/intersect/except: order_by/limit inside a compound member is not allowed in SQLite");
  static_assert(sources::size == 0, "a column's table is not in FROM: add .from<T>() or a join");
  static_assert(detail::named_params_t<params>::size == 0, "compound selects do not take named parameters");

  L left;
  R right;
  detail::connection_of<L>* db = nullptr;
  static constexpr dialect sql_dialect = L::sql_dialect;

  /// The same query on another database (see select_query::with_db).
  template <class C>
  auto with_db(C* database) const {
    auto l = L(left).with_db(database);
    auto r = R(right).with_db(database);
    return compound_query<Kind, decltype(l), decltype(r)>{{}, std::move(l), std::move(r), database};
  }

  static constexpr void render(sql_writer& w, const compound_query* self) {
    L::render(w, detail::child(self, &compound_query::left));
    w.raw(detail::compound_keyword(Kind));
    R::render(w, detail::child(self, &compound_query::right));
  }
  template <class B>
  void bind(B& b) const {
    left.bind(b);
    right.bind(b);
  }
  static constexpr bool has_order_or_limit = false;
};

template <class Q>
concept compoundable = requires {
  typename Q::result_type;
  Q::has_order_or_limit;
  Q::render;
};

/// `union_(a, b)`: rows of a or b, without duplicates (UNION). Chains: union_(union_(a, b), c).
template <compoundable L, compoundable R>
auto union_(const L& l, const R& r) {
  return compound_query<compound_kind::union_distinct, L, R>{{}, l, r, l.db};
}
/// `union_all(a, b)`: rows of a then b (UNION ALL).
template <compoundable L, compoundable R>
auto union_all(const L& l, const R& r) {
  return compound_query<compound_kind::union_all, L, R>{{}, l, r, l.db};
}
/// `intersect(a, b)`: rows in both.
template <compoundable L, compoundable R>
auto intersect(const L& l, const R& r) {
  return compound_query<compound_kind::intersect, L, R>{{}, l, r, l.db};
}
/// `except(a, b)`: rows of a not in b.
template <compoundable L, compoundable R>
auto except(const L& l, const R& r) {
  return compound_query<compound_kind::except, L, R>{{}, l, r, l.db};
}

// ---------------------------------------------------------------------------------------------
// WITH name AS (…)

/// A common table expression over whole rows of a select<Row>() query; its columns are Row's,
/// referred to as col<&Row::m, decltype(cte)::source>.
template <fixed_string Name, class Q>
struct cte_def {
  using row = typename Q::result_type;
  static_assert(mapped_row<row>, "cte<\"name\">(q): q must select whole rows (select<Row>())");
  using source = vellum::source<row, Name, true>;
  using sources = typename Q::sources;
  using params = typename Q::params;
  static constexpr bool is_static = Q::is_static;
  Q query;
};

template <fixed_string Name, class Q>
constexpr auto cte(const Q& query) {
  return cte_def<Name, Q>{query};
}

template <class Ctes, class Q>
struct with_query;
template <class... C, class Q>
struct with_query<std::tuple<C...>, Q> : detail::readable_query<with_query<std::tuple<C...>, Q>, typename Q::result_type> {
  using result_type = typename Q::result_type;
  using cte_sources = type_list<typename C::source...>;
  using sources = difference_t<concat_t<typename Q::sources, typename C::sources...>, cte_sources>;
  using params = concat_t<typename Q::params, typename C::params...>;
  static constexpr bool is_static = Q::is_static && (C::is_static && ...);
  static_assert(sources::size == 0, "a column's table is not in FROM: add .from<T>() or a join");

  std::tuple<C...> ctes;
  Q main;
  detail::connection_of<Q>* db = nullptr;
  static constexpr dialect sql_dialect = Q::sql_dialect;

  /// The same query on another database (see select_query::with_db).
  template <class D>
  auto with_db(D* database) const {
    auto m = Q(main).with_db(database);
    return with_query<std::tuple<C...>, decltype(m)>{{}, ctes, std::move(m), database};
  }

  static constexpr void render(sql_writer& w, const with_query* self) {
    w.raw("WITH ");
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            using c = std::tuple_element_t<I, std::tuple<C...>>;
            if (I > 0) w.raw(", ");
            w.identifier(c::source::name());
            w.raw(" AS (");
            decltype(c::query)::render(w, self != nullptr ? &std::get<I>(self->ctes).query : nullptr);
            w.raw(')');
          }(),
          ...);
    }(std::index_sequence_for<C...>{});
    w.raw(' ');
    Q::render(w, detail::child(self, &with_query::main));
  }
  template <class B>
  void bind(B& b) const {
    std::apply([&](const auto&... c) { (c.query.bind(b), ...); }, ctes);
    main.bind(b);
  }
};

/// Attaches CTEs to a complete select: `with(q, cte1, cte2)` is `WITH … <q>`.
template <class Q, class... C>
auto with(const Q& main, const C&... ctes) {
  return with_query<std::tuple<C...>, Q>{{}, std::tuple<C...>{ctes...}, main, main.db};
}

}  // namespace vellum
