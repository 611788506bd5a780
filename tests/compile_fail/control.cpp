// The control: every construct the compile-fail snippets misuse, used correctly. It must compile
// cleanly (-Wall -Wextra -Wpedantic -Werror), which shows that each snippet fails for its one
// mistake and not because of the model or the include paths.
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "../unit/query/model.hpp"

namespace v = vellum;
using blog::post;
using blog::user;
using v::col;

struct post_with_author {
  std::string title;
  std::optional<std::string> email;  // outer-joined: optional
};

void control(v::database& db) {
  // Comparisons with values of the column's type.
  auto by_views = db.select<post>().where(col<&post::views> == 42).all();
  auto active = db.select<user>().where(col<&user::active> == true).all();
  auto admins = db.select<user>().where(col<&user::user_role> == blog::role::admin).all();
  auto by_email = db.select<user>().where(col<&user::email> == "ann@example.com").one();
  auto news = db.select<post>().where(v::like(col<&post::title>, "%news%")).all();

  // Columns of tables in FROM/JOIN; ordering by them.
  auto titles = db.select(col<&post::title>, col<&user::email>)
                    .from<post>()
                    .join<user>(col<&post::author_id> == col<&user::id>)
                    .order_by(v::desc(col<&user::email>))
                    .all();

  // An outer-joined column read as optional.
  auto pairs = db.select(col<&post::title>, col<&user::email>)
                   .from<post>()
                   .left_join<user>(col<&post::author_id> == col<&user::id>)
                   .into<post_with_author>();

  // Aggregates beside plain columns with GROUP BY.
  auto per_author = db.select(col<&post::author_id>, v::count()).from<post>().group_by(col<&post::author_id>).all();

  // One where() combining the conditions.
  auto popular = db.select<post>().where(col<&post::views> > 10 && col<&post::state> == blog::status::published).all();

  // UPDATE and DELETE with where() or all_rows(), assignments of the right type to the updated table.
  int renamed = db.update<post>().set(col<&post::title> = "Hello").where(col<&post::id> == 1).run();
  int reset = db.update<post>().set(col<&post::views> = 0).all_rows().run();
  int removed = db.delete_from<post>().where(col<&post::id> == 1).run();
  int cleared = db.delete_from<post>().all_rows().run();
  int unnamed = db.update<user>().set(col<&user::name> = std::nullopt).where(col<&user::id> == "u1").run();
  auto bumped = db.update<post>()
                    .set(col<&post::views> = col<&post::views> + 1)
                    .all_rows()
                    .returning(col<&post::id>)
                    .all();
  auto gone = db.delete_from<post>().where(v::is_null(col<&post::score>)).returning().all();

  // A partial insert listing every NOT NULL column without a default; one() after returning().
  int inserted = db.insert_into<user>().values(v::set<&user::id>("u1"), v::set<&user::email>("ann@example.com")).run();
  auto created = db.insert_into<post>()
                     .values(v::set<&post::author_id>("u1"), v::set<&post::title>("Hi"))
                     .returning(col<&post::id>)
                     .one();

  // A prepared query bound with a value of the parameter's type.
  auto by_email_q = db.prepare(v::select<user>().where(col<&user::email> == v::param<"email">));
  auto found = by_email_q.one(v::arg<"email">("ann@example.com"));

  (void)by_views, (void)active, (void)admins, (void)by_email, (void)news, (void)titles, (void)pairs;
  (void)per_author, (void)popular, (void)renamed, (void)reset, (void)removed, (void)cleared;
  (void)unnamed, (void)bumped, (void)gone, (void)inserted, (void)created, (void)found;
}
