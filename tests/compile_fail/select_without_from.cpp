// expect: add .from<T>() to say which table to read
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: select(columns…) without saying which table to read.
void mistake(v::database& db) { (void)db.select(col<&user::email>).all(); }
