// expect: prepared query: give each named parameter exactly one v::arg<"name">(value)
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: the query has a parameter "email" but no v::arg<"email">(…) is given.
void mistake(v::database& db) {
  auto q = db.prepare(v::select<user>().where(col<&user::email> == v::param<"email">));
  (void)q.one();
}
