// expect: assignment: the value's type does not match the column's type; assign a value of the column's type
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: an int assigned to a TEXT column.
void mistake(v::database& db) {
  (void)db.update<user>().set(col<&user::email> = 42).where(col<&user::id> == "u1").run();
}
