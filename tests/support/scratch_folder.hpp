// `scratch_folder`: a fresh temporary folder for one test, removed with everything in it when
// the object dies. Unique per call (mkdtemp), so tests may run in parallel.
//
//   vellum::testing::scratch_folder dir;
//   dir.write("001_init.sql", "CREATE TABLE t (x INTEGER);");
//   std::string db = dir.file("test.db");
#pragma once

#include <stdlib.h>  // mkdtemp

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace vellum::testing {

class scratch_folder {
 public:
  scratch_folder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "vellum-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("scratch_folder: mkdtemp failed");
    path_ = pattern;
  }
  scratch_folder(const scratch_folder&) = delete;
  scratch_folder& operator=(const scratch_folder&) = delete;
  ~scratch_folder() {
    std::error_code ignored;  // a leftover temp folder must not fail the test that made it
    std::filesystem::remove_all(path_, ignored);
  }

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  /// The full path of `name` inside the folder, as a string (for databases and command lines).
  [[nodiscard]] std::string file(std::string_view name) const { return (path_ / name).string(); }

  /// Writes `bytes` to `name` (creating its parent folders), replacing any previous content.
  void write(std::string_view name, std::string_view bytes) const {
    const auto target = path_ / name;
    std::filesystem::create_directories(target.parent_path());
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("scratch_folder: cannot write " + target.string());
  }
  void remove(std::string_view name) const { std::filesystem::remove(path_ / name); }

 private:
  std::filesystem::path path_;
};

}  // namespace vellum::testing
