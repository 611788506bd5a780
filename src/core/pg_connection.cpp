#include "vellum/core/pg_connection.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <cctype>

#include "internal/pg_error.hpp"
#include "internal/pg_statement_cache.hpp"
#include "vellum/core/error.hpp"

namespace vellum::pg {

namespace {

bool succeeded(const PGresult* result) {
  const auto status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
}

void ignore_notice(void*, const char*) {}  // NOTICEs (e.g. "… does not exist, skipping") are not errors

// The session settings value conversion relies on (core/pg_value.hpp): timestamps read back in
// UTC and ISO format.
constexpr const char* session_setup = "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'";

// Whether a script may change what cached statements were prepared against (their parameter
// and result types): DDL, or a different search_path.
bool may_change_schema(std::string_view script) {
  static constexpr std::string_view words[] = {"ALTER", "DROP", "CREATE", "SET"};
  const auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (std::size_t i = 0; i < script.size(); ++i) {
    if (i > 0 && word_char(script[i - 1])) continue;
    for (const auto word : words) {
      if (script.size() - i < word.size()) continue;
      bool match = true;
      for (std::size_t k = 0; k < word.size() && match; ++k)
        match = std::toupper(static_cast<unsigned char>(script[i + k])) == word[k];
      if (match && (i + word.size() == script.size() || !word_char(script[i + word.size()]))) return true;
    }
  }
  return false;
}

bool failed_with(const PGresult* result, std::string_view sqlstate) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  return state != nullptr && sqlstate == state;
}

}  // namespace

connection::connection(const std::string& url, connection_options options)
    : cache_(std::make_unique<detail::statement_cache>(options.statement_cache_size)) {
  const std::string timeout = std::to_string(options.connect_timeout.count());
  // The URL is expanded in place of `dbname`: its own settings override the keywords before it,
  // and client_encoding after it is always UTF8.
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", "client_encoding", nullptr};
  const char* values[] = {timeout.c_str(), options.application_name.c_str(), url.c_str(), "UTF8", nullptr};
  conn_ = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn_ == nullptr) throw error("connecting to PostgreSQL: out of memory");
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    PQfinish(conn_);
    conn_ = nullptr;
    throw error(fmt::format("connecting to PostgreSQL at '{}': {}", internal::redact_url(url), message));
  }
  PQsetNoticeProcessor(conn_, &ignore_notice, nullptr);
  try {
    execute(session_setup);
  } catch (...) {
    PQfinish(conn_);
    throw;
  }
}

connection::~connection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

std::size_t connection::cached_statements() const noexcept { return cache_->size(); }
std::size_t connection::statement_cache_capacity() const noexcept { return cache_->capacity(); }
bool connection::healthy() const noexcept { return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK; }
bool connection::server_in_transaction() const noexcept {
  const auto status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

void connection::execute(std::string_view script) {
  const auto start = std::chrono::steady_clock::now();
  const std::string text(script);
  PGresult* result = PQexec(conn_, text.c_str());
  if (result == nullptr || !succeeded(result)) internal::throw_pg_error(result, conn_, "executing", script);
  const char* changed = PQcmdTuples(result);
  const std::int64_t rows = PQresultStatus(result) == PGRES_TUPLES_OK ? PQntuples(result) : std::atoll(changed);
  PQclear(result);
  ++stats_.statements_prepared;
  if (may_change_schema(script)) cache_->clear_idle();
  if (logger_) logger_(query_event{script, 0, std::chrono::steady_clock::now() - start, rows, true});
}

void connection::deallocate_evicted() {
  // Not inside an aborted transaction: every command but ROLLBACK fails there.
  if (!cache_->has_evicted() || PQtransactionStatus(conn_) == PQTRANS_INERROR) return;
  std::string script;
  for (const auto& name : cache_->take_evicted()) script += fmt::format("DEALLOCATE {};", name);
  PQclear(PQexec(conn_, script.c_str()));  // a failure only leaves a statement prepared
}

statement connection::lease(std::string_view sql, const void* static_key) {
  detail::cache_entry* entry = static_key != nullptr ? cache_->find_static(static_key) : cache_->find(sql);
  if (entry != nullptr && !entry->in_use) {
    ++stats_.cache_hits;
    entry->in_use = true;
    return statement(*this, entry->sql, entry, false);
  }
  // In use by an outer lease (a query nested in its own loop), or no room: an unnamed statement,
  // prepared and run in one round trip when it executes.
  if (entry == nullptr && cache_->make_room()) {
    deallocate_evicted();
    const std::string text(sql);
    entry = cache_->insert(text, prepare_named(text), static_key);
    entry->in_use = true;
    return statement(*this, entry->sql, entry, true);
  }
  ++stats_.statements_prepared;
  return statement(*this, sql, nullptr, true);
}

std::string connection::prepare_named(const std::string& sql) {
  std::string name = fmt::format("vellum_{}", stats_.statements_prepared + 1);
  PGresult* result = PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr);
  if (result == nullptr || !succeeded(result)) internal::throw_pg_error(result, conn_, "preparing", sql);
  PQclear(result);
  ++stats_.statements_prepared;
  return name;
}

statement connection::prepare(std::string_view sql) { return lease(sql, nullptr); }

statement connection::prepare_static(std::string_view sql) { return lease(sql, sql.data()); }

pg_result* connection::run_statement(statement& st) {
  const bool logging = static_cast<bool>(logger_);
  const auto start = logging ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
  const int count = static_cast<int>(st.params_.size());
  std::vector<const char*> values(st.params_.size());
  for (std::size_t i = 0; i < st.params_.size(); ++i)
    values[i] = st.params_[i].is_null ? nullptr : st.params_[i].text.c_str();
  const auto send = [&] {
    return st.entry_ != nullptr
               ? PQexecPrepared(conn_, st.entry_->name.c_str(), count, values.data(), nullptr, nullptr, 0)
               : PQexecParams(conn_, st.owned_sql_.c_str(), count, nullptr, values.data(), nullptr, nullptr, 0);
  };
  PGresult* result = send();
  // A table the cached statement reads changed shape since it was prepared (DDL from another
  // session): prepare it again and retry once, unless the failure aborted a transaction.
  if (st.entry_ != nullptr && failed_with(result, "0A000") && PQtransactionStatus(conn_) == PQTRANS_IDLE) {
    PQclear(result);
    cache_->retire(std::exchange(st.entry_->name, prepare_named(st.entry_->sql)));
    result = send();
  }
  if (result == nullptr || !succeeded(result)) internal::throw_pg_error(result, conn_, "executing", st.sql_);
  if (logging) {
    const std::int64_t rows =
        PQresultStatus(result) == PGRES_TUPLES_OK ? PQntuples(result) : std::atoll(PQcmdTuples(result));
    logger_(query_event{st.sql_, count, std::chrono::steady_clock::now() - start, rows, st.prepared_});
  }
  st.prepared_ = false;  // a re-run after reset() is a cache hit
  return result;
}

// ---- statement ------------------------------------------------------------------------------

statement::statement(connection& conn, std::string_view sql, detail::cache_entry* entry, bool prepared)
    : conn_(&conn), entry_(entry), prepared_(prepared) {
  if (entry_ == nullptr) owned_sql_ = std::string(sql);
  sql_ = entry_ != nullptr ? std::string_view(entry_->sql) : std::string_view(owned_sql_);
}

statement::statement(statement&& other) noexcept
    : conn_(other.conn_),
      owned_sql_(std::move(other.owned_sql_)),
      entry_(std::exchange(other.entry_, nullptr)),
      prepared_(other.prepared_),
      params_(std::move(other.params_)),
      result_(std::exchange(other.result_, nullptr)),
      rows_(other.rows_),
      row_(other.row_),
      changed_(other.changed_) {
  sql_ = entry_ != nullptr ? std::string_view(entry_->sql) : std::string_view(owned_sql_);
  other.conn_ = nullptr;
}

statement::~statement() { finish(); }

void statement::finish() noexcept {
  if (result_ != nullptr) PQclear(result_);
  result_ = nullptr;
  if (entry_ != nullptr) entry_->in_use = false;
  entry_ = nullptr;
}

param& statement::slot(int index) {
  if (index < 1 || index > 65535) throw error(fmt::format("binding parameter ${} of `{}`: no such parameter", index, sql_));
  if (static_cast<std::size_t>(index) > params_.size()) params_.resize(static_cast<std::size_t>(index));
  return params_[static_cast<std::size_t>(index) - 1];
}

void statement::run() {
  if (conn_ == nullptr) throw invalid_state("running a statement that was moved from");
  result_ = conn_->run_statement(*this);
  rows_ = PQresultStatus(result_) == PGRES_TUPLES_OK ? PQntuples(result_) : 0;
  row_ = -1;
  changed_ = std::atoi(PQcmdTuples(result_));
}

bool statement::step() {
  if (result_ == nullptr) run();
  if (row_ < rows_) ++row_;
  return row_ < rows_;
}

int statement::execute() {
  reset();
  run();
  return changed_;
}

void statement::reset() noexcept {
  if (result_ != nullptr) PQclear(result_);
  result_ = nullptr;
  rows_ = 0;
  row_ = -1;
  changed_ = 0;
}

field statement::field_at(int column) const {
  if (result_ == nullptr || row_ < 0 || row_ >= rows_)
    throw invalid_state(fmt::format("reading column {} of `{}`: there is no current row", column, sql_));
  if (column < 0 || column >= PQnfields(result_))
    throw error(fmt::format("reading column {} of `{}`: the result has {} columns", column, sql_, PQnfields(result_)));
  const bool null = PQgetisnull(result_, row_, column) != 0;
  const char* text = PQgetvalue(result_, row_, column);
  return field{std::string_view(text, static_cast<std::size_t>(PQgetlength(result_, row_, column))), null,
               PQfname(result_, column), static_cast<unsigned>(PQftype(result_, column))};
}

bool statement::is_null(int column) const { return field_at(column).is_null; }

int statement::column_count() const noexcept { return result_ != nullptr ? PQnfields(result_) : 0; }

std::string_view statement::column_name(int column) const {
  if (result_ == nullptr || column < 0 || column >= PQnfields(result_)) return {};
  return PQfname(result_, column);
}

}  // namespace vellum::pg
