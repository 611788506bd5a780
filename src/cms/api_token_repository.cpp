// basic_api_token_repository on SQLite (its members: internal/api_token_repository_impl.hpp).
#include "internal/api_token_repository_impl.hpp"

namespace vellum::cms {

template class basic_api_token_repository<connection>;
template basic_api_token_repository<connection> basic_store<connection>::api_tokens();

}  // namespace vellum::cms
