// expect: like(): only a text column or expression can be matched with LIKE
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: LIKE on an integer column.
void mistake(v::database& db) { (void)db.select<post>().where(v::like(col<&post::views>, "1%")).all(); }
