#include "vellum/migrate/migration_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>

#include "vellum/core/error.hpp"
#include "vellum/core/sha256.hpp"

namespace vellum::migrate {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view sql_suffix = ".sql";
constexpr std::string_view down_suffix = ".down.sql";

[[noreturn]] void reject(const std::string& file, const std::string& problem) {
  throw validation_error(fmt::format("{}: {}", file, problem), {{file, {problem}}});
}

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) reject(file.string(), "cannot be read");
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) reject(file.string(), "cannot be read");
  return bytes;
}

// drizzle-kit's meta/_journal.json: {"entries": [{"idx": 0, "tag": "0000_name", …}, …]}.
std::vector<std::string> journal_tags(const fs::path& journal) {
  const std::string where = journal.string();
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(read_bytes(journal));
  } catch (const nlohmann::json::exception& e) {
    reject(where, fmt::format("is not valid JSON ({})", e.what()));
  }
  if (!doc.is_object() || !doc.contains("entries") || !doc["entries"].is_array())
    reject(where, "has no \"entries\" array");
  std::vector<std::pair<std::int64_t, std::string>> entries;
  for (const auto& entry : doc["entries"]) {
    if (!entry.is_object() || !entry.contains("tag") || !entry["tag"].is_string())
      reject(where, "has an entry without a \"tag\"");
    const std::int64_t idx =
        entry.contains("idx") && entry["idx"].is_number_integer() ? entry["idx"].get<std::int64_t>()
                                                                   : static_cast<std::int64_t>(entries.size());
    entries.emplace_back(idx, entry["tag"].get<std::string>());
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> tags;
  for (auto& [idx, tag] : entries) tags.push_back(std::move(tag));
  return tags;
}

// The folder's migrations, in journal order, must be the journal's entries.
void check_against_journal(const std::vector<migration>& set, const fs::path& journal) {
  const std::vector<std::string> tags = journal_tags(journal);
  const std::string where = journal.string();
  std::set<std::string> listed;
  for (const auto& tag : tags) {
    listed.insert(tag + std::string(sql_suffix));
  }
  for (const auto& m : set)
    if (!listed.contains(m.filename)) reject(where, fmt::format("does not list {}", m.filename));
  if (tags.size() != set.size()) {
    for (const auto& tag : tags) {
      const std::string file = tag + std::string(sql_suffix);
      if (std::none_of(set.begin(), set.end(), [&](const migration& m) { return m.filename == file; }))
        reject(where, fmt::format("lists {}, which is not in the folder", file));
    }
    reject(where, "lists a migration twice");
  }
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (tags[i] + std::string(sql_suffix) != set[i].filename)
      reject(where, fmt::format("orders {} where its number puts {}: migrations run in numeric order", tags[i],
                                set[i].filename));
  }
}

}  // namespace

std::optional<migration_file_name> parse_migration_file_name(std::string_view filename) {
  if (!filename.ends_with(sql_suffix) || filename.ends_with(down_suffix)) return std::nullopt;
  const std::string_view stem = filename.substr(0, filename.size() - sql_suffix.size());
  const auto underscore = stem.find('_');
  if (underscore == std::string_view::npos || underscore + 1 >= stem.size()) return std::nullopt;
  const std::string_view id = stem.substr(0, underscore);
  if (!is_migration_id(id)) return std::nullopt;
  return migration_file_name{std::string(id), std::string(stem.substr(underscore + 1))};
}

std::vector<migration> load_folder(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) reject(dir.string(), "is not a folder");

  std::map<std::string, fs::path> downs;  // "003_add_tags.sql" → its .down.sql
  std::vector<migration> set;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string filename = entry.path().filename().string();
    if (!filename.ends_with(sql_suffix)) continue;  // README.md, .gitkeep, …
    if (filename.ends_with(down_suffix)) {
      downs.emplace(filename.substr(0, filename.size() - down_suffix.size()) + std::string(sql_suffix), entry.path());
      continue;
    }
    const auto parsed = parse_migration_file_name(filename);
    if (!parsed) reject(entry.path().string(), "is not named NNN_name.sql (NNN: the migration's number)");
    std::string sql = read_bytes(entry.path());
    std::string checksum = sha256_hex(sql);
    set.push_back(migration{parsed->id, parsed->name, filename, std::move(sql), {}, std::move(checksum)});
  }
  for (auto& m : set) {
    if (const auto down = downs.find(m.filename); down != downs.end()) {
      m.down_sql = read_bytes(down->second);
      downs.erase(down);
    }
  }
  if (!downs.empty()) reject(downs.begin()->second.string(), fmt::format("has no migration {}", downs.begin()->first));

  order_migrations(set);
  const fs::path journal = dir / "meta" / "_journal.json";
  if (fs::exists(journal, ec)) check_against_journal(set, journal);
  return set;
}

std::vector<migration> load_embedded(std::span<const embedded_migration> bundle) {
  std::vector<migration> set;
  set.reserve(bundle.size());
  for (const auto& e : bundle)
    set.push_back(migration{std::string(e.id), std::string(e.name), std::string(e.filename), std::string(e.sql),
                            std::string(e.down_sql), std::string(e.checksum)});
  order_migrations(set);
  return set;
}

}  // namespace vellum::migrate
