// expect: a column's table is not in FROM: add .from<T>() or a join
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: the condition names users.email, but the query reads only posts.
void mistake(v::database& db) { (void)db.select<post>().where(col<&user::email> == "ann@example.com").all(); }
