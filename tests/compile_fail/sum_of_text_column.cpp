// expect: sum(): only numbers can be summed
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: SUM over a TEXT column.
void mistake(v::database& db) { (void)db.select(v::sum(col<&post::title>)).from<post>().all(); }
