// Reading pieces out of stored SQL text (CREATE TABLE / CREATE INDEX statements) without a full
// parser: the CHECK expressions, a partial index's WHERE, a column's definition. Each follows
// SQLite's quoting rules; none ever builds SQL that runs with values in it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vellum::migrate::detail {

/// Every CHECK (…) expression of a CREATE TABLE statement, normalised (normalize_sql), sorted.
[[nodiscard]] std::vector<std::string> check_expressions(std::string_view create_table_sql);

/// The WHERE condition of a CREATE INDEX statement, normalised; "" for a full index.
[[nodiscard]] std::string index_condition(std::string_view create_index_sql);

/// One top-level item of a CREATE TABLE's parenthesised list: a column or a table constraint.
struct table_item {
  std::string name;  // the column's name (quotes removed); the first word for a constraint
  std::string text;  // the item as written, trimmed
};
/// The items between the outer parentheses of a CREATE TABLE statement, in order.
[[nodiscard]] std::vector<table_item> table_items(std::string_view create_table_sql);

/// The statement with the table's name replaced by `new_name` (quoted), from its first "(".
[[nodiscard]] std::string with_table_name(std::string_view create_table_sql, std::string_view new_name);

/// `name` as a double-quoted SQL identifier.
[[nodiscard]] std::string quote(std::string_view name);

/// Whether the normalised expression `sql` mentions the identifier `name` (case aside).
[[nodiscard]] bool mentions(std::string_view normalized_sql, std::string_view name);
/// The normalised expression with every mention of identifier `from` replaced by `to`.
[[nodiscard]] std::string rename_identifier(std::string_view normalized_sql, std::string_view from, std::string_view to);

}  // namespace vellum::migrate::detail
