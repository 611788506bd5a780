// libFuzzer target: the migration statement splitter (docs/reliability.md, "Fuzzers"). Any
// bytes: no crash, and every statement is a non-empty slice of the script.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "vellum/migrate/statement_splitter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view script(reinterpret_cast<const char*>(data), size);
  for (const auto& st : vellum::migrate::split_statements(script))
    if (st.text.empty() || st.text.size() > script.size()) std::abort();
  return 0;
}
