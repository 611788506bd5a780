// `per_dialect`: an SQL fragment of a table definition written once per dialect, where SQLite
// and PostgreSQL need different text. An empty text means "nothing on that dialect": a check
// that only one of them needs (SQLite's `x IN (0, 1)` on an INTEGER boolean; PostgreSQL's
// BOOLEAN type already restricts).
//
//   v::column(&user::active, "active").check(v::per_dialect{.sqlite = "active IN (0, 1)"})
//   v::column(&page::data, "data").check(v::per_dialect{.sqlite = "json_valid(data)",
//                                                       .postgres = "jsonb_typeof(data) = 'object'"})
#pragma once

#include <string_view>

#include "vellum/core/dialect.hpp"

namespace vellum {

struct per_dialect {
  std::string_view sqlite{};
  std::string_view postgres{};

  /// The same text on every dialect (a portable fragment).
  [[nodiscard]] static constexpr per_dialect portable(std::string_view text) { return {text, text}; }
  /// The text for dialect d (empty: none there).
  [[nodiscard]] constexpr std::string_view in(dialect d) const { return d == dialect::postgres ? postgres : sqlite; }
};

}  // namespace vellum
