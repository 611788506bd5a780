// Turns a failed libpq result into vellum's typed exceptions (the same taxonomy as
// sqlite_error.hpp, chosen by SQLSTATE). Private to the vellum_postgres library.
#pragma once

#include <libpq-fe.h>

#include <string>
#include <string_view>

namespace vellum::pg::internal {

/// Throws the vellum::error subclass for the error in `result` (which it clears), or for the
/// connection's error when `result` is null. `action` says what was being done; `sql` is the
/// statement text, without values.
[[noreturn]] void throw_pg_error(PGresult* result, PGconn* conn, std::string_view action, std::string_view sql);

/// `url` with any password replaced by "***" (URL user:password@ and conninfo password=…).
[[nodiscard]] std::string redact_url(std::string_view url);

}  // namespace vellum::pg::internal
