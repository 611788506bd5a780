// Keyset cursors of the list() pages (content, media): an opaque base64url (no padding) text of
// "<time ms>:<id>", the sort key of a page's last row. Private to the library.
#pragma once

#include <string>
#include <string_view>

#include "vellum/core/time.hpp"

namespace vellum::cms::internal {

/// Where the next page starts: after the row with this (time, id) in (time DESC, id DESC) order.
struct list_cursor {
  unix_millis time{};
  std::string id{};
};

[[nodiscard]] std::string encode_cursor(unix_millis time, std::string_view id);
/// validation_error{"cursor"} ("<operation>: the cursor is not one list() returned") when
/// `cursor` is not a text encode_cursor made.
[[nodiscard]] list_cursor decode_cursor(std::string_view cursor, std::string_view operation);

}  // namespace vellum::cms::internal
