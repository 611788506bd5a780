#include "vellum/migrate/schema_model.hpp"

#include <algorithm>
#include <cctype>

namespace vellum::migrate {

namespace {

bool word_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) != 0 || c == '_' || c == '$' || u >= 0x80;
}

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

template <class Named>
const Named* find_named(const std::vector<Named>& items, std::string_view name) {
  const auto it = std::find_if(items.begin(), items.end(), [&](const Named& i) { return iequals(i.name, name); });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

const column_model* table_model::find_column(std::string_view column) const { return find_named(columns, column); }
const index_model* table_model::find_index(std::string_view index) const { return find_named(indexes, index); }
const table_model* schema_model::find(std::string_view table) const { return find_named(tables, table); }

std::string normalize_sql(std::string_view sql) {
  std::string out;
  bool pending_space = false;
  // A space survives only between two word characters: "a >= 1" and "a>=1" read the same.
  const auto emit = [&](char c, bool keep_case) {
    if (pending_space && !out.empty() && word_char(out.back()) && word_char(c)) out += ' ';
    pending_space = false;
    out += keep_case ? c : lower(c);
  };
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') ++i;
      pending_space = true;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const auto end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 1;
      pending_space = true;
    } else if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      pending_space = true;
    } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
      // A literal is kept whole; a quoted identifier loses its quotes. Doubled quotes escape.
      const char close = c == '[' ? ']' : c;
      std::size_t end = i + 1;
      while ((end = sql.find(close, end)) != std::string_view::npos && close != ']' && end + 1 < sql.size() &&
             sql[end + 1] == close)
        end += 2;
      if (end == std::string_view::npos) end = sql.size();
      const std::string_view inside = sql.substr(i + 1, end - i - 1);
      if (c == '\'') {
        emit(c, true);
        out.append(inside);
        out += c;
      } else {
        for (std::size_t k = 0; k < inside.size(); ++k) {
          emit(inside[k], false);
          if (inside[k] == close && close != ']') ++k;
        }
      }
      i = end;
    } else {
      emit(c, false);
    }
  }
  return out;
}

std::string_view type_affinity(std::string_view declared_type) {
  std::string upper;
  for (char c : declared_type) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto has = [&](std::string_view part) { return upper.find(part) != std::string::npos; };
  if (has("INT")) return "INTEGER";
  if (has("CHAR") || has("CLOB") || has("TEXT")) return "TEXT";
  if (has("BLOB") || upper.find_first_not_of(' ') == std::string::npos) return "BLOB";
  if (has("REAL") || has("FLOA") || has("DOUB")) return "REAL";
  return "NUMERIC";
}

}  // namespace vellum::migrate
