// expect: UPDATE without where(): add .where(
// expect: ), or .all_rows() to update every row
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: an UPDATE that would change every row, without saying so.
void mistake(v::database& db) { (void)db.update<post>().set(col<&post::views> = 0).run(); }
