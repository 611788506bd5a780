#include "internal/pg_error.hpp"

#include <fmt/format.h>

#include <memory>
#include <vector>

#include "vellum/core/error.hpp"

namespace vellum::pg::internal {

namespace {

std::string diag(const PGresult* result, int code) {
  const char* v = result != nullptr ? PQresultErrorField(result, code) : nullptr;
  return v != nullptr ? std::string(v) : std::string();
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string unquoted(std::string_view name) {
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    std::string out;
    for (std::size_t i = 1; i + 1 < name.size(); ++i) {
      out += name[i];
      if (name[i] == '"' && name[i + 1] == '"') ++i;
    }
    return out;
  }
  return std::string(name);
}

// Unique and foreign-key failures name their columns only in the detail text:
// `Key (a, b)=(1, 2) already exists.` The kind is already known from the SQLSTATE; this only
// recovers the names.
std::vector<std::string> key_columns(std::string_view detail) {
  std::vector<std::string> columns;
  const auto start = detail.find("Key (");
  if (start == std::string_view::npos) return columns;
  std::string_view rest = detail.substr(start + 5);
  const auto end = rest.find(")=(");
  if (end == std::string_view::npos) return columns;
  rest = rest.substr(0, end);
  while (!rest.empty()) {
    const auto comma = rest.find(", ");
    columns.push_back(unquoted(rest.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 2);
  }
  return columns;
}

constraint_kind constraint_kind_of(std::string_view sqlstate, std::string_view constraint) {
  if (sqlstate == "23505") return constraint.ends_with("_pkey") ? constraint_kind::primary_key : constraint_kind::unique;
  if (sqlstate == "23503") return constraint_kind::foreign_key;
  if (sqlstate == "23502") return constraint_kind::not_null;
  if (sqlstate == "23514") return constraint_kind::check;
  return constraint_kind::other;
}

template <class E>
[[noreturn]] void throw_with_state(E&& e, const std::string& sqlstate) {
  e.set_sqlstate(sqlstate);
  throw std::forward<E>(e);
}

}  // namespace

void throw_pg_error(PGresult* result, PGconn* conn, std::string_view action, std::string_view sql) {
  const std::unique_ptr<PGresult, decltype(&PQclear)> owned(result, &PQclear);
  const std::string sqlstate = diag(result, PG_DIAG_SQLSTATE);
  std::string message = diag(result, PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) message = trimmed(result != nullptr ? PQresultErrorMessage(result) : "");
  if (message.empty() && conn != nullptr) message = trimmed(PQerrorMessage(conn));
  if (message.empty()) message = "unknown error";
  const std::string doing = sql.empty() ? std::string(action) : fmt::format("{} `{}`", action, sql);

  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03")
    throw_with_state(busy(fmt::format("the database refused the work as a concurrency conflict while {}: {} "
                                      "(SQLSTATE {}; retry the transaction)",
                                      doing, message, sqlstate)),
                     sqlstate);
  // A value PostgreSQL cannot store: \u0000 in JSONB (22P05), a byte sequence that is not UTF-8
  // (22021). SQLite stores both; here the statement is refused as bad input.
  if (sqlstate == "22P05" || sqlstate == "22021")
    throw_with_state(validation_error(fmt::format("PostgreSQL cannot store a value while {}: {} (SQLSTATE {})", doing,
                                                  message, sqlstate)),
                     sqlstate);
  if (sqlstate.starts_with("23")) {
    std::string constraint = diag(result, PG_DIAG_CONSTRAINT_NAME);
    const constraint_kind kind = constraint_kind_of(sqlstate, constraint);
    std::string table = diag(result, PG_DIAG_TABLE_NAME);
    std::vector<std::string> columns;
    if (kind == constraint_kind::not_null) {
      if (auto column = diag(result, PG_DIAG_COLUMN_NAME); !column.empty()) columns.push_back(std::move(column));
    } else if (kind != constraint_kind::check) {
      columns = key_columns(diag(result, PG_DIAG_MESSAGE_DETAIL));
    }
    throw_with_state(constraint_error(fmt::format("{} constraint failed while {}: {}", to_string(kind), doing, message),
                                      0, kind, std::move(table), std::move(columns), std::move(constraint)),
                     sqlstate);
  }
  if (conn != nullptr && PQstatus(conn) == CONNECTION_BAD)
    throw_with_state(error(fmt::format("the connection to the PostgreSQL server is lost while {}: {}", doing, message)),
                     sqlstate);
  throw_with_state(error(sqlstate.empty()
                             ? fmt::format("PostgreSQL error while {}: {}", doing, message)
                             : fmt::format("PostgreSQL error while {}: {} (SQLSTATE {})", doing, message, sqlstate)),
                   sqlstate);
}

std::string redact_url(std::string_view url) {
  std::string out(url);
  if (const auto scheme = out.find("://"); scheme != std::string::npos) {
    const auto authority = scheme + 3;
    const auto at = out.find('@', authority);
    const auto slash = out.find('/', authority);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const auto colon = out.find(':', authority);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=… as a conninfo keyword or a URL query parameter.
  for (std::size_t pos = out.find("password"); pos != std::string::npos; pos = out.find("password", pos + 1)) {
    std::size_t i = pos + 8;
    while (i < out.size() && out[i] == ' ') ++i;
    if (i >= out.size() || out[i] != '=') continue;
    ++i;
    while (i < out.size() && out[i] == ' ') ++i;
    std::size_t end = i;
    if (end < out.size() && out[end] == '\'') {
      ++end;
      while (end < out.size() && out[end] != '\'') end += out[end] == '\\' ? 2 : 1;
      end = std::min(end + 1, out.size());
    } else {
      while (end < out.size() && out[end] != ' ' && out[end] != '&') ++end;
    }
    out.replace(i, end - i, "***");
  }
  return out;
}

}  // namespace vellum::pg::internal
