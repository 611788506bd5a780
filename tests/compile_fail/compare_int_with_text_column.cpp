// expect: comparison: the two sides have different types (no implicit int->enum, pointer->bool or string<->number)
// expect: compare with a value of the column's type
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: an int compared with a TEXT column (std::string).
void mistake(v::database& db) { (void)db.select<user>().where(col<&user::email> == 42).all(); }
