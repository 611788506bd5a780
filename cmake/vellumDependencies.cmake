# The packages vellum links against; shared by the build and by vellumConfig.cmake.
# Loaded by vellumConfig.cmake (CMAKE_FIND_PACKAGE_NAME is set), a missing dependency makes
# find_package(vellum) report "not found" with the reason. Included by vellum's own build, it
# is a configure error naming the package (cmake/install-deps.sh installs them).
include(CMakeFindDependencyMacro)
macro(_vellum_find_dependency)
  if(CMAKE_FIND_PACKAGE_NAME)
    find_dependency(${ARGV})
  else()
    find_package(${ARGV} REQUIRED)
  endif()
endmacro()
_vellum_find_dependency(SQLiteCpp)
_vellum_find_dependency(SQLite3)
_vellum_find_dependency(fmt)
_vellum_find_dependency(nlohmann_json)
_vellum_find_dependency(OpenSSL COMPONENTS Crypto)
_vellum_find_dependency(Threads)
