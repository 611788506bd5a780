// PostgreSQL value conversion: how a C++ value becomes a statement parameter and how a result
// field becomes a C++ value. Parameters travel in text format with type OID 0 (the server infers
// each parameter's type from the SQL), results come back in text format. The types are the
// ones vellum::value_traits supports, and a user type mapped through
// `value_traits<T>::storage_type` works here unchanged.
//
//   std::string, string_view, const char*   text (bind only for the views)
//   integers (range-checked on read)         their decimal text; uint64 above INT64_MAX is refused
//   float, double                            shortest round-trip text, NaN/Infinity spelled out
//   bool                                     true/false ⇔ t/f
//   named enums                              their TEXT names
//   sys_time<D>                              UTC timestamp text with microseconds (TIMESTAMPTZ)
//   nlohmann::json                           JSON text (JSONB or TEXT columns)
//   vellum::blob                             BYTEA hex text (\x…)
//   std::optional<T>, std::nullopt           NULL
//
// No libpq types here: SQLite-only users compile this header without libpq.
#pragma once

#include <charconv>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "vellum/core/enum_names.hpp"
#include "vellum/core/value_traits.hpp"

namespace vellum::pg {

namespace detail {
/// Throws vellum::validation_error: PostgreSQL's text cannot hold a NUL character, and libpq
/// would send the text only up to it (a silently shortened value).
[[noreturn]] void throw_text_with_nul();
}  // namespace detail

/// One parameter of a statement: its text, or NULL.
struct param {
  std::string text;
  bool is_null = true;

  void set(std::string value) {
    if (value.find('\0') != std::string::npos) [[unlikely]]
      detail::throw_text_with_nul();
    text = std::move(value);
    is_null = false;
  }
  void set_null() noexcept {
    text.clear();
    is_null = true;
  }
};

/// One field of a result row, as the server sent it (text format), with the column's name for
/// error messages.
struct field {
  std::string_view text;
  bool is_null = true;
  std::string_view column;
  unsigned type_oid = 0;
};

template <class T>
struct codec;  // not defined: no PostgreSQL mapping for T

namespace detail {
/// Throws vellum::mapping_error naming the field's column: "column 'x' <problem>".
[[noreturn]] void throw_mapping_error(const field& f, std::string_view problem);
/// Throws vellum::error for a value that cannot be sent (e.g. a uint64 above BIGINT's range).
[[noreturn]] void throw_bind_error(std::string_view problem);

inline void expect_not_null(const field& f) {
  if (f.is_null) [[unlikely]]
    throw_mapping_error(f, "is NULL but the C++ type is not std::optional");
}

std::string format_timestamp_us(std::int64_t micros_since_epoch);
/// Microseconds since the epoch of ISO timestamp text ("2024-01-02 03:04:05.123456+00"); nullopt
/// when the text is not such a timestamp (infinity, BC dates, another DateStyle).
std::optional<std::int64_t> parse_timestamp_us(std::string_view text);
std::string format_double(double v);
std::optional<double> parse_double(std::string_view text);
std::string encode_bytea(std::span<const std::byte> bytes);
std::optional<blob> decode_bytea(std::string_view text);
}  // namespace detail

template <>
struct codec<std::string> {
  static void encode(const std::string& v, param& p) { p.set(v); }
  static std::string decode(const field& f) {
    detail::expect_not_null(f);
    return std::string(f.text);
  }
};

template <>
struct codec<std::string_view> {
  static void encode(std::string_view v, param& p) { p.set(std::string(v)); }
};

template <>
struct codec<const char*> {
  static void encode(const char* v, param& p) {
    if (v == nullptr) return p.set_null();
    p.set(v);
  }
};

template <std::integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, char>)
struct codec<T> {
  static void encode(T v, param& p) {
    if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(std::int64_t)) {
      if (v > static_cast<T>(std::numeric_limits<std::int64_t>::max())) [[unlikely]]
        detail::throw_bind_error("an unsigned value above 9223372036854775807 does not fit BIGINT");
    }
    p.set(std::to_string(v));
  }
  static T decode(const field& f) {
    detail::expect_not_null(f);
    std::int64_t v = 0;
    const auto* end = f.text.data() + f.text.size();
    const auto [ptr, ec] = std::from_chars(f.text.data(), end, v);
    if (ec != std::errc{} || ptr != end || f.text.empty()) [[unlikely]]
      detail::throw_mapping_error(f, "holds '" + std::string(f.text) + "', expected an integer");
    if constexpr (!std::same_as<T, std::int64_t>) {
      if (!std::in_range<T>(v)) [[unlikely]]
        detail::throw_mapping_error(f, "holds " + std::to_string(v) + ", out of range for the C++ integer type");
    }
    return static_cast<T>(v);
  }
};

template <std::floating_point T>
struct codec<T> {
  static void encode(T v, param& p) { p.set(detail::format_double(static_cast<double>(v))); }
  static T decode(const field& f) {
    detail::expect_not_null(f);
    const auto v = detail::parse_double(f.text);
    if (!v) [[unlikely]]
      detail::throw_mapping_error(f, "holds '" + std::string(f.text) + "', expected a number");
    return static_cast<T>(*v);
  }
};

template <>
struct codec<bool> {
  static void encode(bool v, param& p) { p.set(v ? "true" : "false"); }
  static bool decode(const field& f) {
    detail::expect_not_null(f);
    if (f.text == "t") return true;
    if (f.text == "f") return false;
    detail::throw_mapping_error(f, "holds '" + std::string(f.text) + "', expected a boolean");
  }
};

template <named_enum E>
struct codec<E> {
  static void encode(E v, param& p) {
    const std::string_view name = enum_to_name(v);
    if (name.empty()) [[unlikely]]
      detail::throw_bind_error("the enum value has no name (vellum_enum_names)");
    p.set(std::string(name));
  }
  static E decode(const field& f) {
    detail::expect_not_null(f);
    if (auto v = enum_from_name<E>(f.text)) return *v;
    detail::throw_mapping_error(f, "holds '" + std::string(f.text) + "', which is not a name of the enum");
  }
};

/// Time points travel as UTC timestamps with microseconds, PostgreSQL's precision: a finer
/// duration is truncated when bound, a coarser one is floored when read.
template <class Duration>
struct codec<std::chrono::sys_time<Duration>> {
  using time_point = std::chrono::sys_time<Duration>;
  static void encode(time_point v, param& p) {
    const auto us = std::chrono::floor<std::chrono::microseconds>(v);
    p.set(detail::format_timestamp_us(us.time_since_epoch().count()));
  }
  static time_point decode(const field& f) {
    detail::expect_not_null(f);
    const auto us = detail::parse_timestamp_us(f.text);
    if (!us) [[unlikely]]
      detail::throw_mapping_error(f, "holds '" + std::string(f.text) + "', expected an ISO timestamp");
    return std::chrono::floor<Duration>(std::chrono::sys_time<std::chrono::microseconds>(std::chrono::microseconds(*us)));
  }
};

template <>
struct codec<nlohmann::json> {
  static void encode(const nlohmann::json& v, param& p) { p.set(v.dump()); }
  static nlohmann::json decode(const field& f) {
    detail::expect_not_null(f);
    auto parsed = nlohmann::json::parse(f.text, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) [[unlikely]]
      detail::throw_mapping_error(f, "holds text that is not valid JSON");
    return parsed;
  }
};

template <>
struct codec<std::span<const std::byte>> {
  static void encode(std::span<const std::byte> v, param& p) { p.set(detail::encode_bytea(v)); }
};

template <>
struct codec<blob> {
  static void encode(const blob& v, param& p) { p.set(detail::encode_bytea(v)); }
  static blob decode(const field& f) {
    detail::expect_not_null(f);
    auto bytes = detail::decode_bytea(f.text);
    if (!bytes) [[unlikely]]
      detail::throw_mapping_error(f, "holds text that is not BYTEA hex output");
    return std::move(*bytes);
  }
};

template <>
struct codec<std::nullopt_t> {
  static void encode(std::nullopt_t, param& p) { p.set_null(); }
};

template <class T>
struct codec<std::optional<T>> {
  static void encode(const std::optional<T>& v, param& p);
  static std::optional<T> decode(const field& f);
};

template <class T>
concept pg_bindable = storage_mapped<T> || requires(const T& v, param& p) { codec<T>::encode(v, p); };

template <class T>
concept pg_readable = storage_mapped<T> || requires(const field& f) {
  { codec<T>::decode(f) } -> std::same_as<T>;
};

/// Sets `p` to `value` (a user type through its value_traits storage_type).
template <class T>
void encode_param(const T& value, param& p) {
  if constexpr (std::is_array_v<T>) {
    codec<const char*>::encode(value, p);
  } else if constexpr (storage_mapped<T>) {
    encode_param(value_traits<T>::to_storage(value), p);
  } else {
    static_assert(pg_bindable<T>, "vellum: no PostgreSQL mapping for this type; map it through "
                                  "value_traits<T>::storage_type");
    codec<T>::encode(value, p);
  }
}

/// Reads `f` as T.
template <class T>
[[nodiscard]] T decode_field(const field& f) {
  if constexpr (storage_mapped<T>) {
    using storage = typename value_traits<T>::storage_type;
    return value_traits<T>::from_storage(decode_field<storage>(f));
  } else {
    static_assert(pg_readable<T>, "vellum: no PostgreSQL mapping for this type; map it through "
                                  "value_traits<T>::storage_type");
    return codec<T>::decode(f);
  }
}

template <class T>
void codec<std::optional<T>>::encode(const std::optional<T>& v, param& p) {
  if (!v) return p.set_null();
  encode_param(*v, p);
}

template <class T>
std::optional<T> codec<std::optional<T>>::decode(const field& f) {
  if (f.is_null) return std::nullopt;
  return decode_field<T>(f);
}

}  // namespace vellum::pg
