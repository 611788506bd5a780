#include "internal/sql_scan.hpp"

#include <algorithm>
#include <cctype>

#include "vellum/migrate/schema_model.hpp"
#include "vellum/schema/sql_text.hpp"

namespace vellum::migrate::detail {

namespace {

bool word_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) != 0 || c == '_' || c == '$' || u >= 0x80;
}

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// The position just after the token that starts at `i` when it is a quoted string, identifier or
// comment of raw SQL; `i` itself otherwise.
std::size_t skip_quoted(std::string_view sql, std::size_t i) {
  const char c = sql[i];
  if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
    const auto end = sql.find('\n', i);
    return end == std::string_view::npos ? sql.size() : end + 1;
  }
  if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
    const auto end = sql.find("*/", i + 2);
    return end == std::string_view::npos ? sql.size() : end + 2;
  }
  if (c == '\'' || c == '"' || c == '`' || c == '[') {
    const char close = c == '[' ? ']' : c;
    std::size_t end = i + 1;
    while ((end = sql.find(close, end)) != std::string_view::npos && close != ']' && end + 1 < sql.size() &&
           sql[end + 1] == close)
      end += 2;
    return end == std::string_view::npos ? sql.size() : end + 1;
  }
  return i;
}

// The position of the ')' closing the '(' at `open` (npos when unbalanced).
std::size_t closing_paren(std::string_view sql, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < sql.size();) {
    if (const std::size_t next = skip_quoted(sql, i); next != i) {
      i = next;
      continue;
    }
    if (sql[i] == '(') ++depth;
    else if (sql[i] == ')' && --depth == 0) return i;
    ++i;
  }
  return std::string_view::npos;
}

// The first top-level '(' of raw SQL (npos when none).
std::size_t first_paren(std::string_view sql) {
  for (std::size_t i = 0; i < sql.size();) {
    if (const std::size_t next = skip_quoted(sql, i); next != i) {
      i = next;
      continue;
    }
    if (sql[i] == '(') return i;
    ++i;
  }
  return std::string_view::npos;
}

bool keyword_at(std::string_view sql, std::size_t at, std::string_view keyword) {
  if (at + keyword.size() > sql.size() || (at > 0 && word_char(sql[at - 1]))) return false;
  if (at + keyword.size() < sql.size() && word_char(sql[at + keyword.size()])) return false;
  for (std::size_t i = 0; i < keyword.size(); ++i)
    if (lower(sql[at + i]) != keyword[i]) return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return s;
}

// Calls `on_word(position, length)` for each bare word of normalised SQL, outside literals.
template <class F>
void each_word(std::string_view sql, F&& on_word) {
  for (std::size_t i = 0; i < sql.size();) {
    if (sql[i] == '\'') {
      i = skip_quoted(sql, i);
    } else if (word_char(sql[i])) {
      std::size_t end = i;
      while (end < sql.size() && word_char(sql[end])) ++end;
      on_word(i, end - i);
      i = end;
    } else {
      ++i;
    }
  }
}

}  // namespace

std::vector<std::string> check_expressions(std::string_view create_table_sql) {
  const std::string sql = normalize_sql(create_table_sql);
  std::vector<std::string> checks;
  for (std::size_t i = 0; i < sql.size();) {
    if (sql[i] == '\'') {
      i = skip_quoted(sql, i);
    } else if (keyword_at(sql, i, "check")) {
      std::size_t open = i + 5;
      if (open < sql.size() && sql[open] == ' ') ++open;
      const std::size_t close = open < sql.size() && sql[open] == '(' ? closing_paren(sql, open) : std::string_view::npos;
      if (close == std::string_view::npos) break;
      checks.emplace_back(sql.substr(open + 1, close - open - 1));
      i = close + 1;
    } else {
      ++i;
    }
  }
  std::sort(checks.begin(), checks.end());
  return checks;
}

std::string index_condition(std::string_view create_index_sql) {
  const std::string sql = normalize_sql(create_index_sql);
  const std::size_t open = first_paren(sql);
  const std::size_t close = open == std::string_view::npos ? open : closing_paren(sql, open);
  if (close == std::string_view::npos) return {};
  std::string_view rest = sql;
  rest.remove_prefix(close + 1);
  if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (!keyword_at(rest, 0, "where")) return {};
  rest.remove_prefix(5);
  if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  return std::string(rest);
}

std::vector<table_item> table_items(std::string_view create_table_sql) {
  std::vector<table_item> items;
  const std::size_t open = first_paren(create_table_sql);
  const std::size_t close = open == std::string_view::npos ? open : closing_paren(create_table_sql, open);
  if (close == std::string_view::npos) return items;
  const std::string_view body = create_table_sql.substr(open + 1, close - open - 1);
  const auto add = [&](std::string_view text) {
    text = trim(text);
    if (text.empty()) return;
    std::string name;
    if (const std::size_t end = skip_quoted(text, 0); end != 0) {
      name = normalize_sql(text.substr(0, end));  // a quoted name, unquoted
    } else {
      std::size_t n = 0;
      while (n < text.size() && word_char(text[n])) ++n;
      name = normalize_sql(text.substr(0, n));
    }
    items.push_back({std::move(name), std::string(text)});
  };
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < body.size();) {
    if (const std::size_t next = skip_quoted(body, i); next != i) {
      i = next;
      continue;
    }
    if (body[i] == '(') ++depth;
    else if (body[i] == ')') --depth;
    else if (body[i] == ',' && depth == 0) {
      add(body.substr(start, i - start));
      start = i + 1;
    }
    ++i;
  }
  add(body.substr(start));
  return items;
}

std::string with_table_name(std::string_view create_table_sql, std::string_view new_name) {
  const std::size_t open = first_paren(create_table_sql);
  std::string out = "CREATE TABLE " + quote(new_name) + " ";
  out.append(create_table_sql.substr(open == std::string_view::npos ? create_table_sql.size() : open));
  return out;
}

std::string quote(std::string_view name) {
  sql_writer w;
  w.identifier(name);
  return w.take();
}

bool mentions(std::string_view normalized_sql, std::string_view name) {
  const std::string wanted = normalize_sql(name);
  bool found = false;
  each_word(normalized_sql, [&](std::size_t at, std::size_t n) { found = found || normalized_sql.substr(at, n) == wanted; });
  return found;
}

std::string rename_identifier(std::string_view normalized_sql, std::string_view from, std::string_view to) {
  const std::string old_name = normalize_sql(from);
  const std::string new_name = normalize_sql(to);
  std::string out;
  std::size_t copied = 0;
  each_word(normalized_sql, [&](std::size_t at, std::size_t n) {
    if (normalized_sql.substr(at, n) != old_name) return;
    out.append(normalized_sql.substr(copied, at - copied));
    out += new_name;
    copied = at + n;
  });
  out.append(normalized_sql.substr(copied));
  return out;
}

}  // namespace vellum::migrate::detail
