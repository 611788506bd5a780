// A query with named placeholders (`v::param<"slug">`), run many times with different values:
// each run binds v::arg<"name">(value) arguments, checked by name and type at compile time.
//
//   auto by_slug = db.prepare(v::select<content>().where(col<&content::slug> == v::param<"slug">));
//   auto item = by_slug.one(v::arg<"slug">("hello-world"));
#pragma once

#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "vellum/core/connection.hpp"
#include "vellum/query/binder.hpp"
#include "vellum/query/execution.hpp"
#include "vellum/query/select.hpp"

namespace vellum {

namespace detail {
template <class Params>
struct param_names;
template <class... P>
struct param_names<type_list<P...>> {
  static constexpr bool has(std::string_view name) { return ((P::name.view() == name) || ... || false); }
};
template <class Params, class... Args>
inline constexpr bool args_name_params = (param_names<Params>::has(Args::name.view()) && ... && true);
}  // namespace detail

/// Q carries its connection type (Q::db); the query is rebound to `db` (see select_query::with_db).
template <class Q>
class prepared_query {
  using conn_type = detail::connection_of<Q>;

 public:
  prepared_query(conn_type& db, Q query) : db_(&db), query_(std::move(query)) {}

  template <class... Args>
  [[nodiscard]] auto all(const Args&... args) const {
    static_assert(is_select_query<Q>::value, "all(): only a select can be read");
    static_assert(Q::check_complete());
    check_args<Args...>();
    return Q::collect(start(args...), query_.expected_rows());
  }
  template <class... Args>
  [[nodiscard]] auto one(const Args&... args) const {
    static_assert(is_select_query<Q>::value, "one(): only a select can be read");
    static_assert(Q::check_complete());
    check_args<Args...>();
    return Q::single(start(args...));
  }
  /// Runs a write (update/delete/insert with parameters); returns rows changed.
  template <class... Args>
  int run(const Args&... args) const {
    check_args<Args...>();
    return start(args...).execute();
  }
  [[nodiscard]] std::string to_sql() const { return detail::render_sql(query_); }

 private:
  template <class... Args>
  static constexpr void check_args() {
    static_assert(detail::args_name_params<detail::named_params_t<typename Q::params>, Args...>,
                  "prepared query: an argument names no parameter of the query; use the names given to "
                  "v::param<\"name\">");
  }
  template <class... Args>
  auto start(const Args&... args) const {
    // Parameters are bound as copies (binder::param), so the tuple may die before the steps.
    const std::tuple<Args...> given(args...);
    return detail::start(*db_, query_, &given);
  }

  conn_type* db_;
  Q query_;
};

}  // namespace vellum
