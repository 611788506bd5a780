// expect: join: this table is already in the query; join it under an alias (v::alias<T, "name">)
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: users joined onto users without an alias (a self-join needs v::alias<user, "name">).
void mistake(v::database& db) { (void)db.select<user>().join<user>(col<&user::manager_id> == col<&user::id>).all(); }
