#include "vellum/migrate/table_definitions.hpp"

#include <fmt/format.h>

#include <string>

#include "vellum/core/connection.hpp"
#include "vellum/core/error.hpp"
#include "vellum/migrate/introspect.hpp"

namespace vellum::migrate {

schema_model model_of(std::span<const table_definition> definitions) {
  connection scratch{":memory:", connection_options{.foreign_keys = false, .statement_cache_size = 16}};
  for (const table_definition& t : definitions) {
    try {
      scratch.execute(t.create_table_sql);
      if (!t.create_indexes_sql.empty()) scratch.execute(t.create_indexes_sql);
    } catch (const error& e) {
      throw validation_error(fmt::format("the definition of table '{}' is not valid SQL: {}", t.name, e.what()),
                             {{std::string(t.name), {e.what()}}});
    }
  }
  return introspect(scratch);
}

}  // namespace vellum::migrate
