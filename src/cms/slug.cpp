#include "vellum/cms/slug.hpp"

#include <algorithm>
#include <cstdint>

#include "internal/utf8.hpp"

namespace vellum::cms {

namespace {

struct folding {
  char32_t first;
  char32_t last;
  std::string_view ascii;
};

// Latin-1 Supplement and Latin Extended-A letters, folded to ASCII without their diacritics.
constexpr folding latin_folds[] = {
    {0xC0, 0xC5, "a"}, {0xC6, 0xC6, "ae"}, {0xC7, 0xC7, "c"}, {0xC8, 0xCB, "e"}, {0xCC, 0xCF, "i"},
    {0xD0, 0xD0, "d"}, {0xD1, 0xD1, "n"},  {0xD2, 0xD6, "o"}, {0xD8, 0xD8, "o"}, {0xD9, 0xDC, "u"},
    {0xDD, 0xDD, "y"}, {0xDE, 0xDE, "th"}, {0xDF, 0xDF, "ss"}, {0xE0, 0xE5, "a"}, {0xE6, 0xE6, "ae"},
    {0xE7, 0xE7, "c"}, {0xE8, 0xEB, "e"},  {0xEC, 0xEF, "i"}, {0xF0, 0xF0, "d"}, {0xF1, 0xF1, "n"},
    {0xF2, 0xF6, "o"}, {0xF8, 0xF8, "o"},  {0xF9, 0xFC, "u"}, {0xFD, 0xFD, "y"}, {0xFE, 0xFE, "th"},
    {0xFF, 0xFF, "y"}, {0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"},
    {0x11C, 0x123, "g"}, {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"}, {0x134, 0x135, "j"},
    {0x136, 0x138, "k"}, {0x139, 0x142, "l"}, {0x143, 0x14B, "n"}, {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"},
    {0x154, 0x159, "r"}, {0x15A, 0x161, "s"}, {0x162, 0x167, "t"}, {0x168, 0x173, "u"}, {0x174, 0x175, "w"},
    {0x176, 0x178, "y"}, {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
    // separators beyond ASCII: no-break space, the typographic spaces and dashes
    {0xA0, 0xA0, " "}, {0x2000, 0x200A, " "}, {0x2010, 0x2015, " "}, {0x202F, 0x202F, " "},
    {0x3000, 0x3000, " "}, {0x1680, 0x1680, " "}, {0x205F, 0x205F, " "}, {0x2212, 0x2212, " "},
    {0xFE58, 0xFE58, " "}, {0xFE63, 0xFE63, " "}, {0xFF0D, 0xFF0D, " "}, {0x00AD, 0x00AD, ""},
};

bool is_separator(char c) {
  return c == ' ' || c == '_' || c == '-' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void trim_dashes(std::string& s) {
  while (!s.empty() && s.back() == '-') s.pop_back();
  const auto first = s.find_first_not_of('-');
  s.erase(0, first == std::string::npos ? s.size() : first);
}

}  // namespace

std::string slugify(std::string_view title) {
  std::string out;
  bool pending_dash = false;
  const auto emit = [&](std::string_view ascii) {
    for (char c : ascii) {
      if (is_separator(c)) {
        pending_dash = !out.empty();
        continue;
      }
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) continue;  // other characters are dropped
      if (pending_dash) out += '-';
      pending_dash = false;
      out += c;
    }
  };
  for (std::size_t i = 0; i < title.size() && out.size() <= max_slug_length;) {
    const auto decoded = internal::next_code_point(title, i);
    if (!decoded) continue;  // not UTF-8: dropped
    const char32_t cp = *decoded;
    if (cp < 0x80) {
      const char c = static_cast<char>(cp);
      emit(std::string_view(&c, 1));
      continue;
    }
    for (const folding& f : latin_folds)
      if (cp >= f.first && cp <= f.last) {
        emit(f.ascii);
        break;
      }
    // Anything else (combining marks included, so a decomposed "é" folds to "e") is dropped.
  }
  if (out.size() > max_slug_length) out.resize(max_slug_length);
  trim_dashes(out);
  return out;
}

bool is_valid_slug(std::string_view slug) noexcept {
  if (slug.empty() || slug.size() > max_slug_length) return false;
  if (slug.front() == '-' || slug.back() == '-') return false;
  char previous = 0;
  for (char c : slug) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && previous != '-');
    if (!ok) return false;
    previous = c;
  }
  return true;
}

std::string with_suffix(std::string_view base, std::int64_t n) {
  // Built with append, not operator+: GCC 12 at -O2 reports a false -Wrestrict on the latter.
  std::string suffix(1, '-');
  suffix.append(std::to_string(n));
  std::string out(base.substr(0, max_slug_length - std::min(max_slug_length, suffix.size())));
  trim_dashes(out);
  out.append(suffix);
  return out;
}

}  // namespace vellum::cms
