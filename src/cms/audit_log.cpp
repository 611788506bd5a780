// append_audit on SQLite (internal/audit_log_impl.hpp). The reliability suite compiles this file
// a second time with VELLUM_TEST_SPLIT_AUDIT_WRITE (tests/reliability/CMakeLists.txt).
#include "internal/audit_log_impl.hpp"

namespace vellum::cms {

template void append_audit(basic_store<connection>&, const actor&, std::string_view, std::string_view, std::string_view,
                           std::optional<nlohmann::json>);

}  // namespace vellum::cms
