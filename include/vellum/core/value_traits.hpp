// `value_traits<T>`: how a C++ value is bound to a statement parameter and read from a column.
//
//   Built in: std::string, std::string_view / const char* (bind only), all integer widths
//   (range-checked on read), double/float, bool (0/1), named enums (TEXT), sys_time (INTEGER in
//   the time point's own unit), nlohmann::json (TEXT), blobs, std::optional<T> (NULL).
//
// A custom type maps onto a built-in one by specialising value_traits with
//   using storage_type = std::string;
//   static storage_type to_storage(const T&);  static T from_storage(storage_type&&);
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "vellum/core/enum_names.hpp"

namespace vellum {

/// SQLite storage class a type maps to; used by DDL rendering.
enum class sql_type { integer, real, text, blob };

/// Whether a bound text/blob must be copied by SQLite (the value dies before the step) or can be
/// borrowed (it outlives every step of the statement).
enum class bind_lifetime { copy, borrow };

using blob = std::vector<std::byte>;

template <class T>
struct value_traits;  // not defined: no mapping for T (see the banner for how to add one)

namespace detail {
[[noreturn]] void throw_bind_error(sqlite3_stmt* stmt, int index, int rc);
[[noreturn]] void throw_mapping_error(sqlite3_stmt* stmt, int column, std::string_view problem);
[[nodiscard]] const char* storage_class_name(int sqlite_type) noexcept;

inline void check_bind(sqlite3_stmt* stmt, int index, int rc) {
  if (rc != SQLITE_OK) [[unlikely]]
    throw_bind_error(stmt, index, rc);
}
inline sqlite3_destructor_type destructor_for(bind_lifetime lifetime) noexcept {
  return lifetime == bind_lifetime::borrow ? SQLITE_STATIC : SQLITE_TRANSIENT;
}
inline void expect_not_null(sqlite3_stmt* stmt, int column) {
  if (sqlite3_column_type(stmt, column) == SQLITE_NULL) [[unlikely]]
    throw_mapping_error(stmt, column, "is NULL but the C++ type is not std::optional");
}
/// Why a column read gave no text or blob pointer: NULL (a mapping error), or out of memory.
[[noreturn]] void throw_no_value(sqlite3_stmt* stmt, int column, sqlite3_value* value);

// Columns are read through sqlite3_column_value() and the sqlite3_value_* functions: one call
// into the statement per column instead of one per piece (type, pointer, size). SQLite calls such
// a value "unprotected": only one thread may use the connection meanwhile, which is the rule of
// every vellum connection anyway (connection.hpp).

/// The column's text, which must not be NULL; valid until the next step or reset.
inline std::string_view column_text(sqlite3_stmt* stmt, int column) {
  sqlite3_value* value = sqlite3_column_value(stmt, column);
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
  if (text == nullptr) [[unlikely]]
    throw_no_value(stmt, column, value);
  return {text, static_cast<std::size_t>(sqlite3_value_bytes(value))};
}
inline void bind_text(sqlite3_stmt* stmt, int index, std::string_view text, bind_lifetime lifetime) {
  // SQLite binds NULL for a null pointer; an empty view (std::string_view{}) is empty text.
  const char* data = text.data() != nullptr ? text.data() : "";
  check_bind(stmt, index, sqlite3_bind_text64(stmt, index, data, text.size(), destructor_for(lifetime), SQLITE_UTF8));
}
}  // namespace detail

template <>
struct value_traits<std::string> {
  static constexpr sql_type type = sql_type::text;
  static void bind(sqlite3_stmt* s, int i, const std::string& v, bind_lifetime l) { detail::bind_text(s, i, v, l); }
  static std::string read(sqlite3_stmt* s, int c) { return std::string(detail::column_text(s, c)); }
};

template <>
struct value_traits<std::string_view> {
  static constexpr sql_type type = sql_type::text;
  static void bind(sqlite3_stmt* s, int i, std::string_view v, bind_lifetime l) { detail::bind_text(s, i, v, l); }
};

template <>
struct value_traits<const char*> {
  static constexpr sql_type type = sql_type::text;
  static void bind(sqlite3_stmt* s, int i, const char* v, bind_lifetime l) {
    if (v == nullptr) return detail::check_bind(s, i, sqlite3_bind_null(s, i));
    detail::bind_text(s, i, v, l);
  }
};

template <std::integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, char>)
struct value_traits<T> {
  static constexpr sql_type type = sql_type::integer;
  static void bind(sqlite3_stmt* s, int i, T v, bind_lifetime) {
    if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(std::int64_t)) {
      if (v > static_cast<T>(std::numeric_limits<std::int64_t>::max())) [[unlikely]]
        detail::check_bind(s, i, SQLITE_RANGE);
    }
    detail::check_bind(s, i, sqlite3_bind_int64(s, i, static_cast<sqlite3_int64>(v)));
  }
  static T read(sqlite3_stmt* s, int c) {
    sqlite3_value* value = sqlite3_column_value(s, c);
    const int storage = sqlite3_value_type(value);
    if (storage != SQLITE_INTEGER) [[unlikely]] {
      if (storage == SQLITE_NULL) detail::expect_not_null(s, c);
      detail::throw_mapping_error(s, c, std::string("holds ") + detail::storage_class_name(storage) +
                                            ", expected INTEGER");
    }
    const std::int64_t v = sqlite3_value_int64(value);
    if constexpr (!std::same_as<T, std::int64_t>) {
      if (!std::in_range<T>(v)) [[unlikely]]
        detail::throw_mapping_error(s, c, "holds " + std::to_string(v) + ", out of range for the C++ integer type");
    }
    return static_cast<T>(v);
  }
};

template <std::floating_point T>
struct value_traits<T> {
  static constexpr sql_type type = sql_type::real;
  static void bind(sqlite3_stmt* s, int i, T v, bind_lifetime) {
    detail::check_bind(s, i, sqlite3_bind_double(s, i, static_cast<double>(v)));
  }
  static T read(sqlite3_stmt* s, int c) {
    sqlite3_value* value = sqlite3_column_value(s, c);
    const int storage = sqlite3_value_type(value);
    if (storage != SQLITE_FLOAT && storage != SQLITE_INTEGER) [[unlikely]] {
      detail::expect_not_null(s, c);
      detail::throw_mapping_error(s, c, std::string("holds ") + detail::storage_class_name(storage) +
                                            ", expected REAL");
    }
    return static_cast<T>(sqlite3_value_double(value));
  }
};

template <>
struct value_traits<bool> {
  static constexpr sql_type type = sql_type::integer;
  static void bind(sqlite3_stmt* s, int i, bool v, bind_lifetime) {
    detail::check_bind(s, i, sqlite3_bind_int(s, i, v ? 1 : 0));
  }
  static bool read(sqlite3_stmt* s, int c) {
    const auto v = value_traits<std::int64_t>::read(s, c);
    if (v != 0 && v != 1) [[unlikely]]
      detail::throw_mapping_error(s, c, "holds " + std::to_string(v) + ", expected a boolean 0 or 1");
    return v == 1;
  }
};

template <named_enum E>
struct value_traits<E> {
  static constexpr sql_type type = sql_type::text;
  static void bind(sqlite3_stmt* s, int i, E v, bind_lifetime) {
    const std::string_view name = enum_to_name(v);
    if (name.empty()) [[unlikely]]
      detail::check_bind(s, i, SQLITE_MISMATCH);
    detail::bind_text(s, i, name, bind_lifetime::borrow);  // names have static storage
  }
  static E read(sqlite3_stmt* s, int c) {
    const std::string_view name = detail::column_text(s, c);
    if (auto v = enum_from_name<E>(name)) return *v;
    detail::throw_mapping_error(s, c, "holds '" + std::string(name) + "', which is not a name of the enum");
  }
};

template <class Duration>
struct value_traits<std::chrono::sys_time<Duration>> {
  static constexpr sql_type type = sql_type::integer;
  using rep_traits = value_traits<std::int64_t>;
  static void bind(sqlite3_stmt* s, int i, std::chrono::sys_time<Duration> v, bind_lifetime l) {
    rep_traits::bind(s, i, static_cast<std::int64_t>(v.time_since_epoch().count()), l);
  }
  static std::chrono::sys_time<Duration> read(sqlite3_stmt* s, int c) {
    return std::chrono::sys_time<Duration>(Duration(rep_traits::read(s, c)));
  }
};

template <>
struct value_traits<nlohmann::json> {
  static constexpr sql_type type = sql_type::text;
  static void bind(sqlite3_stmt* s, int i, const nlohmann::json& v, bind_lifetime) {
    detail::bind_text(s, i, v.dump(), bind_lifetime::copy);
  }
  static nlohmann::json read(sqlite3_stmt* s, int c) {
    auto parsed = nlohmann::json::parse(detail::column_text(s, c), nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) [[unlikely]]
      detail::throw_mapping_error(s, c, "holds text that is not valid JSON");
    return parsed;
  }
};

template <>
struct value_traits<std::span<const std::byte>> {
  static constexpr sql_type type = sql_type::blob;
  static void bind(sqlite3_stmt* s, int i, std::span<const std::byte> v, bind_lifetime l) {
    // A zero-length blob with a null pointer would bind NULL; bind an empty blob instead.
    if (v.empty()) return detail::check_bind(s, i, sqlite3_bind_zeroblob(s, i, 0));
    detail::check_bind(s, i, sqlite3_bind_blob64(s, i, v.data(), v.size(), detail::destructor_for(l)));
  }
};

template <>
struct value_traits<blob> {
  static constexpr sql_type type = sql_type::blob;
  static void bind(sqlite3_stmt* s, int i, const blob& v, bind_lifetime l) {
    value_traits<std::span<const std::byte>>::bind(s, i, std::span<const std::byte>(v), l);
  }
  static blob read(sqlite3_stmt* s, int c) {
    sqlite3_value* value = sqlite3_column_value(s, c);
    const auto* data = static_cast<const std::byte*>(sqlite3_value_blob(value));
    const auto size = static_cast<std::size_t>(sqlite3_value_bytes(value));
    if (data == nullptr) [[unlikely]] {  // NULL, an empty blob, or out of memory
      if (size == 0 && sqlite3_value_type(value) != SQLITE_NULL) return blob{};
      detail::throw_no_value(s, c, value);
    }
    return blob(data, data + size);
  }
};

template <class T>
struct value_traits<std::optional<T>> {
  static constexpr bool nullable = true;
  static void bind(sqlite3_stmt* s, int i, const std::optional<T>& v, bind_lifetime l);
  static std::optional<T> read(sqlite3_stmt* s, int c);
};

template <>
struct value_traits<std::nullopt_t> {
  static void bind(sqlite3_stmt* s, int i, std::nullopt_t, bind_lifetime) {
    detail::check_bind(s, i, sqlite3_bind_null(s, i));
  }
};

/// T has a mapping: either direct bind/read, or a storage_type conversion.
template <class T>
concept storage_mapped = requires { typename value_traits<T>::storage_type; };

template <class T>
concept bindable = storage_mapped<T> || requires(sqlite3_stmt* s, const T& v) {
  value_traits<T>::bind(s, 1, v, bind_lifetime::copy);
};

template <class T>
concept readable = storage_mapped<T> || requires(sqlite3_stmt* s) {
  { value_traits<T>::read(s, 0) } -> std::same_as<T>;
};

template <class T>
inline constexpr bool is_optional_v = false;
template <class T>
inline constexpr bool is_optional_v<std::optional<T>> = true;

/// Binds `value` to parameter `index` (1-based).
template <class T>
void bind_value(sqlite3_stmt* stmt, int index, const T& value, bind_lifetime lifetime) {
  if constexpr (std::is_array_v<T>) {
    value_traits<const char*>::bind(stmt, index, value, lifetime);
  } else if constexpr (storage_mapped<T>) {
    const auto stored = value_traits<T>::to_storage(value);
    bind_value(stmt, index, stored, bind_lifetime::copy);
  } else {
    static_assert(bindable<T>, "vellum: no value_traits<T> for this type; specialise vellum::value_traits");
    value_traits<T>::bind(stmt, index, value, lifetime);
  }
}

/// Reads column `column` (0-based) as T.
template <class T>
[[nodiscard]] T read_value(sqlite3_stmt* stmt, int column) {
  if constexpr (storage_mapped<T>) {
    using storage = typename value_traits<T>::storage_type;
    return value_traits<T>::from_storage(read_value<storage>(stmt, column));
  } else {
    static_assert(readable<T>, "vellum: no value_traits<T> for this type; specialise vellum::value_traits");
    return value_traits<T>::read(stmt, column);
  }
}

/// SQL storage class of T (optional<T> maps to T's).
template <class T>
[[nodiscard]] consteval sql_type sql_type_of() {
  if constexpr (is_optional_v<T>) return sql_type_of<typename T::value_type>();
  else if constexpr (storage_mapped<T>) return sql_type_of<typename value_traits<T>::storage_type>();
  else return value_traits<T>::type;
}

template <class T>
void value_traits<std::optional<T>>::bind(sqlite3_stmt* s, int i, const std::optional<T>& v, bind_lifetime l) {
  if (!v) return detail::check_bind(s, i, sqlite3_bind_null(s, i));
  bind_value(s, i, *v, l);
}

template <class T>
std::optional<T> value_traits<std::optional<T>>::read(sqlite3_stmt* s, int c) {
  if (sqlite3_column_type(s, c) == SQLITE_NULL) return std::nullopt;
  return read_value<T>(s, c);
}

}  // namespace vellum
