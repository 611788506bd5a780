#include "internal/migration_records.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

#include "vellum/core/error.hpp"

namespace vellum::migrate::detail {

// A record without a checksum (written by SonicJS) cannot be checked. SonicJS records a display
// title as `name` ("Initial Schema") and the file name as `filename`, so the name counts as
// changed only when the file name differs as well.
std::string change_of(const migration& m, const recorded& r) {
  if (r.checksum && *r.checksum != m.checksum) return "checksum differs: the file was edited after it was applied";
  if (r.name != m.name && r.filename != m.filename)
    return fmt::format("name differs: applied as {} ('{}')", r.filename, r.name);
  return {};
}

const recorded* find_record(const std::vector<recorded>& records, std::string_view id) {
  const auto it = std::find_if(records.begin(), records.end(),
                               [&](const recorded& r) { return compare_migration_ids(r.id, id) == 0; });
  return it == records.end() ? nullptr : &*it;
}

// A table named `migrations` that some other tool made, with other columns, is not ours to use.
void check_tracking_columns(const std::set<std::string>& columns) {
  std::vector<std::string> missing;
  for (const char* needed : {"id", "name", "filename", "applied_at", "checksum"})
    if (!columns.contains(needed)) missing.emplace_back(needed);
  if (!missing.empty())
    throw validation_error(fmt::format("the table 'migrations' is not a migration tracking table: it lacks {} "
                                       "(expected id, name, filename, applied_at, checksum)",
                                       fmt::join(missing, ", ")),
                           {{"migrations", {fmt::format("lacks {}", fmt::join(missing, ", "))}}});
}

void check_recorded_id(const std::string& id) {
  if (!is_migration_id(id))
    throw validation_error(fmt::format("the table 'migrations' holds the id '{}', which is not a number", id),
                           {{"migrations", {fmt::format("id '{}' is not a number", id)}}});
}

bool ends_transaction(std::string_view sql) {
  std::size_t i = 0;
  for (;;) {
    while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i])) != 0) ++i;
    if (sql.substr(i, 2) == "--") i = std::min(sql.size(), sql.find('\n', i));
    else if (sql.substr(i, 2) == "/*") i = std::min(sql.size(), sql.find("*/", i) + 2);
    else break;
  }
  std::string word;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])) != 0)
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
  return word == "BEGIN" || word == "COMMIT" || word == "END" || word == "ROLLBACK";
}

std::string statement_failure(std::string_view doing, const migration& m, std::size_t index, std::size_t line,
                              std::string_view why) {
  return fmt::format("{} migration {} failed at statement {} (line {}): {}", doing, m.filename, index, line, why);
}

}  // namespace vellum::migrate::detail
