// `column(&Row::member, "name")`: one column of a table definition. The C++ member's type gives
// the SQL type and nullability (std::optional ⇔ NULL); modifiers add keys, defaults and checks.
//
//   v::column(&user::id, "id").primary_key()
//   v::column(&user::role, "role").default_value(user_role::viewer)
//   v::column(&content::author_id, "author_id").references<&user::id>().on_delete(v::fk_action::cascade)
//   v::column(&user::created_at, "created_at").default_now()
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "vellum/core/time.hpp"
#include "vellum/core/value_traits.hpp"
#include "vellum/schema/per_dialect.hpp"
#include "vellum/schema/sql_text.hpp"

namespace vellum {

enum class fk_action { no_action, restrict, set_null, set_default, cascade };

[[nodiscard]] constexpr std::string_view to_sql(fk_action action) {
  switch (action) {
    case fk_action::restrict: return "RESTRICT";
    case fk_action::set_null: return "SET NULL";
    case fk_action::set_default: return "SET DEFAULT";
    case fk_action::cascade: return "CASCADE";
    case fk_action::no_action: break;
  }
  return "NO ACTION";
}

// now: the current time, in the column's dialect (default_now()).
enum class default_kind { none, literal, sql, function, now };

template <class Row>
struct has_table_definition;

namespace detail {

/// A short piece of SQL text held inside a constexpr object (DDL literals).
struct inline_text {
  std::array<char, 120> data{};
  std::size_t size = 0;
  constexpr void assign(std::string_view text) {
    size = text.size() < data.size() ? text.size() : data.size();
    for (std::size_t i = 0; i < size; ++i) data[i] = text[i];
  }
  [[nodiscard]] constexpr std::string_view view() const { return {data.data(), size}; }
};

template <class T>
struct unwrap_optional {
  using type = T;
};
template <class T>
struct unwrap_optional<std::optional<T>> {
  using type = T;
};

template <class P>
struct member_pointer_traits;
template <class C, class V>
struct member_pointer_traits<V C::*> {
  using class_type = C;
  using value_type = V;
};

template <class V>
constexpr void write_literal(sql_writer& w, const V& value) {
  using T = typename unwrap_optional<V>::type;
  if constexpr (std::is_same_v<T, bool>) {
    w.integer(value ? 1 : 0);
  } else if constexpr (std::is_integral_v<T>) {
    w.integer(static_cast<std::int64_t>(value));
  } else if constexpr (named_enum<T>) {
    w.string_literal(enum_to_name(value));
  } else if constexpr (std::is_convertible_v<const V&, std::string_view>) {
    w.string_literal(std::string_view(value));
  } else {
    static_assert(sizeof(V) == 0,
                  "default_value: this type has no SQL literal form; use default_sql(\"(…)\") instead");
  }
}

// Resolved lazily through function pointers so that tables may reference each other (or
// themselves) without their constexpr definitions recursing.
template <auto Member>
constexpr std::string_view referenced_table_name();
template <auto Member>
constexpr std::string_view referenced_column_name();

}  // namespace detail

template <class Row, class Value>
struct column_def {
  using row_type = Row;
  using value_type = Value;
  using member_pointer = Value Row::*;

  member_pointer member;
  std::string_view name;
  bool is_primary_key = false;
  bool is_autoincrement = false;
  bool is_unique = false;
  default_kind default_mode = default_kind::none;
  detail::inline_text default_text{};       // literal or SQL expression
  Value (*default_function)() = nullptr;    // C++ default, applied on insert
  Value (*update_function)() = nullptr;     // C++ value applied on every update
  std::string_view (*references_table)() = nullptr;
  std::string_view (*references_column)() = nullptr;
  fk_action delete_action = fk_action::no_action;
  fk_action update_action = fk_action::no_action;
  per_dialect check_sql{};  // empty on a dialect: no check there
  std::string_view generated_sql{};
  bool generated_stored = false;
  // Whether update_function / references_* are set. Constant evaluation reads these flags, not the
  // pointers: under -fsanitize=undefined GCC does not fold `function_pointer != nullptr`.
  bool has_update_function = false;
  bool has_references = false;

  static constexpr bool nullable = is_optional_v<Value>;
  static constexpr sql_type type = sql_type_of<Value>();

  constexpr column_def primary_key() const {
    auto c = *this;
    c.is_primary_key = true;
    return c;
  }
  /// INTEGER PRIMARY KEY AUTOINCREMENT: a whole-row insert with 0 lets SQLite choose the key.
  constexpr column_def autoincrement() const {
    static_assert(std::is_integral_v<Value> && !std::is_same_v<Value, bool>,
                  "autoincrement(): only an integer column can be an INTEGER PRIMARY KEY AUTOINCREMENT");
    auto c = *this;
    c.is_primary_key = true;
    c.is_autoincrement = true;
    return c;
  }
  constexpr column_def unique() const {
    auto c = *this;
    c.is_unique = true;
    return c;
  }
  template <class V>
  constexpr column_def default_value(const V& value) const {
    using stored = typename detail::unwrap_optional<Value>::type;
    static_assert(std::is_same_v<V, stored> || std::is_same_v<V, Value> ||
                      (std::is_convertible_v<const V&, std::string_view> &&
                       std::is_same_v<stored, std::string>) ||
                      (std::is_integral_v<V> && std::is_integral_v<stored> && !std::is_same_v<V, bool> &&
                       !std::is_same_v<stored, bool>),
                  "default_value: the value's type does not match the column's type");
    auto c = *this;
    sql_writer w;
    detail::write_literal(w, value);
    c.default_mode = default_kind::literal;
    c.default_text.assign(w.str());
    return c;
  }
  /// An SQL expression default, written as SQLite wants it: "(unixepoch())".
  constexpr column_def default_sql(std::string_view expression) const {
    auto c = *this;
    c.default_mode = default_kind::sql;
    c.default_text.assign(expression);
    return c;
  }
  /// DEFAULT the current time, for a time point column: `(unixepoch() * 1000)` (milliseconds) or
  /// `(unixepoch())` (seconds) on SQLite, where it is INTEGER; `now()` on PostgreSQL (TIMESTAMPTZ).
  constexpr column_def default_now() const {
    using stored = typename detail::unwrap_optional<Value>::type;
    static_assert(std::is_same_v<stored, unix_millis> || std::is_same_v<stored, unix_seconds>,
                  "default_now(): only a unix_millis or unix_seconds column; use default_sql(\"(…)\") for others");
    auto c = *this;
    c.default_mode = default_kind::now;
    c.default_text.assign(std::is_same_v<stored, unix_millis> ? "(unixepoch() * 1000)" : "(unixepoch())");
    return c;
  }
  /// A C++ function giving the value when an insert leaves the column out (or, for a whole-row
  /// insert, when the member is empty: "" / nullopt / zero).
  constexpr column_def default_fn(Value (*fn)()) const {
    auto c = *this;
    c.default_mode = default_kind::function;
    c.default_function = fn;
    return c;
  }
  /// A C++ function giving the value written by every update (e.g. updated_at = clock()).
  constexpr column_def on_update_fn(Value (*fn)()) const {
    auto c = *this;
    c.update_function = fn;
    c.has_update_function = true;
    return c;
  }
  /// FOREIGN KEY to another table's column: `.references<&user::id>()`.
  template <auto Target>
  constexpr column_def references() const {
    using target_value = typename detail::member_pointer_traits<decltype(Target)>::value_type;
    static_assert(std::is_same_v<typename detail::unwrap_optional<Value>::type,
                                 typename detail::unwrap_optional<target_value>::type>,
                  "references<&T::m>(): the referenced column has another type");
    auto c = *this;
    c.references_table = &detail::referenced_table_name<Target>;
    c.references_column = &detail::referenced_column_name<Target>;
    c.has_references = true;
    return c;
  }
  constexpr column_def on_delete(fk_action action) const {
    auto c = *this;
    c.delete_action = action;
    return c;
  }
  constexpr column_def on_update(fk_action action) const {
    auto c = *this;
    c.update_action = action;
    return c;
  }
  /// CHECK (sql), the same text on every dialect.
  constexpr column_def check(std::string_view sql) const { return check(per_dialect::portable(sql)); }
  /// CHECK with a text per dialect; an empty one means no check on that dialect.
  constexpr column_def check(per_dialect sql) const {
    auto c = *this;
    c.check_sql = sql;
    return c;
  }
  /// GENERATED ALWAYS AS (expression), VIRTUAL unless `stored`.
  constexpr column_def generated(std::string_view expression, bool stored = false) const {
    auto c = *this;
    c.generated_sql = expression;
    c.generated_stored = stored;
    return c;
  }

  [[nodiscard]] constexpr bool has_default() const {
    return default_mode != default_kind::none || is_autoincrement ||
           (is_primary_key && type == sql_type::integer);
  }
  /// An insert must give this column a value.
  [[nodiscard]] constexpr bool required_on_insert() const {
    return !nullable && !has_default() && generated_sql.empty();
  }
};

template <class Row, class Value>
constexpr column_def<Row, Value> column(Value Row::* member, std::string_view name) {
  static_assert(bindable<Value> && readable<Value>,
                "column(): the member's type has no value_traits; specialise vellum::value_traits");
  return column_def<Row, Value>{member, name};
}

}  // namespace vellum
