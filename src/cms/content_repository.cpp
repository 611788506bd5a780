// basic_content_repository on SQLite (its members: internal/content_repository_impl.hpp).
#include "internal/content_repository_impl.hpp"

namespace vellum::cms {

template class basic_content_repository<connection>;
template basic_content_repository<connection> basic_store<connection>::content();

nlohmann::json content_meta::to_json() const {
  auto out = nlohmann::json::object();
  if (meta_title) out["meta_title"] = *meta_title;
  if (meta_description) out["meta_description"] = *meta_description;
  if (featured_image_id) out["featured_image_id"] = *featured_image_id;
  return out;
}

content_meta content_meta::from_json(const nlohmann::json& meta) {
  content_meta out;
  if (!meta.is_object()) return out;
  const auto read = [&](const char* name, std::optional<std::string>& into) {
    if (const auto it = meta.find(name); it != meta.end() && it->is_string()) into = it->get<std::string>();
  };
  read("meta_title", out.meta_title);
  read("meta_description", out.meta_description);
  read("featured_image_id", out.featured_image_id);
  return out;
}

content_meta content_meta::of(const content& item) {
  return {item.meta_title, item.meta_description, item.featured_image_id};
}

nlohmann::json parse_content_data(std::string_view text) {
  auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded())
    throw validation_error("content data is not valid JSON", {{"data", {"is not valid JSON"}}});
  if (!parsed.is_object())
    throw validation_error("content data must be a JSON object", {{"data", {"must be a JSON object"}}});
  return parsed;
}

}  // namespace vellum::cms
