// The default of the CMS schema's creation and update stamps: the current time in UTC
// milliseconds, as SQLite computes it. A safety net for hand-written SQL only; repositories
// always write the time of their injected clock (GX-2).
//
//   vellum::column(&user::created_at, "created_at").default_sql(vellum::cms::now_millis_default)
#pragma once

#include <string_view>

namespace vellum::cms {

inline constexpr std::string_view now_millis_default = "(unixepoch() * 1000)";

}  // namespace vellum::cms
