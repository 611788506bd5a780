#include "vellum/cms/data_validator.hpp"

#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "internal/utf8.hpp"
#include "internal/field_pattern.hpp"
#include "vellum/cms/collection_schema.hpp"

namespace vellum::cms {

namespace internal {

std::optional<std::regex> compile_field_pattern(const std::string& pattern) {
  if (pattern.size() > max_pattern_length || !valid_utf8(pattern)) return std::nullopt;
  try {
#if defined(__GLIBCXX__)
    return std::regex(pattern, std::regex::ECMAScript | std::regex_constants::__polynomial);
#else
    return std::regex(pattern, std::regex::ECMAScript);
#endif
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
}

bool field_pattern_can_check([[maybe_unused]] std::string_view text) noexcept {
#if defined(__GLIBCXX__)
  return true;
#else
  return text.size() <= max_pattern_text_length;
#endif
}

bool field_pattern_matches(const std::regex& pattern, std::string_view text) {
  return std::regex_search(text.begin(), text.end(), pattern);
}

}  // namespace internal

namespace {

using json = nlohmann::json;
using field_errors = validation_error::field_errors;

// --- ISO 8601 ---------------------------------------------------------------------------------

bool digits(std::string_view s, std::size_t at, std::size_t count, int& out) {
  if (at + count > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

int days_in_month(int year, int month) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

/// `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with `Z` or `±HH:MM` (RFC 3339's
/// profile of ISO 8601, seconds optional). A date-time without an offset is refused: it names
/// no instant.
bool is_iso8601(std::string_view s) {
  int year = 0, month = 0, day = 0;
  if (!digits(s, 0, 4, year) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, month) || s[7] != '-' ||
      !digits(s, 8, 2, day))
    return false;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return false;
  if (s.size() == 10) return true;
  int hour = 0, minute = 0, second = 0;
  if ((s[10] != 'T' && s[10] != 't') || !digits(s, 11, 2, hour) || s.size() < 16 || s[13] != ':' ||
      !digits(s, 14, 2, minute) || hour > 23 || minute > 59)
    return false;
  std::size_t at = 16;
  if (at < s.size() && s[at] == ':') {
    if (!digits(s, at + 1, 2, second) || second > 59) return false;
    at += 3;
    if (at < s.size() && s[at] == '.') {
      const std::size_t start = ++at;
      while (at < s.size() && s[at] >= '0' && s[at] <= '9') ++at;
      if (at == start || at - start > 9) return false;
    }
  }
  if (at == s.size()) return false;  // no offset
  if (s[at] == 'Z' || s[at] == 'z') return at + 1 == s.size();
  int offset_hours = 0, offset_minutes = 0;
  return (s[at] == '+' || s[at] == '-') && at + 6 == s.size() && digits(s, at + 1, 2, offset_hours) &&
         s[at + 3] == ':' && digits(s, at + 4, 2, offset_minutes) && offset_hours <= 23 && offset_minutes <= 59;
}

// --- the walk ---------------------------------------------------------------------------------

bool is_integral(const json& value) {
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  const double d = value.get<double>();
  return std::isfinite(d) && std::trunc(d) == d;
}

std::string child_path(const std::string& parent, const std::string& name) {
  return parent.empty() ? name : parent + "." + name;
}

/// A keyword holding a count (minLength, maxItems, …), when it holds one.
std::optional<std::size_t> count_keyword(const json& spec, const char* key) {
  const auto it = spec.find(key);
  if (it == spec.end() || !it->is_number_integer() || it->get<std::int64_t>() < 0) return std::nullopt;
  return it->get<std::size_t>();
}

std::string count_text(std::size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

bool names_option(const json& options, const json& value) {
  if (!value.is_string() || !options.is_array()) return false;
  for (const auto& option : options)
    if (option == value) return true;
  return false;
}

class data_walker {
 public:
  explicit data_walker(field_errors& errors) : errors_(errors) {}

  /// The properties of an object field (or of the whole schema) in `value`; `path` is empty at
  /// the top, where a non-object is reported as "data".
  void object_fields(const json& spec, const json& value, const std::string& path, int depth) {
    if (!value.is_object()) {
      add(path.empty() ? "data" : path, "must be an object");
      return;
    }
    static const json no_properties = json::object();
    const auto props_it = spec.find("properties");
    const json& properties = props_it != spec.end() && props_it->is_object() ? *props_it : no_properties;
    std::set<std::string, std::less<>> required;
    if (const auto it = spec.find("required"); it != spec.end() && it->is_array())
      for (const auto& name : *it)
        if (name.is_string()) required.insert(name.get<std::string>());

    for (const auto& [name, field_spec] : properties.items()) {
      const auto it = value.find(name);
      if (it == value.end() || it->is_null()) {
        const bool field_required = field_spec.is_object() && field_spec.value("required", json()) == true;
        if (field_required || required.contains(name)) add(child_path(path, name), "is required");
        continue;
      }
      field(field_spec, *it, child_path(path, name), depth + 1);
    }
    for (const auto& name : required) {
      if (properties.contains(name)) continue;
      const auto it = value.find(name);
      if (it == value.end() || it->is_null()) add(child_path(path, name), "is required");
    }

    if (spec.value("additionalProperties", json()) == true) return;
    for (const auto& [name, unused] : value.items())
      if (!properties.contains(name) && !required.contains(name))
        add(child_path(path, name), "is not a field of the collection schema");
  }

 private:
  void add(const std::string& path, std::string message) { errors_[path].push_back(std::move(message)); }

  void field(const json& spec, const json& value, const std::string& path, int depth) {
    if (!spec.is_object() || !spec.contains("type") || !spec["type"].is_string()) {
      add(path, "has no valid definition in the collection schema");
      return;
    }
    const auto type = field_type_from_name(spec["type"].get_ref<const std::string&>());
    if (!type) {
      add(path, "has the unknown type '" + spec["type"].get<std::string>() + "' in the collection schema");
      return;
    }
    if (depth > max_schema_depth) {
      add(path, "is nested deeper than the collection schema allows");
      return;
    }
    switch (*type) {
      case field_type::string: return string_value(spec, value, path);
      case field_type::number:
        if (!value.is_number()) return add(path, "must be a number");
        return bounds(spec, value, path, "minimum", "maximum");
      case field_type::integer:
        if (!is_integral(value)) return add(path, "must be an integer");
        return bounds(spec, value, path, "minimum", "maximum");
      case field_type::boolean:
        if (!value.is_boolean()) add(path, "must be a boolean");
        return;
      case field_type::date:
        if (value.is_number_integer() || (value.is_string() && is_iso8601(value.get_ref<const std::string&>()))) return;
        return add(path, "must be an ISO 8601 date (2024-05-31) or date-time with an offset (2024-05-31T12:00:00Z), "
                         "or an integer of milliseconds since 1970-01-01 UTC");
      case field_type::json: return;
      case field_type::reference:
        if (!value.is_string() || value.get_ref<const std::string&>().empty())
          add(path, "must be the id of an item (a non-empty string)");
        return;
      case field_type::select:
        if (!names_option(spec.value("options", json()), value)) add(path, "not one of the options");
        return;
      case field_type::multiselect: return multiselect_value(spec, value, path);
      case field_type::object: return object_fields(spec, value, path, depth);
      case field_type::array: return array_value(spec, value, path, depth);
    }
  }

  void string_value(const json& spec, const json& value, const std::string& path) {
    if (!value.is_string()) return add(path, "must be a string");
    const auto& text = value.get_ref<const std::string&>();
    if (!internal::valid_utf8(text)) return add(path, "must be valid UTF-8 text");
    const auto length = internal::utf8_length(text);
    if (const auto min = count_keyword(spec, "minLength"); min && length < *min)
      add(path, "must be at least " + count_text(*min, "character"));
    if (const auto max = count_keyword(spec, "maxLength"); max && length > *max)
      add(path, "must be at most " + count_text(*max, "character"));
    if (const auto pattern = spec.value("pattern", json()); pattern.is_string()) {
      const auto regex = internal::compile_field_pattern(pattern.get<std::string>());
      if (!regex) add(path, "has an invalid pattern in the collection schema");
      else if (!internal::field_pattern_can_check(text))
        add(path, "is too long to check against the pattern " + pattern.get<std::string>());
      else if (!internal::field_pattern_matches(*regex, text))
        add(path, "must match the pattern " + pattern.get<std::string>());
    }
  }

  void bounds(const json& spec, const json& value, const std::string& path, const char* min_key, const char* max_key) {
    const double v = value.get<double>();
    if (const auto min = spec.value(min_key, json()); min.is_number() && v < min.get<double>())
      add(path, "must be at least " + min.dump());
    if (const auto max = spec.value(max_key, json()); max.is_number() && v > max.get<double>())
      add(path, "must be at most " + max.dump());
  }

  void item_count(const json& spec, const json& value, const std::string& path) {
    const auto count = value.size();
    if (const auto min = count_keyword(spec, "minItems"); min && count < *min)
      add(path, "must have at least " + count_text(*min, "item"));
    if (const auto max = count_keyword(spec, "maxItems"); max && count > *max)
      add(path, "must have at most " + count_text(*max, "item"));
  }

  void multiselect_value(const json& spec, const json& value, const std::string& path) {
    if (!value.is_array()) return add(path, "must be an array of options");
    item_count(spec, value, path);
    const json options = spec.value("options", json());
    std::map<json, std::size_t> first_index;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const std::string item_path = path + "[" + std::to_string(i) + "]";
      if (!names_option(options, value[i])) add(item_path, "not one of the options");
      if (const auto [it, fresh] = first_index.emplace(value[i], i); !fresh)
        add(item_path, "repeats " + path + "[" + std::to_string(it->second) + "]");
    }
  }

  void array_value(const json& spec, const json& value, const std::string& path, int depth) {
    if (!value.is_array()) return add(path, "must be an array");
    item_count(spec, value, path);
    const auto items = spec.find("items");
    if (items == spec.end()) return;
    for (std::size_t i = 0; i < value.size(); ++i) field(*items, value[i], path + "[" + std::to_string(i) + "]", depth);
  }

  field_errors& errors_;
};

}  // namespace

validation_error::field_errors validate_content_data(const nlohmann::json& schema, const nlohmann::json& data) {
  field_errors errors;
  if (!schema.is_object()) {
    errors["data"].push_back("cannot be checked: the collection schema is not a JSON object");
    return errors;
  }
  data_walker(errors).object_fields(schema, data, "", 0);
  return errors;
}

}  // namespace vellum::cms
