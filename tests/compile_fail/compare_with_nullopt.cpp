// expect: comparison with NULL is never true: use v::is_null(e) or v::is_not_null(e)
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: comparing with NULL (SQL's `= NULL` is never true); test for NULL with is_null().
void mistake(v::database& db) { (void)db.select<user>().where(col<&user::name> == std::nullopt).all(); }
