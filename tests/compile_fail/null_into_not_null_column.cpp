// expect: assignment: std::nullopt (NULL) cannot be written to a NOT NULL column
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: SET title = NULL, but posts.title is NOT NULL (a plain std::string member).
void mistake(v::database& db) {
  (void)db.update<post>().set(col<&post::title> = std::nullopt).where(col<&post::id> == 1).run();
}
