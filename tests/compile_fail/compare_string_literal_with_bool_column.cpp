// expect: comparison: the two sides have different types (no implicit int->enum, pointer->bool or string<->number)
// expect: compare with a value of the column's type
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: a string literal compared with a bool column (no implicit pointer->bool).
void mistake(v::database& db) { (void)db.select<user>().where(col<&user::active> == "yes").all(); }
