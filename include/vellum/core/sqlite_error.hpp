// Turns an SQLite result code into vellum's typed exceptions. Used by every layer that calls
// SQLite directly; the kind always comes from the extended result code, never from message text.
//
//   if (rc != SQLITE_OK) vellum::throw_sqlite_error(db, rc, "preparing", sql);
#pragma once

#include <sqlite3.h>

#include <string_view>

namespace vellum {

/// Throws the vellum::error subclass for `rc` (busy, constraint_error, or error). `action` says
/// what was being done ("executing", "preparing", …); `sql` is the statement text, without values.
[[noreturn]] void throw_sqlite_error(sqlite3* db, int rc, std::string_view action, std::string_view sql);

}  // namespace vellum
