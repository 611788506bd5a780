// basic_media_repository on SQLite (its members: internal/media_repository_impl.hpp).
#include "internal/media_repository_impl.hpp"

namespace vellum::cms {

template class basic_media_repository<connection>;
template basic_media_repository<connection> basic_store<connection>::media();

// ---------------------------------------------------------------------------------------------
// MIME types

namespace {

/// An RFC 6838 restricted-name, lower case: 1–127 of [a-z0-9!#$&^_.+-], starting with a letter or digit.
bool is_restricted_name(std::string_view name) {
  constexpr std::string_view symbols = "!#$&^_.+-";
  const auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  return !name.empty() && name.size() <= 127 && alnum(name.front()) &&
         std::all_of(name.begin(), name.end(),
                     [&](char c) { return alnum(c) || symbols.find(c) != std::string_view::npos; });
}

}  // namespace

std::string normalize_mime_type(std::string_view mime_type) {
  return internal::ascii_lower(internal::trim(mime_type));
}

bool is_valid_mime_type(std::string_view mime_type) noexcept {
  const auto slash = mime_type.find('/');
  return slash != std::string_view::npos && is_restricted_name(mime_type.substr(0, slash)) &&
         is_restricted_name(mime_type.substr(slash + 1));
}

}  // namespace vellum::cms
