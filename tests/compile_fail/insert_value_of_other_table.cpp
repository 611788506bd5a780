// expect: values(): a column belongs to another table; set only columns of the table inserted into
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: insert_into<user>() given a column of posts.
void mistake(v::database& db) {
  (void)db.insert_into<user>()
      .values(v::set<&user::id>("u1"), v::set<&user::email>("ann@example.com"), v::set<&post::title>("Hi"))
      .run();
}
