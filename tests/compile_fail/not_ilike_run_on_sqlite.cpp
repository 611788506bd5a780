// expect: ilike is PostgreSQL-only; on SQLite use like() (ASCII case-insensitive) or lower()
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::user;
using v::col;

// Mistake: a query built without a database, with NOT ILIKE inside a subquery, run on SQLite.
void mistake(v::database& db) {
  auto managers = v::select(col<&user::id>).from<user>().where(v::not_ilike(col<&user::email>, "%@corp.example"));
  (void)db.run(v::delete_from<user>().where(v::in(col<&user::manager_id>, managers)));
}
