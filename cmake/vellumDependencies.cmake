# The packages vellum links against; shared by the build and by vellumConfig.cmake.
include(CMakeFindDependencyMacro)
find_dependency(SQLiteCpp)
find_dependency(SQLite3)
find_dependency(fmt)
find_dependency(nlohmann_json)
find_dependency(OpenSSL COMPONENTS Crypto)
find_dependency(Threads)
