// SELECT: `select<Row>()` reads whole rows; `select(e1, e2…)` reads expressions as a tuple (or
// one value). Clauses are checked when the query runs: every column's table must be in FROM or
// a join, aggregates mixed with plain columns need group_by, where() is given once.
//
//   auto page = db.select<content>()
//                 .where(col<&content::collection_id> == coll)
//                 .order_by(v::desc(col<&content::updated_at>)).limit(20).all();
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "vellum/core/connection.hpp"
#include "vellum/core/error.hpp"
#include "vellum/query/aggregate.hpp"
#include "vellum/query/execution.hpp"
#include "vellum/query/expression.hpp"
#include "vellum/query/select_parts.hpp"

namespace vellum {

template <class Selection, class From, class Joins = std::tuple<>, class Where = none_node,
          class Group = std::tuple<>, class Having = none_node, class Order = std::tuple<>, bool HasLimit = false,
          bool HasOffset = false, bool Distinct = false, class Conn = connection>
struct select_query;

template <class Result, class Query>
class cursor;

namespace detail {
template <fixed_string... Names, class Q>
auto load_related(const Q& query);  // eager_load.hpp
}

namespace detail {
template <class Tuple>
struct tuple_nodes;
template <class... T>
struct tuple_nodes<std::tuple<T...>> {
  using sources = concat_t<type_list<>, typename T::sources...>;
  using params = concat_t<type_list<>, typename T::params...>;
  static constexpr bool is_static = (T::is_static && ... && true);
  static constexpr bool has_aggregate = (T::is_aggregate || ... || false);
};
template <class Joins>
struct join_info;
template <class... J>
struct join_info<std::tuple<J...>> {
  using sources = type_list<typename J::source...>;
  using on_sources = concat_t<type_list<>, typename J::on_type::sources...>;
  using params = concat_t<type_list<>, typename J::on_type::params...>;
  static constexpr bool is_static = (J::on_type::is_static && ... && true);
};

constexpr std::string_view join_keyword(join_kind kind) {
  switch (kind) {
    case join_kind::left: return " LEFT JOIN ";
    case join_kind::right: return " RIGHT JOIN ";
    case join_kind::full: return " FULL JOIN ";
    case join_kind::cross: return " CROSS JOIN ";
    case join_kind::inner: break;
  }
  return " INNER JOIN ";
}

template <class Source>
constexpr void write_source(sql_writer& w) {
  if constexpr (Source::is_cte) {
    w.identifier(Source::name());
    return;
  }
  w.identifier(Source::table_name());
  if constexpr (Source::is_aliased) {
    w.raw(" AS ");
    w.identifier(Source::name());
  }
}

template <class Tuple, class B>
void bind_tuple(const Tuple& t, B& b) {
  std::apply([&](const auto&... e) { (e.bind(b), ...); }, t);
}

template <class Tuple, std::size_t... I>
constexpr void render_list(sql_writer& w, const Tuple* t, std::index_sequence<I...>) {
  ((I > 0 ? w.raw(", ") : void(),
    std::tuple_element_t<I, Tuple>::render(w, t != nullptr ? &std::get<I>(*t) : nullptr)),
   ...);
}
}  // namespace detail

namespace detail {
template <class S, class Result>
consteval bool constructible_from_result() {
  if constexpr (is_tuple<Result>::value) {
    return []<std::size_t... I>(std::index_sequence<I...>) {
      return requires { S{std::declval<std::tuple_element_t<I, Result>>()...}; };
    }(std::make_index_sequence<std::tuple_size_v<Result>>{});
  } else {
    return requires { S{std::declval<Result>()}; };
  }
}
template <class S, class Result>
S make_from_result(Result&& r) {
  if constexpr (is_tuple<std::remove_cvref_t<Result>>::value)
    return std::apply([](auto&&... v) { return S{std::forward<decltype(v)>(v)...}; }, std::move(r));
  else return S{std::move(r)};
}
}  // namespace detail

template <class Selection, class From, class Joins, class Where, class Group, class Having, class Order,
          bool HasLimit, bool HasOffset, bool Distinct, class Conn>
struct select_query {
  Selection selection;
  Joins joins{};
  Where where_clause{};
  Group group{};
  Having having_clause{};
  Order order{};
  std::int64_t limit_value = 0;
  std::int64_t offset_value = 0;
  Conn* db = nullptr;

  /// The SQL dialect the query renders in: its connection type's.
  static constexpr dialect sql_dialect = Conn::sql_dialect;

  // --- what the query reads and returns --------------------------------------------------------
  using from_source = From;
  using available_sources = concat_t<type_list<From>, typename detail::join_info<Joins>::sources>;
  using referenced_sources =
      concat_t<typename Selection::sources, typename detail::join_info<Joins>::on_sources, typename Where::sources,
               typename detail::tuple_nodes<Group>::sources, typename Having::sources,
               typename detail::tuple_nodes<Order>::sources>;
  /// Sources the query uses without reading them itself: a correlated subquery's outer tables.
  using sources = difference_t<referenced_sources, available_sources>;
  using params = concat_t<typename Selection::params, typename detail::join_info<Joins>::params,
                          typename Where::params, typename detail::tuple_nodes<Group>::params,
                          typename Having::params, typename detail::tuple_nodes<Order>::params>;
  static constexpr bool is_static = Selection::is_static && detail::join_info<Joins>::is_static &&
                                    Where::is_static && detail::tuple_nodes<Group>::is_static &&
                                    Having::is_static && detail::tuple_nodes<Order>::is_static;
  using nullable_sources = typename detail::nullable_sources<From, Joins>::type;
  using result_type = typename detail::selection_result<Selection, nullable_sources>::type;
  static constexpr bool has_order_or_limit = std::tuple_size_v<Order> > 0 || HasLimit || HasOffset;

  // --- building ----------------------------------------------------------------------------------
  template <class T>
  auto from() && {
    static_assert(std::is_same_v<From, none_node>, "from(): the query already has a FROM table");
    return select_query<Selection, as_source_t<T>, Joins, Where, Group, Having, Order, HasLimit, HasOffset, Distinct, Conn>{
        std::move(selection), std::move(joins), std::move(where_clause), std::move(group),
        std::move(having_clause), std::move(order), limit_value, offset_value, db};
  }
  template <class T>
  auto from() const& {
    return select_query(*this).template from<T>();
  }

  template <class T, predicate On>
  auto join(const On& on) && {
    return add_join<join_kind::inner, T>(on);
  }
  template <class T, predicate On>
  auto join(const On& on) const& {
    return select_query(*this).template join<T>(on);
  }
  template <class T, predicate On>
  auto left_join(const On& on) && {
    return add_join<join_kind::left, T>(on);
  }
  template <class T, predicate On>
  auto left_join(const On& on) const& {
    return select_query(*this).template left_join<T>(on);
  }
  template <class T, predicate On>
  auto right_join(const On& on) && {
    return add_join<join_kind::right, T>(on);
  }
  template <class T, predicate On>
  auto right_join(const On& on) const& {
    return select_query(*this).template right_join<T>(on);
  }
  template <class T, predicate On>
  auto full_join(const On& on) && {
    return add_join<join_kind::full, T>(on);
  }
  template <class T, predicate On>
  auto full_join(const On& on) const& {
    return select_query(*this).template full_join<T>(on);
  }
  template <class T>
  auto cross_join() && {
    return add_join<join_kind::cross, T>(none_node{});
  }
  template <class T>
  auto cross_join() const& {
    return select_query(*this).template cross_join<T>();
  }

  template <class P>
  auto where(P&& condition) && {  // a temporary condition is moved in: its values are not copied again
    using p = std::remove_cvref_t<P>;
    static_assert(std::is_same_v<Where, none_node>, "where() given twice: combine the conditions with && in one where()");
    static_assert(predicate<p>, "where(): the argument must be a condition (a comparison, like(), in(), …)");
    return select_query<Selection, From, Joins, p, Group, Having, Order, HasLimit, HasOffset, Distinct, Conn>{
        std::move(selection), std::move(joins), std::forward<P>(condition), std::move(group),
        std::move(having_clause), std::move(order), limit_value, offset_value, db};
  }
  template <class P>
  auto where(const P& condition) const& {
    return select_query(*this).where(condition);
  }

  template <expression... E>
  auto group_by(const E&... exprs) && {
    static_assert(std::tuple_size_v<Group> == 0, "group_by() given twice: list every expression in one call");
    static_assert(sizeof...(E) > 0, "group_by(): name at least one expression");
    return select_query<Selection, From, Joins, Where, std::tuple<E...>, Having, Order, HasLimit, HasOffset, Distinct, Conn>{
        std::move(selection), std::move(joins), std::move(where_clause), std::tuple<E...>{exprs...},
        std::move(having_clause), std::move(order), limit_value, offset_value, db};
  }
  template <expression... E>
  auto group_by(const E&... exprs) const& {
    return select_query(*this).group_by(exprs...);
  }

  template <class P>
  auto having(const P& condition) && {
    static_assert(std::is_same_v<Having, none_node>, "having() given twice: combine the conditions with &&");
    static_assert(predicate<P>, "having(): the argument must be a condition");
    return select_query<Selection, From, Joins, Where, Group, P, Order, HasLimit, HasOffset, Distinct, Conn>{
        std::move(selection), std::move(joins), std::move(where_clause), std::move(group), condition,
        std::move(order), limit_value, offset_value, db};
  }
  template <class P>
  auto having(const P& condition) const& {
    return select_query(*this).having(condition);
  }

  /// ORDER BY: columns or expressions (ascending as SQLite's default), asc(e), desc(e), sort_by<T>(name).
  template <class... T>
  auto order_by(const T&... terms) && {
    static_assert(std::tuple_size_v<Order> == 0, "order_by() given twice: list every term in one call");
    static_assert(sizeof...(T) > 0, "order_by(): name at least one term");
    static_assert((expression<T> && ...), "order_by(): each term must be a column, an expression, asc(…) or desc(…)");
    return select_query<Selection, From, Joins, Where, Group, Having, std::tuple<T...>, HasLimit, HasOffset, Distinct, Conn>{
        std::move(selection), std::move(joins), std::move(where_clause), std::move(group),
        std::move(having_clause), std::tuple<T...>{terms...}, limit_value, offset_value, db};
  }
  template <class... T>
  auto order_by(const T&... terms) const& {
    return select_query(*this).order_by(terms...);
  }

  auto limit(std::int64_t count) && {
    return select_query<Selection, From, Joins, Where, Group, Having, Order, true, HasOffset, Distinct, Conn>{
        std::move(selection), std::move(joins), std::move(where_clause), std::move(group),
        std::move(having_clause), std::move(order), count, offset_value, db};
  }
  auto limit(std::int64_t count) const& { return select_query(*this).limit(count); }

  auto offset(std::int64_t count) && {
    return select_query<Selection, From, Joins, Where, Group, Having, Order, HasLimit, true, Distinct, Conn>{
        std::move(selection), std::move(joins), std::move(where_clause), std::move(group),
        std::move(having_clause), std::move(order), limit_value, count, db};
  }
  auto offset(std::int64_t count) const& { return select_query(*this).offset(count); }

  auto distinct() && {
    return select_query<Selection, From, Joins, Where, Group, Having, Order, HasLimit, HasOffset, true, Conn>{
        std::move(selection), std::move(joins), std::move(where_clause), std::move(group),
        std::move(having_clause), std::move(order), limit_value, offset_value, db};
  }
  auto distinct() const& { return select_query(*this).distinct(); }

  /// The same query on another database (of any connection type): how db.run(q) and
  /// db.prepare(q) give a query built without a database its connection and dialect.
  template <class C>
  auto with_db(C* database) && {
    return select_query<Selection, From, Joins, Where, Group, Having, Order, HasLimit, HasOffset, Distinct, C>{
        std::move(selection), std::move(joins), std::move(where_clause), std::move(group),
        std::move(having_clause), std::move(order), limit_value, offset_value, database};
  }

  // --- rendering -----------------------------------------------------------------------------------
  static constexpr void render(sql_writer& w, const select_query* self) {
    w.raw(Distinct ? "SELECT DISTINCT " : "SELECT ");
    Selection::render(w, detail::child(self, &select_query::selection));
    if constexpr (!std::is_same_v<From, none_node>) {
      w.raw(" FROM ");
      detail::write_source<From>(w);
    }
    render_joins(w, self, std::make_index_sequence<std::tuple_size_v<Joins>>{});
    const auto* where = detail::child(self, &select_query::where_clause);
    if (detail::active(where)) {
      w.raw(" WHERE ");
      Where::render(w, where);
    }
    if constexpr (std::tuple_size_v<Group> > 0) {
      w.raw(" GROUP BY ");
      detail::render_list(w, detail::child(self, &select_query::group),
                          std::make_index_sequence<std::tuple_size_v<Group>>{});
    }
    const auto* having = detail::child(self, &select_query::having_clause);
    if (detail::active(having)) {
      w.raw(" HAVING ");
      Having::render(w, having);
    }
    if constexpr (std::tuple_size_v<Order> > 0) {
      w.raw(" ORDER BY ");
      detail::render_list(w, detail::child(self, &select_query::order),
                          std::make_index_sequence<std::tuple_size_v<Order>>{});
    }
    if constexpr (HasLimit) {
      w.raw(" LIMIT ");
      w.placeholder();
    } else if constexpr (HasOffset) {
      w.raw(w.postgres() ? " LIMIT ALL" : " LIMIT -1");  // SQLite needs a LIMIT before OFFSET
    }
    if constexpr (HasOffset) {
      w.raw(" OFFSET ");
      w.placeholder();
    }
  }

  template <class B>
  void bind(B& b) const {
    selection.bind(b);
    std::apply([&](const auto&... j) { (j.on.bind(b), ...); }, joins);
    if (detail::active(&where_clause)) where_clause.bind(b);
    detail::bind_tuple(group, b);
    if (detail::active(&having_clause)) having_clause.bind(b);
    detail::bind_tuple(order, b);
    if constexpr (HasLimit) b.value(limit_value);
    if constexpr (HasOffset) b.value(offset_value);
  }

  /// Compile-time checks of a complete query; each failure names the mistake and the fix.
  static constexpr bool check_complete() {
    static_assert(!std::is_same_v<From, none_node>, "select(…): add .from<T>() to say which table to read");
    static_assert(std::is_same_v<From, none_node> || sources::size == 0,  // without FROM, the assertion above says it
                  "a column's table is not in FROM: add .from<T>() or a join");
    static_assert(!(detail::tuple_nodes<Group>::sources::size == 0 && std::tuple_size_v<Group> == 0 &&
                    Selection::is_aggregate && Selection::has_plain_column),
                  "select mixes aggregates and plain columns: add group_by(…) for the plain columns");
    return true;
  }
  static constexpr bool check_runnable() {
    check_complete();
    static_assert(detail::check_dialect<params, sql_dialect>());
    static_assert(detail::named_params_t<params>::size == 0,
                  "this query has named parameters: run it with db.prepare(query) and v::arg<\"name\">(value)");
    return true;
  }

  /// The SQL text: the compile-time constant for static shapes, rendered for dynamic ones.
  [[nodiscard]] std::string to_sql() const {
    static_assert(check_complete());
    return detail::render_sql(*this);
  }

  // --- running -------------------------------------------------------------------------------------
  [[nodiscard]] std::vector<result_type> all() const {
    static_assert(check_runnable());
    return collect(detail::start(detail::require_connection(db), *this), expected_rows());
  }
  [[nodiscard]] std::vector<result_type> execute_default() const { return all(); }

  /// The only row, nullopt when none; more than one row is an error.
  [[nodiscard]] std::optional<result_type> one() const {
    static_assert(check_runnable());
    return single(detail::start(detail::require_connection(db), *this));
  }
  /// The first row, nullopt when none.
  [[nodiscard]] std::optional<result_type> first() const {
    static_assert(check_runnable());
    auto st = detail::start(detail::require_connection(db), *this);
    if (!st.step()) return std::nullopt;
    return detail::read_row<result_type>(st);
  }
  /// A lazy cursor reading one row at a time; it owns a copy of the query.
  [[nodiscard]] cursor<result_type, select_query> lazy() const& {
    static_assert(check_runnable());
    return cursor<result_type, select_query>(select_query(*this));
  }
  [[nodiscard]] cursor<result_type, select_query> lazy() && {
    static_assert(check_runnable());
    return cursor<result_type, select_query>(std::move(*this));
  }
  /// Whole rows with the named relations (declared on the table) loaded in one query each.
  template <fixed_string... Names>
  [[nodiscard]] auto with_related() const {
    static_assert(check_runnable());
    static_assert(sizeof...(Names) > 0, "with_related<\"name\"…>(): name at least one relation");
    return detail::load_related<Names...>(*this);
  }

  /// Rows read into S by aggregate initialisation, in selection order.
  template <class S>
  [[nodiscard]] std::vector<S> into() const {
    static_assert(check_runnable());
    static_assert(detail::is_tuple<result_type>::value || !mapped_row<result_type>,
                  "into<S>(): select expressions, not whole rows");
    static_assert(detail::constructible_from_result<S, result_type>(),
                  "into<S>(): S's members must match the selected columns in order and type (a column of an "
                  "outer-joined table reads as std::optional)");
    std::vector<S> out;
    for (auto& row : all()) out.push_back(detail::make_from_result<S>(std::move(row)));
    return out;
  }

  /// Rows all() makes room for before reading: the LIMIT (at most 64), so a page of rows is
  /// read without regrowing the vector; none without a LIMIT.
  [[nodiscard]] std::size_t expected_rows() const noexcept {
    if constexpr (HasLimit) {
      return static_cast<std::size_t>(limit_value <= 0 ? 0 : limit_value < 64 ? limit_value : 64);
    } else {
      return 0;
    }
  }

  template <class Statement>
  static std::vector<result_type> collect(Statement st, std::size_t reserve_rows = 0) {
    std::vector<result_type> out;
    out.reserve(reserve_rows);
    while (st.step()) out.push_back(detail::read_row<result_type>(st));
    return out;
  }
  template <class Statement>
  static std::optional<result_type> single(Statement st) {
    if (!st.step()) return std::nullopt;
    auto row = detail::read_row<result_type>(st);
    if (st.step()) throw error("one(): the query returned more than one row: `" + std::string(st.sql()) + "`");
    return row;
  }

 private:
  template <join_kind Kind, class T, class On>
  auto add_join(const On& on) {
    using s = as_source_t<T>;
    static_assert(!contains_v<available_sources, s>,
                  "join: this table is already in the query; join it under an alias (v::alias<T, \"name\">)");
    using joins_t = decltype(std::tuple_cat(joins, std::tuple<join_clause<Kind, s, On>>{}));
    return select_query<Selection, From, joins_t, Where, Group, Having, Order, HasLimit, HasOffset, Distinct, Conn>{
        std::move(selection), std::tuple_cat(std::move(joins), std::tuple<join_clause<Kind, s, On>>{{on}}),
        std::move(where_clause), std::move(group), std::move(having_clause), std::move(order),
        limit_value, offset_value, db};
  }
  template <std::size_t... I>
  static constexpr void render_joins(sql_writer& w, const select_query* self, std::index_sequence<I...>) {
    (void)w;
    (void)self;
    (
        [&] {
          using j = std::tuple_element_t<I, Joins>;
          w.raw(detail::join_keyword(j::kind));
          detail::write_source<typename j::source>(w);
          if constexpr (j::kind != join_kind::cross) {
            w.raw(" ON ");
            j::on_type::render(w, self != nullptr ? &std::get<I>(self->joins).on : nullptr);
          }
        }(),
        ...);
  }
};


/// Reads a query's rows one at a time: `for (const auto& row : q.lazy()) …`.
template <class Result, class Query>
class cursor {
  using statement_type = decltype(detail::start(std::declval<detail::connection_of<Query>&>(), std::declval<const Query&>()));

 public:
  explicit cursor(Query query)
      : query_(std::make_unique<Query>(std::move(query))),
        statement_(std::make_unique<statement_type>(detail::start(detail::require_connection(query_->db), *query_))) {}

  class iterator {
   public:
    using value_type = Result;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(cursor* owner) : owner_(owner) { advance(); }
    const Result& operator*() const { return *current_; }
    const Result* operator->() const { return &*current_; }
    iterator& operator++() {
      advance();
      return *this;
    }
    void operator++(int) { advance(); }
    bool operator==(std::default_sentinel_t) const { return owner_ == nullptr; }

   private:
    void advance() {
      if (owner_->statement_->step()) current_ = detail::read_row<Result>(*owner_->statement_);
      else owner_ = nullptr;
    }
    cursor* owner_ = nullptr;
    std::optional<Result> current_;
  };

  iterator begin() { return iterator(this); }
  std::default_sentinel_t end() { return {}; }

 private:
  std::unique_ptr<Query> query_;  // the statement borrows the query's values: keep them in place
  std::unique_ptr<statement_type> statement_;
};

/// `select<Row>()`: whole rows of Row; run it with `db.select<Row>()` or `db.run(…)`.
template <class Row>
constexpr auto select() {
  static_assert(mapped_row<Row>, "select<Row>(): Row has no table definition (declare vellum_table(vellum::tag<Row>))");
  return select_query<whole_row_selection<Row>, source<Row>>{};
}

/// `select(e1, e2, …)`: expressions; add .from<T>().
template <expression... E>
constexpr auto select(const E&... exprs) {
  static_assert(sizeof...(E) > 0, "select(…): name at least one column or expression");
  return select_query<expression_selection<E...>, none_node>{{std::tuple<E...>{exprs...}}};
}

// ---------------------------------------------------------------------------------------------
// Subqueries: IN (SELECT …), EXISTS (SELECT …)

template <class E, class Q, bool Negated>
struct in_subquery_node : expression_base {
  using result_type = bool;
  using sources = concat_t<typename E::sources, typename Q::sources>;
  using params = concat_t<typename E::params, typename Q::params>;
  static constexpr bool is_static = E::is_static && Q::is_static;
  static constexpr bool has_plain_column = E::has_plain_column;
  E inner;
  Q query;
  static constexpr void render(sql_writer& w, const in_subquery_node* self) {
    E::render(w, detail::child(self, &in_subquery_node::inner));
    w.raw(Negated ? " NOT IN (" : " IN (");
    Q::render(w, detail::child(self, &in_subquery_node::query));
    w.raw(')');
  }
  template <class B>
  void bind(B& b) const {
    inner.bind(b);
    query.bind(b);
  }
};

template <class Q, bool Negated>
struct exists_node : expression_base {
  using result_type = bool;
  using sources = typename Q::sources;
  using params = typename Q::params;
  static constexpr bool is_static = Q::is_static;
  Q query;
  static constexpr void render(sql_writer& w, const exists_node* self) {
    w.raw(Negated ? "NOT EXISTS (" : "EXISTS (");
    Q::render(w, detail::child(self, &exists_node::query));
    w.raw(')');
  }
  template <class B>
  void bind(B& b) const {
    query.bind(b);
  }
};

template <class T>
struct is_select_query : std::false_type {};
template <class S, class F, class J, class W, class G, class H, class O, bool L, bool Off, bool D, class C>
struct is_select_query<select_query<S, F, J, W, G, H, O, L, Off, D, C>> : std::true_type {};

template <expression E, class S, class F, class J, class W, class G, class H, class O, bool L, bool Off, bool D,
          class C>
auto in(const E& e, const select_query<S, F, J, W, G, H, O, L, Off, D, C>& subquery) {
  using q = select_query<S, F, J, W, G, H, O, L, Off, D, C>;
  static_assert(detail::value_matches<typename E::result_type, typename q::result_type>(),
                "in(subquery): the subquery must select one column of the expression's type");
  return in_subquery_node<E, q, false>{{}, e, subquery};
}
template <expression E, class S, class F, class J, class W, class G, class H, class O, bool L, bool Off, bool D,
          class C>
auto not_in(const E& e, const select_query<S, F, J, W, G, H, O, L, Off, D, C>& subquery) {
  using q = select_query<S, F, J, W, G, H, O, L, Off, D, C>;
  static_assert(detail::value_matches<typename E::result_type, typename q::result_type>(),
                "not_in(subquery): the subquery must select one column of the expression's type");
  return in_subquery_node<E, q, true>{{}, e, subquery};
}
template <class Q>
  requires is_select_query<Q>::value
auto exists(const Q& subquery) {
  return exists_node<Q, false>{{}, subquery};
}
template <class Q>
  requires is_select_query<Q>::value
auto not_exists(const Q& subquery) {
  return exists_node<Q, true>{{}, subquery};
}

}  // namespace vellum
