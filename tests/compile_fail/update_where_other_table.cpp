// expect: update: a condition names a column of another table; use a subquery (in/exists)
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: UPDATE posts … WHERE users.email = ?: users is not part of an UPDATE.
void mistake(v::database& db) {
  (void)db.update<post>().set(col<&post::views> = 0).where(col<&user::email> == "ann@example.com").run();
}
