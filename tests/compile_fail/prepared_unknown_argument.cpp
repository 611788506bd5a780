// expect: prepared query: an argument names no parameter of the query; use the names given to v::param<"name">
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: the argument is named "mail", the query's parameter "email".
void mistake(v::database& db) {
  auto q = db.prepare(v::select<user>().where(col<&user::email> == v::param<"email">));
  (void)q.one(v::arg<"email">("ann@example.com"), v::arg<"mail">("ann@example.com"));
}
