#include "vellum/migrate/migration.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "vellum/core/error.hpp"
#include "vellum/migrate/statement_splitter.hpp"

namespace vellum::migrate {

namespace {

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "--vellum:no-transaction", "-- Vellum: No-Transaction" and the like.
bool is_directive_line(std::string_view line) {
  line = trim(line);
  if (!line.starts_with("--")) return false;
  std::string compact;
  for (const char c : line.substr(2))
    if (!std::isspace(static_cast<unsigned char>(c))) compact += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return compact == "vellum:no-transaction";
}

std::string_view without_leading_zeros(std::string_view id) noexcept {
  const auto first = id.find_first_not_of('0');
  return first == std::string_view::npos ? std::string_view("0") : id.substr(first);
}

}  // namespace

bool migration::no_transaction() const { return has_no_transaction_directive(sql); }

bool has_no_transaction_directive(std::string_view sql) {
  // The header is everything before the first statement: blanks and comments only.
  const auto statements = split_statements(sql);
  const std::string_view header =
      statements.empty() ? sql : sql.substr(0, static_cast<std::size_t>(statements.front().text.data() - sql.data()));
  std::size_t start = header.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // a UTF-8 BOM
  while (start < header.size()) {
    const auto eol = header.find('\n', start);
    const auto line = header.substr(start, eol == std::string_view::npos ? std::string_view::npos : eol - start);
    if (is_directive_line(line)) return true;
    if (eol == std::string_view::npos) break;
    start = eol + 1;
  }
  return false;
}

bool is_migration_id(std::string_view id) noexcept {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::strong_ordering compare_migration_ids(std::string_view a, std::string_view b) noexcept {
  a = without_leading_zeros(a);
  b = without_leading_zeros(b);
  if (a.size() != b.size()) return a.size() <=> b.size();
  const int c = a.compare(b);
  return c < 0 ? std::strong_ordering::less : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
}

void order_migrations(std::vector<migration>& set) {
  validation_error::field_errors problems;
  for (const auto& m : set) {
    const std::string& key = m.filename.empty() ? m.id : m.filename;
    if (!is_migration_id(m.id)) problems[key].push_back(fmt::format("id '{}' is not a number", m.id));
    if (m.name.empty()) problems[key].push_back("the name is empty");
    if (m.filename.empty()) problems[key].push_back("the file name is empty");
  }
  if (!problems.empty())
    throw validation_error(
        fmt::format("invalid migration set: {}: {}", problems.begin()->first, problems.begin()->second.front()),
        std::move(problems));
  std::stable_sort(set.begin(), set.end(),
                   [](const migration& a, const migration& b) { return compare_migration_ids(a.id, b.id) < 0; });
  for (std::size_t i = 1; i < set.size(); ++i) {
    if (compare_migration_ids(set[i - 1].id, set[i].id) == 0) {
      problems[set[i].filename].push_back(fmt::format("has the same id as {}", set[i - 1].filename));
      throw validation_error(
          fmt::format("invalid migration set: {} and {} have the same id", set[i - 1].filename, set[i].filename),
          std::move(problems));
    }
  }
}

}  // namespace vellum::migrate
