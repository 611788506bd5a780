// vellum's error taxonomy: one base class, one subclass per thing a caller may handle.
//
//   try { db.insert(u); }
//   catch (const vellum::constraint_error& e) { if (e.kind() == vellum::constraint_kind::unique) … }
//
// Every message says what was being done; SQL text appears without values.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace vellum {

/// Base of every exception vellum throws.
class error : public std::runtime_error {
 public:
  explicit error(const std::string& message, int sqlite_code = 0)
      : std::runtime_error(message), sqlite_code_(sqlite_code) {}
  /// SQLite's extended result code, or 0 when the error did not come from SQLite.
  [[nodiscard]] int sqlite_code() const noexcept { return sqlite_code_; }
  /// PostgreSQL's five-character SQLSTATE ("23505"…), or empty when the error did not come
  /// from a PostgreSQL server.
  [[nodiscard]] std::string_view sqlstate() const noexcept { return sqlstate_; }
  /// Records the SQLSTATE (the PostgreSQL backend does, before throwing); longer text is cut.
  error& set_sqlstate(std::string_view state) noexcept {
    const auto n = state.copy(sqlstate_, sizeof sqlstate_ - 1);
    sqlstate_[n] = '\0';
    return *this;
  }

 private:
  int sqlite_code_;
  char sqlstate_[6] = {};  // not a std::string: copying an exception stays noexcept
};

enum class constraint_kind { unique, primary_key, foreign_key, not_null, check, other };

[[nodiscard]] const char* to_string(constraint_kind kind) noexcept;

/// A write violated a constraint. `table()` and `columns()` are filled where SQLite names them
/// (UNIQUE, PRIMARY KEY, NOT NULL); for CHECK, `constraint_name()` holds the constraint's name or
/// expression; for FOREIGN KEY, SQLite names nothing and vellum reports the statement's table.
class constraint_error : public error {
 public:
  constraint_error(const std::string& message, int sqlite_code, constraint_kind kind, std::string table,
                   std::vector<std::string> columns, std::string constraint_name = {})
      : error(message, sqlite_code),
        kind_(kind),
        table_(std::move(table)),
        columns_(std::move(columns)),
        constraint_name_(std::move(constraint_name)) {}
  [[nodiscard]] constraint_kind kind() const noexcept { return kind_; }
  [[nodiscard]] const std::string& table() const noexcept { return table_; }
  [[nodiscard]] const std::vector<std::string>& columns() const noexcept { return columns_; }
  [[nodiscard]] const std::string& constraint_name() const noexcept { return constraint_name_; }

 private:
  constraint_kind kind_;
  std::string table_;
  std::vector<std::string> columns_;
  std::string constraint_name_;
};

/// A row that was looked up by key does not exist.
class not_found : public error {
 public:
  using error::error;
};

/// Optimistic concurrency: the row changed since the caller read it, or a unique value is taken.
class conflict : public error {
 public:
  explicit conflict(const std::string& message, std::string field = {})
      : error(message), field_(std::move(field)) {}
  /// The field that conflicted ("revision", "slug", …), empty when not about one field.
  [[nodiscard]] const std::string& field() const noexcept { return field_; }

 private:
  std::string field_;
};

/// Input failed validation; nothing was written. `fields()` maps a field path to its messages.
class validation_error : public error {
 public:
  using field_errors = std::map<std::string, std::vector<std::string>>;
  validation_error(const std::string& message, field_errors fields)
      : error(message), fields_(std::move(fields)) {}
  explicit validation_error(const std::string& message) : error(message) {}
  [[nodiscard]] const field_errors& fields() const noexcept { return fields_; }

 private:
  field_errors fields_;
};

/// A migration failed; `migration()` names it, `statement()` is the failing statement's text.
class migration_error : public error {
 public:
  migration_error(const std::string& message, std::string migration, std::string statement = {},
                  int sqlite_code = 0)
      : error(message, sqlite_code), migration_(std::move(migration)), statement_(std::move(statement)) {}
  [[nodiscard]] const std::string& migration() const noexcept { return migration_; }
  [[nodiscard]] const std::string& statement() const noexcept { return statement_; }

 private:
  std::string migration_;
  std::string statement_;
};

/// The database stayed locked by another connection past the busy timeout.
class busy : public error {
 public:
  using error::error;
};

/// A stored value cannot be read as the requested C++ type (NULL into a non-optional, text that
/// is not JSON, an unknown enum name, an integer out of range). Names the table and column.
class mapping_error : public error {
 public:
  mapping_error(const std::string& message, std::string table, std::string column)
      : error(message), table_(std::move(table)), column_(std::move(column)) {}
  [[nodiscard]] const std::string& table() const noexcept { return table_; }
  [[nodiscard]] const std::string& column() const noexcept { return column_; }

 private:
  std::string table_;
  std::string column_;
};

/// An operation is not allowed in the object's current state (a finished transaction reused…).
class invalid_state : public error {
 public:
  using error::error;
};

/// A workflow transition that no edge of the item's workflow allows from its current state
/// (WR-4). An invalid_state, so code that handles any refused state change catches it too.
class invalid_transition : public invalid_state {
 public:
  invalid_transition(const std::string& message, std::string from, std::string to)
      : invalid_state(message), from_(std::move(from)), to_(std::move(to)) {}
  [[nodiscard]] const std::string& from() const noexcept { return from_; }
  [[nodiscard]] const std::string& to() const noexcept { return to_; }

 private:
  std::string from_;
  std::string to_;
};

/// The actor may not do this: it lacks `permission()` (e.g. "content.approve"), or a rule such
/// as four-eyes review (WR-9) bars it. Nothing was written.
class forbidden : public error {
 public:
  explicit forbidden(const std::string& message, std::string permission = {})
      : error(message), permission_(std::move(permission)) {}
  /// The permission that was missing; empty when a rule other than a missing grant refused.
  [[nodiscard]] const std::string& permission() const noexcept { return permission_; }

 private:
  std::string permission_;
};

/// Why an API token was refused (TK-2): each is a different answer to give its holder.
enum class token_rejection {
  unknown,         // no token has this value (also: not shaped like a token at all)
  expired,         // its expires_at has passed
  revoked,         // revoked by its owner or an administrator
  owner_inactive,  // its owner's account is deactivated
};

[[nodiscard]] constexpr const char* to_string(token_rejection reason) noexcept {
  switch (reason) {
    case token_rejection::unknown: return "unknown";
    case token_rejection::expired: return "expired";
    case token_rejection::revoked: return "revoked";
    case token_rejection::owner_inactive: return "owner_inactive";
  }
  return "unknown";
}

/// A presented API token was refused; `reason()` says why. One class, so a caller answers every
/// refusal alike (HTTP 401) and still tells them apart without reading the message. The message
/// never contains the token.
class invalid_token : public error {
 public:
  invalid_token(const std::string& message, token_rejection reason) : error(message), reason_(reason) {}
  [[nodiscard]] token_rejection reason() const noexcept { return reason_; }

 private:
  token_rejection reason_;
};

}  // namespace vellum
