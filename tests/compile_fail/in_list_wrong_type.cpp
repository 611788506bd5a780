// expect: in(): the list's element type does not match the expression's type
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: a list of ints for a TEXT column.
void mistake(v::database& db) { (void)db.select<user>().where(v::in(col<&user::id>, {1, 2, 3})).all(); }
