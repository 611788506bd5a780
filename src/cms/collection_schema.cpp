#include "vellum/cms/collection_schema.hpp"

#include <algorithm>
#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <utility>

#include "internal/field_pattern.hpp"
#include "internal/repository_checks.hpp"
#include "vellum/cms/data_validator.hpp"

namespace vellum::cms {

namespace {

using json = nlohmann::json;
using field_errors = validation_error::field_errors;

struct type_name {
  std::string_view name;
  field_type type;
};
constexpr type_name type_names[] = {
    {"string", field_type::string},   {"number", field_type::number},       {"integer", field_type::integer},
    {"boolean", field_type::boolean}, {"date", field_type::date},           {"json", field_type::json},
    {"reference", field_type::reference}, {"select", field_type::select}, {"multiselect", field_type::multiselect},
    {"object", field_type::object},   {"array", field_type::array},
    // SonicJS's spellings
    {"text", field_type::string},     {"textarea", field_type::string},     {"richtext", field_type::string},
    {"markdown", field_type::string}, {"datetime", field_type::date}};

bool is_lower_identifier(std::string_view name) {
  if (name.empty() || name.front() < 'a' || name.front() > 'z') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool is_field_name(std::string_view name) {
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (name.empty() || name.size() > max_field_name_length || !letter(name.front())) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return letter(c) || (c >= '0' && c <= '9') || c == '_'; });
}

bool is_reserved_field_name(std::string_view name) {
  const std::string lower = internal::ascii_lower(name);
  return std::find(reserved_field_names.begin(), reserved_field_names.end(), lower) != reserved_field_names.end();
}

bool is_builtin_target(std::string_view name) {
  return std::find(builtin_reference_targets.begin(), builtin_reference_targets.end(), name) !=
         builtin_reference_targets.end();
}

/// Keywords any field may carry that describe it to people and tools; they constrain nothing.
bool is_annotation(std::string_view key) {
  return key == "title" || key == "description" || key == "placeholder" || key == "helpText" || key == "label" ||
         key.starts_with("x-");
}

/// The keywords a field of `type` may carry besides `type`, `required`, `default` and annotations.
std::span<const std::string_view> keywords_of(field_type type) {
  static constexpr std::string_view string_keys[] = {"minLength", "maxLength", "pattern"};
  static constexpr std::string_view number_keys[] = {"minimum", "maximum"};
  static constexpr std::string_view reference_keys[] = {"collection"};
  static constexpr std::string_view select_keys[] = {"options"};
  static constexpr std::string_view multiselect_keys[] = {"options", "minItems", "maxItems"};
  static constexpr std::string_view object_keys[] = {"properties", "additionalProperties"};
  static constexpr std::string_view array_keys[] = {"items", "minItems", "maxItems"};
  switch (type) {
    case field_type::string: return string_keys;
    case field_type::number:
    case field_type::integer: return number_keys;
    case field_type::reference: return reference_keys;
    case field_type::select: return select_keys;
    case field_type::multiselect: return multiselect_keys;
    case field_type::object: return object_keys;
    case field_type::array: return array_keys;
    case field_type::boolean:
    case field_type::date:
    case field_type::json: break;
  }
  return {};
}

class schema_walker {
 public:
  schema_walker(field_errors& errors, const collection_lookup& target_exists, std::string_view self_name)
      : errors_(errors), target_exists_(target_exists), self_name_(self_name) {}

  void top(const json& schema) {
    if (!schema.is_object()) return add("schema", "must be a JSON object with \"properties\"");
    for (const auto& [key, value] : schema.items()) {
      const std::string path = "schema." + key;
      if (key == "type") {
        if (value != "object") add(path, "must be \"object\"");
      } else if (key == "additionalProperties" || key == "validateDrafts") {
        if (!value.is_boolean()) add(path, "must be true or false");
      } else if (key == "$schema" || is_annotation(key)) {
        if (key != "$schema" && !key.starts_with("x-") && !value.is_string()) add(path, "must be a string");
      } else if (key != "properties" && key != "required") {
        add(path, "is not a keyword of a collection schema");
      }
    }
    if (!schema.contains("properties")) return add("schema.properties", "is required: an object of field definitions");
    properties(schema, "schema", 1, true);
  }

 private:
  void add(const std::string& path, std::string message) { errors_[path].push_back(std::move(message)); }

  /// `properties`, `required` (an array) of the object schema at `path`.
  void properties(const json& object_spec, const std::string& path, int depth, bool top_level) {
    const auto props = object_spec.find("properties");
    if (props == object_spec.end()) return;
    const std::string props_path = path + ".properties";
    if (!props->is_object()) return add(props_path, "must be an object of field definitions");
    for (const auto& [name, spec] : props->items()) {
      const std::string field_path = props_path + "." + name;
      if (!is_field_name(name))
        add(field_path, "is not a valid field name: a letter, then letters, digits or _ (at most " +
                            std::to_string(max_field_name_length) + ")");
      else if (top_level && is_reserved_field_name(name))
        add(field_path, "is a reserved name: items have a column '" + name + "' of their own");
      field(spec, field_path, depth);
    }
    const auto required = object_spec.find("required");
    if (required == object_spec.end() || (!top_level && required->is_boolean())) return;  // field's own flag
    if (!required->is_array()) return add(path + ".required", "must be an array of field names");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < required->size(); ++i) {
      const auto& name = (*required)[i];
      const std::string item_path = path + ".required[" + std::to_string(i) + "]";
      if (!name.is_string()) add(item_path, "must be a field name");
      else if (!props->contains(name.get<std::string>())) add(item_path, "names no field of \"properties\"");
      else if (!seen.insert(name.get<std::string>()).second) add(item_path, "names a field twice");
    }
  }

  void field(const json& spec, const std::string& path, int depth) {
    if (!spec.is_object()) return add(path, "must be an object with a \"type\"");
    const auto type_it = spec.find("type");
    if (type_it == spec.end()) return add(path + ".type", "is required");
    if (!type_it->is_string()) return add(path + ".type", "must be a field type name");
    const auto type = field_type_from_name(type_it->get_ref<const std::string&>());
    if (!type) return add(path + ".type", "is not a known field type: '" + type_it->get<std::string>() + "'");
    if (depth > max_schema_depth)
      return add(path, "is nested too deeply (at most " + std::to_string(max_schema_depth) + " levels)");

    const std::size_t errors_before = count_errors();
    const auto own = keywords_of(*type);
    for (const auto& [key, value] : spec.items()) {
      const std::string key_path = path + "." + key;
      if (key == "type" || key == "default") continue;
      if (key == "required") {
        if (!value.is_boolean() && !(*type == field_type::object && value.is_array()))
          add(key_path, *type == field_type::object ? "must be true or false, or an array of field names"
                                                    : "must be true or false");
      } else if (is_annotation(key)) {
        if (!key.starts_with("x-") && !value.is_string()) add(key_path, "must be a string");
      } else if (std::find(own.begin(), own.end(), key) == own.end()) {
        add(key_path, "does not apply to a " + std::string(to_string(*type)) + " field");
      }
    }
    switch (*type) {
      case field_type::string:
        range(spec, path, "minLength", "maxLength", true);
        pattern(spec, path);
        break;
      case field_type::number:
      case field_type::integer: range(spec, path, "minimum", "maximum", false); break;
      case field_type::reference: reference(spec, path); break;
      case field_type::select: options(spec, path); break;
      case field_type::multiselect:
        options(spec, path);
        range(spec, path, "minItems", "maxItems", true);
        break;
      case field_type::object:
        if (const auto it = spec.find("additionalProperties"); it != spec.end() && !it->is_boolean())
          add(path + ".additionalProperties", "must be true or false");
        if (!spec.contains("properties")) add(path + ".properties", "is required: an object of field definitions");
        properties(spec, path, depth + 1, false);
        break;
      case field_type::array:
        range(spec, path, "minItems", "maxItems", true);
        if (const auto it = spec.find("items"); it == spec.end())
          add(path + ".items", "is required: the definition of every item");
        else
          field(*it, path + ".items", depth + 1);
        break;
      case field_type::boolean:
      case field_type::date:
      case field_type::json: break;
    }
    if (count_errors() == errors_before) default_value(spec, path);
  }

  void range(const json& spec, const std::string& path, const char* min_key, const char* max_key, bool counts) {
    const auto check = [&](const char* key) -> const json* {
      const auto it = spec.find(key);
      if (it == spec.end()) return nullptr;
      const bool ok = counts ? it->is_number_integer() && it->get<std::int64_t>() >= 0 : it->is_number();
      if (!ok) {
        add(path + "." + key, counts ? "must be a non-negative integer" : "must be a number");
        return nullptr;
      }
      return &*it;
    };
    const json* min = check(min_key);
    const json* max = check(max_key);
    if (min && max && min->get<double>() > max->get<double>())
      add(path + "." + max_key, std::string("must not be less than ") + min_key);
  }

  void pattern(const json& spec, const std::string& path) {
    const auto it = spec.find("pattern");
    if (it == spec.end()) return;
    if (!it->is_string() || !internal::compile_field_pattern(it->get<std::string>()))
      add(path + ".pattern", "must be an ECMAScript regular expression without back-references (at most " +
                                 std::to_string(internal::max_pattern_length) + " bytes)");
  }

  void reference(const json& spec, const std::string& path) {
    const auto it = spec.find("collection");
    if (it == spec.end()) return add(path + ".collection", "is required: the collection (or users, media) referenced");
    if (!it->is_string() || it->get_ref<const std::string&>().empty())
      return add(path + ".collection", "must be a collection name");
    const auto& target = it->get_ref<const std::string&>();
    if (is_builtin_target(target) || (!self_name_.empty() && target == self_name_)) return;
    if (!target_exists_ || !target_exists_(target)) add(path + ".collection", "no collection named '" + target + "'");
  }

  void options(const json& spec, const std::string& path) {
    const auto it = spec.find("options");
    const std::string options_path = path + ".options";
    if (it == spec.end()) return add(options_path, "is required: the list of allowed values");
    if (!it->is_array() || it->empty()) return add(options_path, "must be a non-empty array of strings");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < it->size(); ++i) {
      const auto& option = (*it)[i];
      const std::string item_path = options_path + "[" + std::to_string(i) + "]";
      if (!option.is_string() || option.get_ref<const std::string&>().empty())
        add(item_path, "must be a non-empty string");
      else if (!seen.insert(option.get<std::string>()).second)
        add(item_path, "repeats an option");
    }
  }

  /// A `default` must itself be valid data for the field.
  void default_value(const json& spec, const std::string& path) {
    const auto it = spec.find("default");
    if (it == spec.end() || it->is_null()) return;
    json field_spec = spec;
    field_spec.erase("default");
    const json wrapper = {{"type", "object"}, {"properties", {{"default", field_spec}}}};
    for (auto& [key, messages] : validate_content_data(wrapper, json{{"default", *it}})) {
      auto& into = errors_[path + "." + key];
      into.insert(into.end(), messages.begin(), messages.end());
    }
  }

  [[nodiscard]] std::size_t count_errors() const {
    std::size_t n = 0;
    for (const auto& [path, messages] : errors_) n += messages.size();
    return n;
  }

  field_errors& errors_;
  const collection_lookup& target_exists_;
  std::string_view self_name_;
};

}  // namespace

std::optional<field_type> field_type_from_name(std::string_view name) noexcept {
  for (const auto& entry : type_names)
    if (entry.name == name) return entry.type;
  return std::nullopt;
}

std::string_view to_string(field_type type) noexcept {
  for (const auto& entry : type_names)
    if (entry.type == type) return entry.name;  // the first entry is the canonical name
  return "json";
}

nlohmann::json empty_collection_schema() { return {{"type", "object"}, {"properties", json::object()}}; }

bool is_valid_collection_name(std::string_view name) noexcept {
  return name.size() <= max_collection_name_length && is_lower_identifier(name) && !is_builtin_target(name);
}

validation_error::field_errors validate_collection_schema(const nlohmann::json& schema,
                                                          const collection_lookup& target_exists) {
  field_errors errors;
  schema_walker(errors, target_exists, {}).top(schema);
  return errors;
}

validation_error::field_errors validate_collection_definition(std::string_view name, std::string_view display_name,
                                                              const nlohmann::json& schema,
                                                              const collection_lookup& target_exists) {
  field_errors errors;
  if (!is_lower_identifier(name) || name.size() > max_collection_name_length)
    errors["name"].push_back("must match ^[a-z][a-z0-9_]*$ (at most " + std::to_string(max_collection_name_length) +
                             " characters)");
  else if (is_builtin_target(name))
    errors["name"].push_back("is reserved: '" + std::string(name) + "' names a built-in reference target");
  internal::check_text(display_name, "display_name", max_display_name_length, internal::text_rule::required, errors);
  // A collection may reference itself (a page's parent page) before it exists.
  schema_walker(errors, target_exists, errors.contains("name") ? std::string_view{} : name).top(schema);
  return errors;
}

}  // namespace vellum::cms
