#include "repository_checks.hpp"

#include <set>

#include "utf8.hpp"

namespace vellum::cms::internal {

namespace {
constexpr std::string_view blank = " \t\r\n";
}

void check_actor(const actor& who, validation_error::field_errors& errors) {
  if (who.id.empty()) errors["actor"].push_back("must name the user, token or job that acts");
  else if (!valid_utf8(who.id)) errors["actor"].push_back("must be valid UTF-8 text");
}

void throw_if_any(const validation_error::field_errors& errors, std::string_view operation) {
  if (errors.empty()) return;
  std::string fields;
  for (const auto& [field, messages] : errors) fields += (fields.empty() ? "" : ", ") + field;
  throw validation_error(std::string(operation) + ": invalid " + fields, errors);
}

void require_valid_actor(const actor& who, std::string_view operation) {
  validation_error::field_errors errors;
  check_actor(who, errors);
  throw_if_any(errors, operation);
}

void check_text(std::string_view text, const std::string& field, std::size_t max_chars, text_rule rule,
                validation_error::field_errors& errors) {
  if (!valid_utf8(text)) {
    errors[field].push_back("must be valid UTF-8 text");
    return;
  }
  if (rule == text_rule::required && text.find_first_not_of(blank) == std::string_view::npos)
    errors[field].push_back("must not be empty");
  if (utf8_length(text) > max_chars) errors[field].push_back("must be at most " + std::to_string(max_chars) + " characters");
}

nlohmann::json text_set(const nlohmann::json& value, const std::string& field, std::size_t max_items,
                        std::size_t max_chars, validation_error::field_errors& errors) {
  if (!value.is_array()) {
    errors[field].push_back("must be a JSON array of texts");
    return nullptr;
  }
  const auto before = errors.size();
  if (value.size() > max_items) errors[field].push_back("must hold at most " + std::to_string(max_items) + " entries");
  std::set<std::string> texts;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto path = field + "[" + std::to_string(i) + "]";
    if (!value[i].is_string()) {
      errors[path].push_back("must be a text");
      continue;
    }
    const auto& text = value[i].get_ref<const std::string&>();
    check_text(text, path, max_chars, text_rule::required, errors);
    texts.insert(text);
  }
  if (errors.size() != before) return nullptr;
  return nlohmann::json(texts);
}

std::optional<std::string> null_if_empty(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  return text;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim(std::string_view text) noexcept {
  const auto first = text.find_first_not_of(blank);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(blank) - first + 1);
}

bool is_refusal(const error& e) noexcept {
  return dynamic_cast<const validation_error*>(&e) || dynamic_cast<const invalid_state*>(&e) ||
         dynamic_cast<const forbidden*>(&e) || dynamic_cast<const not_found*>(&e) ||
         dynamic_cast<const conflict*>(&e);
}

}  // namespace vellum::cms::internal
