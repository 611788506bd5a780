#include "vellum/core/connection.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <fmt/format.h>

#include <cctype>

#include "vellum/core/error.hpp"
#include "vellum/core/sqlite_error.hpp"
#include "vellum/core/table_generations.hpp"

namespace vellum {

namespace {

bool only_space_or_comments(std::string_view rest) {
  // What follows the last statement may be blanks or comments; anything else is a second statement.
  std::size_t i = 0;
  while (i < rest.size()) {
    const char c = rest[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == ';') {
      ++i;
    } else if (rest.substr(i, 2) == "--") {
      const auto eol = rest.find('\n', i);
      i = eol == std::string_view::npos ? rest.size() : eol + 1;
    } else if (rest.substr(i, 2) == "/*") {
      const auto end = rest.find("*/", i + 2);
      i = end == std::string_view::npos ? rest.size() : end + 2;
    } else {
      return false;
    }
  }
  return true;
}

// Turning a new file to WAL needs an exclusive lock, and when another connection is opening the
// same new file SQLite answers SQLITE_BUSY at once, without the busy handler (waiting could
// deadlock). Retry until the busy timeout, as any other locked write waits.
void set_journal_mode(connection& conn, const connection_options& options) {
  const std::string sql = fmt::format("PRAGMA journal_mode={}", options.journal_mode);
  const auto deadline = std::chrono::steady_clock::now() + options.busy_timeout;
  for (;;) {
    try {
      conn.execute(sql);
      return;
    } catch (const busy&) {
      if (std::chrono::steady_clock::now() >= deadline) throw;
    }
    sqlite3_sleep(1);
  }
}

bool is_memory_path(const std::string& path) {
  return path.empty() || path == ":memory:" || path.starts_with("file::memory:") ||
         path.find("mode=memory") != std::string::npos;
}

}  // namespace

connection::connection(const std::string& path, connection_options options)
    : path_(path), cache_(options.statement_cache_size) {
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  flags |= options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (options.create && !options.read_only) flags |= SQLITE_OPEN_CREATE;
  try {
    database_ = std::make_unique<SQLite::Database>(path, flags, static_cast<int>(options.busy_timeout.count()));
  } catch (const SQLite::Exception& e) {
    throw error(fmt::format("opening database '{}': {}", path, e.what()), e.getExtendedErrorCode());
  }
  db_ = database_->getHandle();
  sqlite3_extended_result_codes(db_, 1);
  apply_pragmas(options, !is_memory_path(path));
}

connection::~connection() {
  generations_.reset();
  cache_.clear();  // statements must be finalized before SQLiteCpp closes the handle
}

table_generations& connection::watch_tables() {
  if (!generations_) generations_ = std::make_unique<table_generations>(db_);
  return *generations_;
}

void connection::apply_pragmas(const connection_options& options, bool is_file) {
  if (is_file && !options.journal_mode.empty() && !options.read_only) set_journal_mode(*this, options);
  execute(options.foreign_keys ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF");
  if (!options.synchronous.empty()) execute(fmt::format("PRAGMA synchronous={}", options.synchronous));
}

sqlite3_stmt* connection::prepare_raw(std::string_view sql, bool persistent) {
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    persistent ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, &tail);
  if (rc != SQLITE_OK) throw_sqlite_error(db_, rc, "preparing", sql);
  ++stats_.statements_prepared;
  if (stmt == nullptr) throw error(fmt::format("preparing `{}`: the text holds no SQL statement", sql));
  const std::string_view rest(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail));
  if (!only_space_or_comments(rest)) {
    sqlite3_finalize(stmt);
    throw error(fmt::format("preparing `{}`: more than one statement; use execute() for scripts", sql));
  }
  return stmt;
}

statement connection::lease(std::string_view sql, const void* static_key) {
  detail::cache_entry* entry = static_key != nullptr ? cache_.find_static(static_key) : cache_.find(sql);
  if (entry != nullptr && !entry->in_use) {
    ++stats_.cache_hits;
    entry->in_use = true;
    return statement(*this, entry->stmt, entry, false);
  }
  // Missing, or in use by an outer lease (a query nested in its own loop): prepare a fresh one.
  const bool cacheable = entry == nullptr;
  sqlite3_stmt* stmt = prepare_raw(sql, cacheable);
  if (cacheable) {
    if (auto* inserted = cache_.insert(std::string(sql), stmt, static_key)) {
      inserted->in_use = true;
      return statement(*this, stmt, inserted, true);
    }
  }
  return statement(*this, stmt, nullptr, true);
}

statement connection::prepare(std::string_view sql) { return lease(sql, nullptr); }

statement connection::prepare_static(std::string_view sql) { return lease(sql, sql.data()); }

void connection::execute(std::string_view sql) {
  const char* cursor = sql.data();
  const char* end = sql.data() + sql.size();
  while (cursor < end) {
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    const std::string_view remaining(cursor, static_cast<std::size_t>(end - cursor));
    const int rc = sqlite3_prepare_v2(db_, cursor, static_cast<int>(end - cursor), &stmt, &tail);
    if (rc != SQLITE_OK) throw_sqlite_error(db_, rc, "preparing", remaining.substr(0, 200));
    cursor = tail;
    if (stmt == nullptr) continue;  // blank or comment
    ++stats_.statements_prepared;
    statement owned(*this, stmt, nullptr, true);
    owned.execute();
  }
}

std::int64_t connection::last_insert_rowid() const noexcept { return sqlite3_last_insert_rowid(db_); }

int connection::changes() const noexcept { return sqlite3_changes(db_); }

}  // namespace vellum
