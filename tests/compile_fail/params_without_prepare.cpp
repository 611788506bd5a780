// expect: this query has named parameters: run it with db.prepare(query) and v::arg<"name">(value)
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: a query with a named parameter run directly, with no value for it.
void mistake(v::database& db) { (void)db.select<user>().where(col<&user::email> == v::param<"email">).all(); }
