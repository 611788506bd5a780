// expect: where(): the argument must be a condition (a comparison, like(), in(),
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: where() given a TEXT column instead of a condition (a bool column alone is a condition).
void mistake(v::database& db) { (void)db.select<user>().where(col<&user::email>).all(); }
