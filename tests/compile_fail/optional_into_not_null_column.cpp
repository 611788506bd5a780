// expect: assignment: a std::optional value cannot be written to a NOT NULL column; assign *value
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: a std::optional (maybe NULL) written to a NOT NULL column.
void mistake(v::database& db, std::optional<std::string> title) {
  (void)db.update<post>().set(col<&post::title> = title).where(col<&post::id> == 1).run();
}
