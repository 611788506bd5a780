// basic_comment_repository on SQLite (its members: internal/comment_repository_impl.hpp).
#include "internal/comment_repository_impl.hpp"

namespace vellum::cms {

template class basic_comment_repository<connection>;
template basic_comment_repository<connection> basic_store<connection>::comments();

bool can_moderate(comment_status from, comment_status to) noexcept {
  using enum comment_status;
  switch (from) {
    case pending: return to == approved || to == spam || to == deleted;
    case approved: return to == spam || to == deleted;
    case spam: return to == approved || to == deleted;
    case deleted: return false;
  }
  return false;
}

}  // namespace vellum::cms
