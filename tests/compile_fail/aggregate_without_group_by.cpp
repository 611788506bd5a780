// expect: select mixes aggregates and plain columns: add group_by(
// expect: ) for the plain columns
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: COUNT(*) beside a plain column without GROUP BY.
void mistake(v::database& db) { (void)db.select(col<&post::author_id>, v::count()).from<post>().all(); }
