// `ops::import_error`: an imported row was refused; the import changed nothing. Names the
// table, the row's primary key and the reason, so the row can be found in the input file.
//
//   try { vellum::ops::import_json(db, in); }
//   catch (const vellum::ops::import_error& e) { std::cerr << e.table() << ' ' << e.key() << ": " << e.reason(); }
#pragma once

#include <string>

#include "vellum/core/error.hpp"

namespace vellum::ops {

/// A validation_error, so code that answers "bad input" for any refusal catches it too.
class import_error : public validation_error {
 public:
  import_error(std::string table, std::string key, std::string reason)
      : validation_error("import refused a row of " + table + (key.empty() ? "" : " (" + key + ")") + ": " + reason,
                         field_errors{{table + (key.empty() ? "" : "[" + key + "]"), {reason}}}),
        table_(std::move(table)),
        key_(std::move(key)),
        reason_(std::move(reason)) {}
  [[nodiscard]] const std::string& table() const noexcept { return table_; }
  /// The row's primary key as `column=value` pairs; empty when the input is not a row at all.
  [[nodiscard]] const std::string& key() const noexcept { return key_; }
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

 private:
  std::string table_;
  std::string key_;
  std::string reason_;
};

}  // namespace vellum::ops
