// expect: into<S>(): S's members must match the selected columns in order and type
// expect: (a column of an outer-joined table reads as std::optional)
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: users is left-joined, so users.email reads as std::optional<std::string>, not std::string.
struct post_with_author {
  std::string title;
  std::string email;
};
void mistake(v::database& db) {
  (void)db.select(col<&post::title>, col<&user::email>)
      .from<post>()
      .left_join<user>(col<&post::author_id> == col<&user::id>)
      .into<post_with_author>();
}
