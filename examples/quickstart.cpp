// quickstart: the first vellum program to read. Two tables, then insert, select, a join, an
// update and a transaction, each printing what it did. Build the `quickstart` target and run it.
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <vellum/vellum.hpp>

namespace library {
namespace v = vellum;

struct author {                      // a row is a plain struct
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> email;  // std::optional <=> a nullable column
};
constexpr auto vellum_table(v::tag<author>) {  // the table is defined next to the struct
  return v::table<author>("authors", v::column(&author::id, "id").autoincrement(),
                          v::column(&author::name, "name").unique(), v::column(&author::email, "email"));
}

struct book {
  std::int64_t id = 0;
  std::string title;
  std::optional<std::int64_t> author_id;  // some books have no known author
  std::int64_t year = 0;
};
constexpr auto vellum_table(v::tag<book>) {
  return v::table<book>("books", v::column(&book::id, "id").autoincrement(), v::column(&book::title, "title"),
                        v::column(&book::author_id, "author_id").references<&author::id>(),
                        v::column(&book::year, "year"))
      .index("idx_books_year", &book::year);
}
}  // namespace library

int main() {
  namespace v = vellum;
  using library::author;
  using library::book;
  using v::col;

  v::database db{":memory:"};     // or a file name: WAL and foreign keys are on by default
  db.create_all<author, book>();  // CREATE TABLE IF NOT EXISTS … and the indexes

  const author ursula = db.insert(author{.name = "Ursula K. Le Guin", .email = std::nullopt});  // id filled in
  const author terry = db.insert(author{.name = "Terry Pratchett", .email = "terry@example.com"});
  db.insert(std::vector<book>{{0, "A Wizard of Earthsea", ursula.id, 1968}, {0, "The Dispossessed", ursula.id, 1974},
                              {0, "Small Gods", terry.id, 1992}, {0, "Beowulf", std::nullopt, 1000}});

  // SELECT whole rows with where, order and limit. Values are bound, never pasted into SQL.
  const auto recent = db.select<book>().where(col<&book::year> > 1900).order_by(v::desc(col<&book::year>)).limit(2);
  std::cout << recent.to_sql() << '\n';
  for (const book& b : recent.all()) std::cout << "  " << b.year << "  " << b.title << '\n';

  // A LEFT JOIN: the author may be missing, so the author's name reads as std::optional.
  const auto shelf = db.select(col<&book::title>, col<&author::name>)
                         .from<book>()
                         .left_join<author>(col<&book::author_id> == col<&author::id>)
                         .order_by(col<&book::title>);
  for (const auto& [title, name] : shelf.all()) std::cout << "  " << title << " by " << name.value_or("unknown") << '\n';

  // UPDATE returns the number of rows it changed.
  const int changed =
      db.update<author>().set(col<&author::email> = "ursula@example.com").where(col<&author::id> == ursula.id).run();
  std::cout << "updated " << changed << " author\n";

  // A transaction commits when the function returns and rolls back when it throws.
  try {
    db.transaction([&] {
      db.delete_from<book>().where(col<&book::author_id> == terry.id).run();
      throw std::runtime_error("changed our mind");
    });
  } catch (const std::runtime_error& e) {
    std::cout << "rolled back (" << e.what() << "): " << db.select(v::count()).from<book>().one().value()
              << " books still there\n";
  }
  return 0;
}
