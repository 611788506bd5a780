// expect: where() given twice: combine the conditions with && in one where()
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: a second where() (it would silently replace the first).
void mistake(v::database& db) {
  (void)db.select<post>().where(col<&post::views> > 10).where(col<&post::state> == blog::status::published).all();
}
