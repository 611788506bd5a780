// schema_changes: a service that owns its schema through table definitions. Run without
// arguments it refuses to start when its database drifted from the code (db.check_schema);
// with `generate`, `push` or `check` it is its own drizzle-kit (vellum::cli::generate):
//
//   schema_changes generate --db notes.db --name init --dir migrations   # writes 001_init.sql
//   schema_changes check --db notes.db                                   # exit 1 naming each difference
//   schema_changes push --db dev.db                                      # applies the diff directly
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include <vellum/cli/schema_commands.hpp>
#include <vellum/database.hpp>

namespace notes {
namespace v = vellum;

struct note {
  std::int64_t id = 0;
  std::string title;
  std::optional<std::string> body;
  std::int64_t pinned = 0;
};
constexpr auto vellum_table(v::tag<note>) {
  return v::table<note>("notes", v::column(&note::id, "id").primary_key(), v::column(&note::title, "title"),
                        v::column(&note::body, "body"), v::column(&note::pinned, "pinned").default_value(0))
      .index("idx_notes_title", &note::title);
}
}  // namespace notes

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) != "serve") return vellum::cli::generate<notes::note>(argc, argv);

  // `serve` (the default): refuse a database that does not match the code.
  vellum::database db{argc > 2 ? argv[2] : ":memory:"};
  if (std::string_view(db.path()) == ":memory:") db.create_all<notes::note>();  // a demo database
  if (const auto differences = db.check_schema<notes::note>(); !differences.empty()) {
    std::cerr << "the database does not match this program's schema:\n";
    for (const auto& d : differences) std::cerr << "  " << d.describe() << '\n';
    return 1;
  }
  std::cout << "schema ok: serving\n";
  return 0;
}
