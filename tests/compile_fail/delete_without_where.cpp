// expect: DELETE without where(): add .where(
// expect: ), or .all_rows() to delete every row
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: a DELETE that would remove every row, without saying so.
void mistake(v::database& db) { (void)db.delete_from<post>().run(); }
