// Content data against a collection schema (validate_content_data, CR-8) and collection
// schemas themselves (validate_collection_schema / validate_collection_definition, CS-2).
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include <vellum/cms/collection_schema.hpp>
#include <vellum/cms/data_validator.hpp>

namespace {

namespace cms = vellum::cms;
using json = nlohmann::json;
using errors = vellum::validation_error::field_errors;

const json article_schema = json::parse(R"({
  "type": "object",
  "properties": {
    "headline": {"type": "string", "required": true, "minLength": 1, "maxLength": 20, "pattern": "^[A-Z]"},
    "views": {"type": "number", "minimum": 0, "maximum": 1000000},
    "rating": {"type": "integer", "minimum": 1, "maximum": 5},
    "featured": {"type": "boolean"},
    "date": {"type": "date"},
    "extra": {"type": "json"},
    "author": {"type": "reference", "collection": "users"},
    "kind": {"type": "select", "options": ["news", "opinion"]},
    "tags": {"type": "multiselect", "options": ["a", "b", "c"], "maxItems": 2},
    "address": {"type": "object", "properties": {"city": {"type": "string", "required": true},
                                                  "zip": {"type": "string", "pattern": "^[0-9]{5}$"}}},
    "blocks": {"type": "array", "maxItems": 3,
               "items": {"type": "object", "required": ["heading"],
                         "properties": {"heading": {"type": "string"}, "body": {"type": "string"}}}}
  },
  "required": ["views"]
})");

const json valid_article = json::parse(R"({
  "headline": "Hello", "views": 12.5, "rating": 4, "featured": false, "date": "2024-05-31T12:00:00Z",
  "extra": {"anything": [1, "two", null]}, "author": "id-1", "kind": "news", "tags": ["a", "c"],
  "address": {"city": "Lyon", "zip": "69001"}, "blocks": [{"heading": "One"}, {"heading": "Two", "body": "…"}]
})");

errors check(json data, const json& schema = article_schema) { return cms::validate_content_data(schema, data); }

errors one_field(const json& field_spec, const json& value) {
  return cms::validate_content_data(json{{"properties", {{"f", field_spec}}}}, json{{"f", value}});
}

bool no_targets(std::string_view) { return false; }

errors schema_errors(const json& schema) { return cms::validate_collection_schema(schema, no_targets); }

json with_field(const json& field_spec, const std::string& name = "f") {
  return json{{"type", "object"}, {"properties", {{name, field_spec}}}};
}

}  // namespace

TEST_CASE("valid data of every field type passes [CR-8]", "[validator][CR-8]") {
  CHECK(check(valid_article).empty());
  json minimal = {{"headline", "Hi"}, {"views", 0}};
  CHECK(check(minimal).empty());
}

TEST_CASE("every failing field is reported by path with every message [CR-8]", "[validator][CR-8]") {
  const json data = json::parse(R"({
    "headline": "a title that is far too long", "views": "many", "rating": 4.5, "featured": "yes",
    "date": "2024-02-30", "author": "", "kind": "satire", "tags": ["a", "x", "a"],
    "address": {"zip": "6900"}, "blocks": [{"body": 1}, "text"], "surprise": 1
  })");
  const errors expected = {
      {"headline", {"must be at most 20 characters", "must match the pattern ^[A-Z]"}},
      {"views", {"must be a number"}},
      {"rating", {"must be an integer"}},
      {"featured", {"must be a boolean"}},
      {"date",
       {"must be an ISO 8601 date (2024-05-31) or date-time with an offset (2024-05-31T12:00:00Z), or an integer of "
        "milliseconds since 1970-01-01 UTC"}},
      {"author", {"must be the id of an item (a non-empty string)"}},
      {"kind", {"not one of the options"}},
      {"tags", {"must have at most 2 items"}},
      {"tags[1]", {"not one of the options"}},
      {"tags[2]", {"repeats tags[0]"}},
      {"address.city", {"is required"}},
      {"address.zip", {"must match the pattern ^[0-9]{5}$"}},
      {"blocks[0].heading", {"is required"}},
      {"blocks[0].body", {"must be a string"}},
      {"blocks[1]", {"must be an object"}},
      {"surprise", {"is not a field of the collection schema"}},
  };
  CHECK(check(data) == expected);
}

TEST_CASE("required: the field flag, the object's list, and null as missing [CR-8]", "[validator][CR-8]") {
  CHECK(check(json::object()) == errors{{"headline", {"is required"}}, {"views", {"is required"}}});
  CHECK(check({{"headline", nullptr}, {"views", nullptr}}) ==
        errors{{"headline", {"is required"}}, {"views", {"is required"}}});
  // an optional field may be null or absent
  CHECK(check({{"headline", "Hi"}, {"views", 1}, {"kind", nullptr}}).empty());
  // present but empty is present: minLength decides
  CHECK(check({{"headline", ""}, {"views", 1}}) ==
        errors{{"headline", {"must be at least 1 character", "must match the pattern ^[A-Z]"}}});
}

TEST_CASE("data that is not an object is reported as data [CR-8]", "[validator][CR-8]") {
  CHECK(check(json::array()) == errors{{"data", {"must be an object"}}});
  CHECK(check("text") == errors{{"data", {"must be an object"}}});
  CHECK(cms::validate_content_data(json::array(), json::object()) ==
        errors{{"data", {"cannot be checked: the collection schema is not a JSON object"}}});
}

TEST_CASE("unknown fields are refused unless the schema allows them [CR-8]", "[validator][CR-8]") {
  json schema = with_field({{"type", "string"}});
  CHECK(cms::validate_content_data(schema, {{"f", "x"}, {"g", 1}}) ==
        errors{{"g", {"is not a field of the collection schema"}}});
  schema["additionalProperties"] = true;
  CHECK(cms::validate_content_data(schema, {{"f", "x"}, {"g", 1}}).empty());
  // nested objects decide for themselves
  json nested = with_field({{"type", "object"}, {"properties", {{"a", {{"type", "number"}}}}}});
  CHECK(cms::validate_content_data(nested, {{"f", {{"a", 1}, {"b", 2}}}}) ==
        errors{{"f.b", {"is not a field of the collection schema"}}});
}

TEST_CASE("string lengths count characters, not bytes [CR-8]", "[validator][CR-8]") {
  const json spec = {{"type", "string"}, {"minLength", 2}, {"maxLength", 3}};
  CHECK(one_field(spec, "été").empty());  // 3 characters, 5 bytes
  CHECK(one_field(spec, "日本語x") == errors{{"f", {"must be at most 3 characters"}}});
  CHECK(one_field(spec, "é") == errors{{"f", {"must be at least 2 characters"}}});
  CHECK(one_field(spec, std::string("\xC3\x28")) == errors{{"f", {"must be valid UTF-8 text"}}});
  CHECK(one_field({{"type", "textarea"}}, "an alias of string").empty());
}

TEST_CASE("patterns are searched, linear in the text, never overflowing the stack [CR-8]", "[validator][CR-8]") {
  CHECK(one_field({{"type", "string"}, {"pattern", "b"}}, "abc").empty());  // unanchored, as in JSON Schema
  CHECK(one_field({{"type", "string"}, {"pattern", "^b"}}, "abc") == errors{{"f", {"must match the pattern ^b"}}});
  const std::string long_text(1'000'000, 'a');
  CHECK(one_field({{"type", "string"}, {"pattern", "^[a-z]+$"}}, long_text).empty());
  CHECK(one_field({{"type", "string"}, {"pattern", "^(a|b)*$"}}, long_text + "!") ==
        errors{{"f", {"must match the pattern ^(a|b)*$"}}});
}

TEST_CASE("numbers: bounds, integers, no booleans or numeric strings [CR-8]", "[validator][CR-8]") {
  const json spec = {{"type", "number"}, {"minimum", 0}, {"maximum", 1.5}};
  CHECK(one_field(spec, 0).empty());
  CHECK(one_field(spec, 1.5).empty());
  CHECK(one_field(spec, -1) == errors{{"f", {"must be at least 0"}}});
  CHECK(one_field(spec, 2) == errors{{"f", {"must be at most 1.5"}}});
  CHECK(one_field(spec, true) == errors{{"f", {"must be a number"}}});
  CHECK(one_field(spec, "1") == errors{{"f", {"must be a number"}}});
  CHECK(one_field({{"type", "integer"}}, 3.0).empty());
  CHECK(one_field({{"type", "integer"}}, 3.5) == errors{{"f", {"must be an integer"}}});
  CHECK(one_field({{"type", "integer"}, {"minimum", 1}}, 0) == errors{{"f", {"must be at least 1"}}});
}

TEST_CASE("dates: ISO 8601 dates, date-times with an offset, or integer milliseconds [CR-8]", "[validator][CR-8]") {
  const json spec = {{"type", "date"}};
  for (const char* ok : {"2024-05-31", "2024-02-29", "2000-02-29", "2024-05-31T12:00Z", "2024-05-31T12:00:59.123Z",
                         "2024-05-31T23:59:59+02:00", "2024-05-31t08:00:00-05:30", "2024-05-31T00:00:00.123456789z"})
    CHECK(one_field(spec, ok).empty());
  for (const char* bad : {"2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-5-31",
                          "2024-05-31T12:00:00", "2024-05-31 12:00:00Z", "2024-05-31T24:00:00Z", "2024-05-31T12:60Z",
                          "2024-05-31T12:00:00+2:00", "2024-05-31T12:00:00.Z", "31/05/2024", "", "2024-05-31Z"})
    CHECK_FALSE(one_field(spec, bad).empty());
  CHECK(one_field(spec, 1717156800000).empty());
  CHECK(one_field(spec, -86400000).empty());
  CHECK_FALSE(one_field(spec, 1.5).empty());
  CHECK_FALSE(one_field(spec, true).empty());
  CHECK(one_field({{"type", "datetime"}}, "2024-05-31").empty());
}

TEST_CASE("select and multiselect take only their options [CR-8]", "[validator][CR-8]") {
  const json select = {{"type", "select"}, {"options", {"a", "b"}}};
  CHECK(one_field(select, "a").empty());
  CHECK(one_field(select, "A") == errors{{"f", {"not one of the options"}}});
  CHECK(one_field(select, json::array({"a"})) == errors{{"f", {"not one of the options"}}});
  const json multi = {{"type", "multiselect"}, {"options", {"a", "b"}}, {"minItems", 1}};
  CHECK(one_field(multi, json::array({"b", "a"})).empty());
  CHECK(one_field(multi, json::array()) == errors{{"f", {"must have at least 1 item"}}});
  CHECK(one_field(multi, "a") == errors{{"f", {"must be an array of options"}}});
  CHECK(one_field(multi, json::array({"a", 1})) == errors{{"f[1]", {"not one of the options"}}});
}

TEST_CASE("json takes any value, and reference takes an id string [CR-8]", "[validator][CR-8]") {
  for (const json& v : {json(1), json("x"), json::array({1, 2}), json{{"k", nullptr}}, json(false)})
    CHECK(one_field({{"type", "json"}}, v).empty());
  const json ref = {{"type", "reference"}, {"collection", "posts"}};
  CHECK(one_field(ref, "post-1").empty());
  CHECK_FALSE(one_field(ref, 7).empty());
  CHECK_FALSE(one_field(ref, "").empty());
}

TEST_CASE("a schema that is corrupt in the database is reported, not trusted [CR-8]", "[validator][CR-8]") {
  CHECK(one_field({{"type", "colour"}}, "red") ==
        errors{{"f", {"has the unknown type 'colour' in the collection schema"}}});
  CHECK(one_field("string", "red") == errors{{"f", {"has no valid definition in the collection schema"}}});
  CHECK(one_field({{"type", "string"}, {"pattern", "(a)\\1"}}, "aa") ==
        errors{{"f", {"has an invalid pattern in the collection schema"}}});
}

// --- collection schemas (CS-2) ------------------------------------------------------------------

TEST_CASE("a valid schema of every field type has no errors [CS-2]", "[collection_schema][CS-2]") {
  CHECK(schema_errors(article_schema).empty());
  CHECK(schema_errors(json{{"properties", json::object()}}).empty());
  json annotated = article_schema;
  annotated["validateDrafts"] = true;
  annotated["description"] = "News articles";
  annotated["properties"]["headline"]["helpText"] = "Shown in lists";
  annotated["properties"]["headline"]["x-widget"] = {{"rows", 2}};
  annotated["properties"]["views"]["default"] = 0;
  CHECK(schema_errors(annotated).empty());
}

TEST_CASE("a schema must be an object with properties [CS-2]", "[collection_schema][CS-2]") {
  CHECK(schema_errors(json::array()) == errors{{"schema", {"must be a JSON object with \"properties\""}}});
  CHECK(schema_errors(json::object()) ==
        errors{{"schema.properties", {"is required: an object of field definitions"}}});
  CHECK(schema_errors({{"properties", json::array()}}) ==
        errors{{"schema.properties", {"must be an object of field definitions"}}});
  CHECK(schema_errors({{"type", "array"}, {"properties", json::object()}, {"validateDrafts", "yes"}, {"fields", 1}}) ==
        errors{{"schema.type", {"must be \"object\""}},
               {"schema.validateDrafts", {"must be true or false"}},
               {"schema.fields", {"is not a keyword of a collection schema"}}});
}

TEST_CASE("field types must be known [CS-2]", "[collection_schema][CS-2]") {
  CHECK(schema_errors(with_field({{"type", "colour"}})) ==
        errors{{"schema.properties.f.type", {"is not a known field type: 'colour'"}}});
  CHECK(schema_errors(with_field(json::object())) == errors{{"schema.properties.f.type", {"is required"}}});
  CHECK(schema_errors(with_field("string")) == errors{{"schema.properties.f", {"must be an object with a \"type\""}}});
  for (const char* name : {"string", "number", "integer", "boolean", "date", "json", "text", "textarea", "richtext",
                           "markdown", "datetime"})
    CHECK(schema_errors(with_field({{"type", name}})).empty());
}

TEST_CASE("select and multiselect fields need options [CS-2]", "[collection_schema][CS-2]") {
  CHECK(schema_errors(with_field({{"type", "select"}})) ==
        errors{{"schema.properties.f.options", {"is required: the list of allowed values"}}});
  CHECK(schema_errors(with_field({{"type", "multiselect"}, {"options", json::array()}})) ==
        errors{{"schema.properties.f.options", {"must be a non-empty array of strings"}}});
  CHECK(schema_errors(with_field({{"type", "select"}, {"options", {"a", 1, "a", ""}}})) ==
        errors{{"schema.properties.f.options[1]", {"must be a non-empty string"}},
               {"schema.properties.f.options[2]", {"repeats an option"}},
               {"schema.properties.f.options[3]", {"must be a non-empty string"}}});
}

TEST_CASE("reserved field names are refused at the top level only [CS-2]", "[collection_schema][CS-2]") {
  for (const auto name : cms::reserved_field_names)
    CHECK(schema_errors(with_field({{"type", "string"}}, std::string(name))).size() == 1);
  CHECK(schema_errors(with_field({{"type", "string"}}, "Title")) ==
        errors{{"schema.properties.Title", {"is a reserved name: items have a column 'Title' of their own"}}});
  // an id inside a nested object is fine (arrays of objects are matched by id, VR-6)
  CHECK(schema_errors(with_field({{"type", "array"},
                                  {"items", {{"type", "object"}, {"properties", {{"id", {{"type", "string"}}}}}}}}))
            .empty());
  CHECK(schema_errors(with_field({{"type", "string"}}, "2fa")) ==
        errors{{"schema.properties.2fa", {"is not a valid field name: a letter, then letters, digits or _ (at most 64)"}}});
  CHECK(schema_errors(with_field({{"type", "string"}}, "a.b")).size() == 1);
}

TEST_CASE("reference targets must exist [CS-2]", "[collection_schema][CS-2]") {
  const json schema = with_field({{"type", "reference"}, {"collection", "authors"}});
  CHECK(schema_errors(schema) == errors{{"schema.properties.f.collection", {"no collection named 'authors'"}}});
  const std::set<std::string, std::less<>> known = {"authors"};
  CHECK(cms::validate_collection_schema(schema, [&](std::string_view n) { return known.contains(n); }).empty());
  CHECK(schema_errors(with_field({{"type", "reference"}, {"collection", "users"}})).empty());
  CHECK(schema_errors(with_field({{"type", "reference"}, {"collection", "media"}})).empty());
  CHECK(schema_errors(with_field({{"type", "reference"}})) ==
        errors{{"schema.properties.f.collection", {"is required: the collection (or users, media) referenced"}}});
  // a collection may reference itself
  const json pages = with_field({{"type", "reference"}, {"collection", "pages"}}, "parent");
  CHECK(cms::validate_collection_definition("pages", "Pages", pages, no_targets).empty());
  // an empty lookup accepts only built-in targets
  CHECK(cms::validate_collection_schema(schema, {}).size() == 1);
}

TEST_CASE("keyword values are checked and must apply to the field type [CS-2]", "[collection_schema][CS-2]") {
  CHECK(schema_errors(with_field({{"type", "string"}, {"minLength", -1}, {"maxLength", "10"}, {"pattern", "("}})) ==
        errors{{"schema.properties.f.minLength", {"must be a non-negative integer"}},
               {"schema.properties.f.maxLength", {"must be a non-negative integer"}},
               {"schema.properties.f.pattern",
                {"must be an ECMAScript regular expression without back-references (at most 1000 bytes)"}}});
  CHECK(schema_errors(with_field({{"type", "string"}, {"pattern", "(a)\\1"}})).size() == 1);
  CHECK(schema_errors(with_field({{"type", "number"}, {"minimum", 5}, {"maximum", 1}})) ==
        errors{{"schema.properties.f.maximum", {"must not be less than minimum"}}});
  CHECK(schema_errors(with_field({{"type", "number"}, {"maxLength", 3}, {"required", "yes"}, {"title", 1}})) ==
        errors{{"schema.properties.f.maxLength", {"does not apply to a number field"}},
               {"schema.properties.f.required", {"must be true or false"}},
               {"schema.properties.f.title", {"must be a string"}}});
  CHECK(schema_errors(with_field({{"type", "array"}})) ==
        errors{{"schema.properties.f.items", {"is required: the definition of every item"}}});
  CHECK(schema_errors(with_field({{"type", "array"}, {"items", {{"type", "nope"}}}})) ==
        errors{{"schema.properties.f.items.type", {"is not a known field type: 'nope'"}}});
  CHECK(schema_errors(with_field({{"type", "object"}})) ==
        errors{{"schema.properties.f.properties", {"is required: an object of field definitions"}}});
}

TEST_CASE("the required list names declared fields, once [CS-2]", "[collection_schema][CS-2]") {
  json schema = with_field({{"type", "string"}});
  schema["required"] = {"f", "g", "f", 3};
  CHECK(schema_errors(schema) == errors{{"schema.required[1]", {"names no field of \"properties\""}},
                                        {"schema.required[2]", {"names a field twice"}},
                                        {"schema.required[3]", {"must be a field name"}}});
  schema["required"] = true;
  CHECK(schema_errors(schema) == errors{{"schema.required", {"must be an array of field names"}}});
}

TEST_CASE("a default must be valid data for its field [CS-2]", "[collection_schema][CS-2]") {
  CHECK(schema_errors(with_field({{"type", "select"}, {"options", {"a"}}, {"default", "b"}})) ==
        errors{{"schema.properties.f.default", {"not one of the options"}}});
  CHECK(schema_errors(with_field({{"type", "multiselect"}, {"options", {"a"}}, {"default", {"a", "z"}}})) ==
        errors{{"schema.properties.f.default[1]", {"not one of the options"}}});
  CHECK(schema_errors(with_field({{"type", "number"}, {"default", 2}, {"maximum", 3}})).empty());
}

TEST_CASE("schemas nest at most max_schema_depth levels [CS-2]", "[collection_schema][CS-2]") {
  json field = {{"type", "string"}};
  for (int i = 0; i < cms::max_schema_depth - 1; ++i) field = {{"type", "array"}, {"items", field}};
  CHECK(schema_errors(with_field(field)).empty());
  field = {{"type", "array"}, {"items", field}};
  CHECK(schema_errors(with_field(field)).size() == 1);
}

TEST_CASE("collection definitions: name and display name [CS-2]", "[collection_schema][CS-2]") {
  const json schema = with_field({{"type", "string"}});
  CHECK(cms::validate_collection_definition("blog_posts2", "Blog posts", schema, no_targets).empty());
  for (const char* bad : {"", "Posts", "2posts", "_posts", "blog-posts", "blog posts", "posts!", "émile"})
    CHECK(cms::validate_collection_definition(bad, "X", schema, no_targets).contains("name"));
  CHECK(cms::validate_collection_definition(std::string(65, 'a'), "X", schema, no_targets).contains("name"));
  CHECK(cms::validate_collection_definition(std::string(64, 'a'), "X", schema, no_targets).empty());
  CHECK(cms::validate_collection_definition("users", "Users", schema, no_targets) ==
        errors{{"name", {"is reserved: 'users' names a built-in reference target"}}});
  CHECK(cms::validate_collection_definition("posts", " \t", schema, no_targets) ==
        errors{{"display_name", {"must not be empty"}}});
  CHECK(cms::validate_collection_definition("posts", std::string(201, 'x'), schema, no_targets) ==
        errors{{"display_name", {"must be at most 200 characters"}}});
  CHECK(cms::is_valid_collection_name("posts"));
  CHECK_FALSE(cms::is_valid_collection_name("media"));
  // everything at once
  const auto all = cms::validate_collection_definition("Bad", "", json::array(), no_targets);
  CHECK(all.size() == 3);
}

TEST_CASE("field type names round-trip", "[collection_schema]") {
  for (auto t : {cms::field_type::string, cms::field_type::number, cms::field_type::integer, cms::field_type::boolean,
                 cms::field_type::date, cms::field_type::json, cms::field_type::reference, cms::field_type::select,
                 cms::field_type::multiselect, cms::field_type::object, cms::field_type::array})
    CHECK(cms::field_type_from_name(cms::to_string(t)) == t);
  CHECK(cms::field_type_from_name("richtext") == cms::field_type::string);
  CHECK_FALSE(cms::field_type_from_name("String").has_value());
}
