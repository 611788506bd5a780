// expect: one() on an insert without returning(): add .returning(
// expect: ) or use run()
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: one() reads a returned row, but the insert returns none.
void mistake(v::database& db) {
  (void)db.insert_into<user>().values(v::set<&user::id>("u1"), v::set<&user::email>("ann@example.com")).one();
}
