#include "repository_checks.hpp"

#include "utf8.hpp"

namespace vellum::cms::internal {

namespace {
constexpr std::string_view blank = " \t\r\n";
}

void check_actor(const actor& who, validation_error::field_errors& errors) {
  if (who.id.empty()) errors["actor"].push_back("must name the user, token or job that acts");
  else if (!valid_utf8(who.id)) errors["actor"].push_back("must be valid UTF-8 text");
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
