// Slugs (CR-2): the URL name of a content item. `slugify` derives one from a title: lower-case
// ASCII, Latin diacritics stripped, runs of space, `_` and `-` folded into one `-`, other
// characters dropped, trimmed, at most `max_slug_length` characters.
//
//   cms::slugify("Café París 2024");    // "cafe-paris-2024"
//   cms::is_valid_slug("hello-world");  // true
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vellum::cms {

inline constexpr std::size_t max_slug_length = 100;

/// The slug of `title`; empty when nothing of it survives (the caller reports that, CR-2).
[[nodiscard]] std::string slugify(std::string_view title);

/// Whether `slug` is `^[a-z0-9]+(-[a-z0-9]+)*$` and at most max_slug_length characters.
[[nodiscard]] bool is_valid_slug(std::string_view slug) noexcept;

/// `base` with the suffix `-<n>` (n ≥ 2), `base` shortened so the result stays a valid slug
/// of at most max_slug_length characters: with_suffix("post", 2) == "post-2".
[[nodiscard]] std::string with_suffix(std::string_view base, std::int64_t n);

}  // namespace vellum::cms
