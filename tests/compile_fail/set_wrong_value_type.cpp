// expect: assignment: the value's type does not match the column's type; assign a value of the column's type
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: a string assigned to an integer column.
void mistake(v::database& db) {
  (void)db.update<post>().set(col<&post::views> = "many").where(col<&post::id> == 1).run();
}
