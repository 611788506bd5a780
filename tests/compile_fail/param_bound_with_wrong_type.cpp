// expect: prepared query: a parameter was bound with a value of the wrong type
// expect: pass a value of the compared column's type
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: "email" is compared with a TEXT column, and bound with an int.
void mistake(v::database& db) {
  auto q = db.prepare(v::select<user>().where(col<&user::email> == v::param<"email">));
  (void)q.one(v::arg<"email">(42));
}
