// expect: a column's table is not in FROM: add .from<T>() or a join
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: ordering posts by a column of users, which is neither in FROM nor joined.
void mistake(v::database& db) { (void)db.select<post>().order_by(v::desc(col<&user::email>)).all(); }
