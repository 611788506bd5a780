// The CMS layer's names for core's UTF-8 helpers (titles, slugs, labels). Private to the library.
#pragma once

#include "../../core/internal/utf8.hpp"

namespace vellum::cms::internal {

using vellum::internal::next_code_point;
using vellum::internal::utf8_length;
using vellum::internal::valid_utf8;

}  // namespace vellum::cms::internal
