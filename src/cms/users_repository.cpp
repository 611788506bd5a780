// basic_users_repository on SQLite (its members: internal/users_repository_impl.hpp).
#include "internal/users_repository_impl.hpp"

namespace vellum::cms {

template class basic_users_repository<connection>;
template basic_users_repository<connection> basic_store<connection>::users();

namespace {

bool is_local_part(std::string_view local) {
  // RFC 5322 dot-atom: atext runs separated by single dots.
  constexpr std::string_view atext_symbols = "!#$%&'*+/=?^_`{|}~-";
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.') return false;
  for (std::size_t i = 0; i < local.size(); ++i) {
    const char c = local[i];
    if (c == '.') {
      if (local[i + 1] == '.') return false;
    } else if (!is_ascii_alnum(c) && atext_symbols.find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool is_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return false;
  std::size_t labels = 0;
  std::string_view last;
  while (true) {
    const auto dot = domain.find('.');
    const std::string_view label = domain.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    if (!std::all_of(label.begin(), label.end(), [](char c) { return is_ascii_alnum(c) || c == '-'; })) return false;
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    domain.remove_prefix(dot + 1);
  }
  return labels >= 2 && !std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string normalize_email(std::string_view email) { return internal::ascii_lower(internal::trim(email)); }

bool is_valid_email(std::string_view email) noexcept {
  if (email.size() > max_email_length) return false;
  const auto at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) return false;
  return is_local_part(email.substr(0, at)) && is_domain(email.substr(at + 1));
}

}  // namespace vellum::cms
