// A string field's `pattern` (docs/repositories.md, "Collection schemas"): an ECMAScript regular
// expression searched for in the value, as in JSON Schema. With libstdc++ it is matched by the
// breadth-first (Thompson) executor, which takes time linear in the text and no stack per
// character, so a hostile pattern or a 10 MB value cannot exhaust the stack; back-references,
// which that executor cannot run, make a pattern invalid. Private to the library.
#pragma once

#include <optional>
#include <regex>
#include <string>
#include <string_view>

namespace vellum::cms::internal {

inline constexpr std::size_t max_pattern_length = 1000;        // bytes of pattern text
inline constexpr std::size_t max_pattern_text_length = 2000;   // without libstdc++ only

/// The compiled pattern, or nullopt when it is not a valid pattern (or too long).
[[nodiscard]] std::optional<std::regex> compile_field_pattern(const std::string& pattern);
/// Whether `text` can be searched safely: always with libstdc++; elsewhere (a recursive
/// executor) only texts of at most max_pattern_text_length bytes.
[[nodiscard]] bool field_pattern_can_check(std::string_view text) noexcept;
/// Whether the pattern occurs in `text` (anchor it with ^…$ to match the whole value).
[[nodiscard]] bool field_pattern_matches(const std::regex& pattern, std::string_view text);

}  // namespace vellum::cms::internal
