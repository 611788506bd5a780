// The README's first command runs this: a short tour of vellum on an SQLite file.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <vellum/vellum.hpp>

namespace demo {
namespace v = vellum;

enum class status { draft, published };
constexpr auto vellum_enum_names(v::tag<status>) {
  return v::enum_names<status>({{status::draft, "draft"}, {status::published, "published"}});
}

struct post {
  std::int64_t id = 0;
  std::string title;
  status state = status::draft;
  v::unix_millis updated_at{};
};
constexpr auto vellum_table(v::tag<post>) {
  return v::table<post>("demo_posts", v::column(&post::id, "id").autoincrement(),
                        v::column(&post::title, "title"), v::column(&post::state, "status"),
                        v::column(&post::updated_at, "updated_at"))
      .index("idx_demo_posts_status", &post::state, v::desc(&post::updated_at));
}
}  // namespace demo

int main(int argc, char** argv) {
  namespace v = vellum;
  using demo::post;
  using v::col;
  const std::string path = argc > 1 ? argv[1] : "vellum-demo.db";
  std::filesystem::remove(path);

  v::database db{path};
  db.create_all<post>();
  std::cout << "created " << path << ":\n" << v::create_table_sql<post>() << "\n\n";

  db.transaction([&] {
    for (int i = 1; i <= 3; ++i)
      db.insert(post{0, "Post " + std::to_string(i), i == 2 ? demo::status::draft : demo::status::published,
                     v::unix_millis{std::chrono::milliseconds{i * 1000}}});
  });
  const auto published = db.select<post>()
                             .where(col<&post::state> == demo::status::published)
                             .order_by(v::desc(col<&post::updated_at>))
                             .limit(10);
  std::cout << "query: " << published.to_sql() << "\n";
  for (const auto& p : published.all()) std::cout << "  #" << p.id << " " << p.title << "\n";
  const int changed = db.update<post>().set(col<&post::state> = demo::status::published).where(col<&post::id> == 2).run();
  std::cout << "published " << changed << " more; now "
            << db.select(v::count()).from<post>().where(col<&post::state> == demo::status::published).one().value()
            << " published\n";
  return 0;
}
