#include "content_writes.hpp"

#include "vellum/cms/canonical_json.hpp"
#include "vellum/cms/data_validator.hpp"
#include "vellum/cms/slug.hpp"

namespace vellum::cms::internal {

void check_revision(const content& item, std::optional<std::int64_t> expected_revision) {
  if (expected_revision && *expected_revision != item.revision)
    throw conflict("content item '" + item.id + "' is at revision " + std::to_string(item.revision) + ", not " +
                       std::to_string(*expected_revision),
                   "revision");
}

void require_editable(const content& item, std::string_view operation) {
  if (item.status == content_status::archived)
    throw invalid_state(std::string(operation) + ": content item '" + item.id +
                        "' is archived and read-only until it is unarchived");
}

void check_title(const std::string& title, validation_error::field_errors& errors) {
  if (!valid_utf8(title)) {
    errors["title"].push_back("must be valid UTF-8 text");
    return;
  }
  if (title.find_first_not_of(" \t\r\n") == std::string::npos) errors["title"].push_back("must not be empty");
  if (utf8_length(title) > max_title_length)
    errors["title"].push_back("must be at most " + std::to_string(max_title_length) + " characters");
}

bool nested_deeper_than(const nlohmann::json& value, std::size_t max_depth) {
  std::vector<std::pair<const nlohmann::json*, std::size_t>> pending{{&value, 1}};
  while (!pending.empty()) {
    const auto [node, depth] = pending.back();
    pending.pop_back();
    if (!node->is_structured()) continue;
    if (depth > max_depth) return true;
    for (const auto& child : *node) pending.emplace_back(&child, depth + 1);
  }
  return false;
}

void check_data(const nlohmann::json& data, validation_error::field_errors& errors) {
  if (!data.is_object()) {
    errors["data"].push_back("must be a JSON object");
    return;
  }
  if (nested_deeper_than(data, max_data_depth)) {
    errors["data"].push_back("is nested too deeply (at most " + std::to_string(max_data_depth) + " levels)");
    return;
  }
  try {
    (void)canonical_json(data);
  } catch (const nlohmann::json::exception&) {
    errors["data"].push_back("holds text that is not valid UTF-8");
  }
}

void check_locale(const std::string& locale, validation_error::field_errors& errors) {
  // BCP 47 in its common shape: a 2-8 letter language, then subtags of 1-8 letters or digits.
  bool ok = !locale.empty() && locale.size() <= 35;
  std::size_t part = 0;
  std::size_t part_length = 0;
  for (char c : locale) {
    if (!ok) break;
    if (c == '-') {
      ok = part_length > 0 && (part > 0 || part_length >= 2);
      ++part;
      part_length = 0;
      continue;
    }
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool digit = c >= '0' && c <= '9';
    ok = (letter || (digit && part > 0)) && ++part_length <= 8;
  }
  ok = ok && part_length > 0 && (part > 0 || part_length >= 2);
  if (!ok) errors["locale"].push_back("must be a language tag such as en or pt-BR");
}

void validate_against_schema(const collection& c, const nlohmann::json& data, bool always,
                             validation_error::field_errors& errors) {
  const bool drafts = c.schema.is_object() && c.schema.contains("validateDrafts") && c.schema["validateDrafts"] == true;
  if (!always && !drafts) return;
  // Paths are the validator's, under `data.`, so a data field never mixes with the item's own
  // `title` or `slug`.
  for (auto& [field, messages] : validate_content_data(c.schema, data)) {
    auto& into = errors["data." + field];
    into.insert(into.end(), messages.begin(), messages.end());
  }
}

void rethrow_write_error(const constraint_error& e, std::string_view slug) {
  if (e.kind() == constraint_kind::unique && e.table() == "content")
    throw conflict("slug '" + std::string(slug) + "' is already taken in this collection and locale", "slug");
  if (e.kind() == constraint_kind::unique && e.table() == "content_versions")
    throw conflict("another save wrote this version number first", "version");
  throw e;
}

snapshot snapshot_of(const content& item) { return {item.title, item.slug, item.data, content_meta::of(item)}; }

bool same_snapshot(const snapshot& a, const snapshot& b) {
  return a.title == b.title && a.slug == b.slug && a.meta == b.meta && canonical_json(a.data) == canonical_json(b.data);
}

}  // namespace vellum::cms::internal
