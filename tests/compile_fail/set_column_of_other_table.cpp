// expect: set(): the column belongs to another table; set only columns of the updated table
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: update<post>() assigns a column of users.
void mistake(v::database& db) {
  (void)db.update<post>().set(col<&user::email> = "x@example.com").where(col<&post::id> == 1).run();
}
