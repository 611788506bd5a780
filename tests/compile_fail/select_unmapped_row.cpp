// expect: Row has no table definition (declare vellum_table(vellum::tag<Row>))
#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

// Mistake: a struct without a vellum_table(v::tag<T>) definition.
struct comment {
  std::string id;
};
void mistake(v::database& db) { (void)db.select<comment>().all(); }
