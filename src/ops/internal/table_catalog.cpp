#include "table_catalog.hpp"

#include "vellum/core/error.hpp"
#include "vellum/core/quoted_identifier.hpp"

namespace vellum::ops::internal {

namespace {

table_info read_table(connection& db, std::string name, std::string sql) {
  table_info t{.name = std::move(name), .sql = std::move(sql)};
  {
    auto st = db.prepare("SELECT type, wr FROM pragma_table_list WHERE schema = 'main' AND name = ?");
    st.bind(1, t.name);
    if (st.step()) {
      t.is_virtual = st.get<std::string>(0) == "virtual";
      t.without_rowid = st.get<bool>(1);
    }
  }
  // hidden: 0 an ordinary column, 1 a hidden column of a virtual table, 2/3 generated.
  auto st = db.prepare("SELECT name, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid");
  st.bind(1, t.name);
  while (st.step()) {
    const auto hidden = st.get<std::int64_t>(2);
    if (hidden == 1) continue;
    column_info c{.name = st.get<std::string>(0), .key_position = static_cast<int>(st.get<std::int64_t>(1)),
                  .generated = hidden >= 2};
    if (c.generated) {
      t.has_generated = true;
      continue;
    }
    t.columns.push_back(std::move(c));
  }
  if (t.is_virtual) {
    // Whether the module gives its rows a rowid: an FTS table's rowids are the keys other tables
    // (and its own shadow tables) refer to, so a copy must keep them. A module without rowids
    // refuses to prepare the query; that answers the question.
    try {
      auto probe = db.prepare("SELECT rowid FROM " + quote_identifier(t.name) + " LIMIT 0");
      t.virtual_rowid = true;
    } catch (const error&) {
      t.virtual_rowid = false;
    }
  }
  return t;
}

}  // namespace

std::vector<std::string> table_info::primary_key() const {
  std::vector<std::string> key;
  for (int position = 1;; ++position) {
    const auto before = key.size();
    for (const auto& c : columns)
      if (c.key_position == position) key.push_back(c.name);
    if (key.size() == before) return key;
  }
}

std::string table_info::order_by() const {
  if (is_virtual) return virtual_rowid ? " ORDER BY rowid" : std::string();
  const auto key = primary_key();
  if (key.empty()) return " ORDER BY rowid";
  std::string out = " ORDER BY ";
  for (std::size_t i = 0; i < key.size(); ++i) out += (i ? ", " : "") + quote_identifier(key[i]);
  return out;
}

std::string table_info::column_list() const {
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? ", " : "") + quote_identifier(columns[i].name);
  return out;
}

std::vector<table_info> user_tables(connection& db) {
  std::vector<std::pair<std::string, std::string>> found;
  {
    auto st = db.prepare(
        "SELECT s.name, s.sql FROM sqlite_schema AS s JOIN pragma_table_list AS l "
        "ON l.schema = 'main' AND l.name = s.name "
        "WHERE s.type = 'table' AND s.sql IS NOT NULL AND l.type IN ('table', 'virtual') "
        "AND s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY s.rowid");
    while (st.step()) found.emplace_back(st.get<std::string>(0), st.get<std::string>(1));
  }
  std::vector<table_info> tables;
  tables.reserve(found.size());
  for (auto& [name, sql] : found) tables.push_back(read_table(db, std::move(name), std::move(sql)));
  return tables;
}

table_info describe_table(connection& db, std::string_view name) {
  auto sql = db.query_value<std::string>(
      "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ? AND sql IS NOT NULL", std::string(name));
  if (!sql) throw not_found(std::string("no table named ").append(name));
  return read_table(db, std::string(name), std::move(*sql));
}

void append_hex(std::string& out, const void* bytes, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  const auto* p = static_cast<const unsigned char*>(bytes);
  out.reserve(out.size() + 2 * size);
  for (std::size_t i = 0; i < size; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 0x0F];
  }
}

bool decode_hex(std::string_view hex, std::string& out) {
  if (hex.size() % 2 != 0) return false;
  const auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  out.clear();
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]);
    const int lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
  }
  return true;
}

foreign_keys_off::foreign_keys_off(connection& db)
    : db_(db), was_on_(db.query_value<bool>("PRAGMA foreign_keys").value_or(false)) {
  if (was_on_) db_.execute("PRAGMA foreign_keys = OFF");
}

foreign_keys_off::~foreign_keys_off() {
  if (!was_on_) return;
  try {
    db_.execute("PRAGMA foreign_keys = ON");
  } catch (const error&) {  // only fails inside a transaction, which the callers never leave open
  }
}

}  // namespace vellum::ops::internal
