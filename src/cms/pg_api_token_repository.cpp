// basic_api_token_repository on PostgreSQL (its members: internal/api_token_repository_impl.hpp).
#include "internal/pg_cms_backend.hpp"
#include "internal/api_token_repository_impl.hpp"

namespace vellum::cms {

template class basic_api_token_repository<pg::connection>;
template basic_api_token_repository<pg::connection> basic_store<pg::connection>::api_tokens();

}  // namespace vellum::cms
