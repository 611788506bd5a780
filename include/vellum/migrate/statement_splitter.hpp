// `split_statements`: cuts an SQL script into its statements the way SQLite itself does
// (sqlite3_complete's tokenizer): `--` and `/* */` comments, ';' inside '…', "…", `…` and […],
// CREATE TRIGGER … BEGIN … END; bodies, CRLF line ends and a leading UTF-8 BOM all survive.
// A drizzle-kit `--> statement-breakpoint` line also ends a statement. PostgreSQL's
// dollar-quoted bodies ($$…$$, $tag$…$tag$) and E'…' strings (backslash escapes) keep their ';'
// too, so the PostgreSQL runner shares this splitter. Pure: no database.
//
//   for (const auto& s : vellum::migrate::split_statements(script)) run(s.text);
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace vellum::migrate {

struct sql_statement {
  std::string_view text;  // from its first token to its closing ';' (or the script's last token)
  std::size_t line = 1;   // 1-based line of the script where it starts
};

/// The statements of `script`, in order. Empty statements (a lone ';') and the comments and
/// blanks between statements are dropped; comments inside a statement are kept. A statement
/// left open at the end (no ';', an unterminated string) is returned as it stands, for SQLite to
/// report. The views point into `script`.
[[nodiscard]] std::vector<sql_statement> split_statements(std::string_view script);

}  // namespace vellum::migrate
