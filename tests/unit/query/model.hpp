// A small blog model used by the query-builder tests.
#pragma once

#include <vellum/vellum.hpp>

namespace blog {
namespace v = vellum;

enum class role { admin, editor, author, viewer };
constexpr auto vellum_enum_names(v::tag<role>) {
  return v::enum_names<role>({{role::admin, "admin"}, {role::editor, "editor"}, {role::author, "author"}, {role::viewer, "viewer"}});
}
enum class status { draft, published, archived };
constexpr auto vellum_enum_names(v::tag<status>) {
  return v::enum_names<status>({{status::draft, "draft"}, {status::published, "published"}, {status::archived, "archived"}});
}

struct user {
  std::string id;
  std::string email;
  std::optional<std::string> name;
  role user_role = role::viewer;
  bool active = true;
  std::optional<std::string> manager_id;
};
constexpr auto vellum_table(v::tag<user>) {
  return v::table<user>("users",
                        v::column(&user::id, "id").primary_key(),
                        v::column(&user::email, "email").unique(),
                        v::column(&user::name, "name"),
                        v::column(&user::user_role, "role").default_value(role::viewer),
                        v::column(&user::active, "active").default_value(true),
                        v::column(&user::manager_id, "manager_id").references<&user::id>().on_delete(v::fk_action::set_null));
}

// default_sql text is copied as written, so it is per backend (docs/postgres-dialect.md).
#ifdef VELLUM_TEST_BACKEND_POSTGRES
inline constexpr char updated_at_default[] = "now()";
#else
inline constexpr char updated_at_default[] = "(unixepoch() * 1000)";
#endif

struct post {
  std::int64_t id = 0;
  std::string author_id;
  std::string title;
  status state = status::draft;
  std::int64_t views = 0;
  std::optional<double> score;
  v::unix_millis updated_at{};
};
constexpr auto vellum_table(v::tag<post>) {
  return v::table<post>("posts",
                        v::column(&post::id, "id").autoincrement(),
                        v::column(&post::author_id, "author_id").references<&user::id>().on_delete(v::fk_action::cascade),
                        v::column(&post::title, "title"),
                        v::column(&post::state, "status").default_value(status::draft),
                        v::column(&post::views, "views").default_value(0),
                        v::column(&post::score, "score"),
                        v::column(&post::updated_at, "updated_at").default_sql(updated_at_default))
      .index("idx_posts_author_updated", &post::author_id, v::desc(&post::updated_at))
      .relation<v::one<"author", &post::author_id, &user::id>>();
}

}  // namespace blog
