// expect: ilike is PostgreSQL-only; on SQLite use like() (ASCII case-insensitive) or lower()
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::user;
using v::col;

// Mistake: ILIKE (PostgreSQL only) in a query on an SQLite database.
void mistake(v::database& db) { (void)db.select<user>().where(v::ilike(col<&user::email>, "%@EXAMPLE.com")).all(); }
