// A blog database (SQLite in memory or a PostgreSQL schema: backend_fixture.hpp) with a fixed set of users and posts, for the query-builder tests.
//
//   blog_db b;                        // tables created, rows inserted
//   auto rows = b.db.select<blog::post>().all();
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "backend_fixture.hpp"
#include "model.hpp"

namespace blog {

inline v::unix_millis at_ms(std::int64_t ms) { return v::unix_millis(std::chrono::milliseconds(ms)); }

inline post make_post(std::string author, std::string title, status state, std::int64_t views,
                      std::optional<double> score, std::int64_t updated_ms) {
  post p;
  p.author_id = std::move(author);
  p.title = std::move(title);
  p.state = state;
  p.views = views;
  p.score = score;
  p.updated_at = at_ms(updated_ms);
  return p;
}

/// users:  u1 alice (admin, active, no manager)     posts: 1 u1 "Hello world"  published 100 4.5 @1000
///         u2 bob   (editor, active, manager u1)           2 u1 "Second post"  draft      10  -   @2000
///         u3 carol (author, inactive, no name, mgr u1)    3 u2 "Bob's news"   published 250 3.0 @3000
///         u4 dave  (viewer, active, manager u2)           4 u3 "Carol draft"  draft       0  -   @4000
///                                                         5 u2 "Archived"     archived   40 1.5 @5000
struct blog_db : vellum_test::backend_db {
  blog_db() {
    db.create_all<user, post>();
    db.insert(user{"u1", "alice@example.com", "Alice", role::admin, true, std::nullopt});
    db.insert(user{"u2", "bob@example.com", "Bob", role::editor, true, "u1"});
    db.insert(user{"u3", "carol@example.com", std::nullopt, role::author, false, "u1"});
    db.insert(user{"u4", "dave@example.com", "Dave", role::viewer, true, "u2"});
    db.insert(make_post("u1", "Hello world", status::published, 100, 4.5, 1000));
    db.insert(make_post("u1", "Second post", status::draft, 10, std::nullopt, 2000));
    db.insert(make_post("u2", "Bob's news", status::published, 250, 3.0, 3000));
    db.insert(make_post("u3", "Carol draft", status::draft, 0, std::nullopt, 4000));
    db.insert(make_post("u2", "Archived", status::archived, 40, 1.5, 5000));
  }
};

}  // namespace blog
