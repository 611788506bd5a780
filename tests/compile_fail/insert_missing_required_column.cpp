// expect: insert: a NOT NULL column without a default is missing from values(
// expect: ): set it, or give the column a default
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: users.email is NOT NULL without a default, and values() leaves it out.
void mistake(v::database& db) { (void)db.insert_into<user>().values(v::set<&user::id>("u1")).run(); }
