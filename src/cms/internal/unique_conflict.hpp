// Mutations whose uniqueness a UNIQUE index decides (a storage key, a plugin name, a hook):
// the index's violation becomes vellum::conflict naming the field, so of two racing writers
// exactly one wins and the other gets a typed error. Private to the library.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "vellum/cms/store.hpp"
#include "vellum/core/error.hpp"

namespace vellum::cms::internal {

/// Runs `write` in a transaction of `s`; a unique violation on `table` becomes
/// conflict(`message`, `field`); anything else propagates unchanged.
template <class Conn, class F>
auto write_unique(basic_store<Conn>& s, std::string_view table, const char* field, std::string_view message,
                  F&& write) {
  try {
    return s.db().transaction(std::forward<F>(write));
  } catch (const constraint_error& e) {
    if (e.kind() != constraint_kind::unique || e.table() != table) throw;
    throw conflict(std::string(message), field);
  }
}

}  // namespace vellum::cms::internal
