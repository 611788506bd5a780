# Runs one consumer test (see CMakeLists.txt here): cmake -DMODE=find_package|add_subdirectory
#   -DPROJECT_DIR=… -DVELLUM_SOURCE_DIR=… -DVELLUM_BINARY_DIR=… -DWORK_DIR=… -DCONFIG=…
#   -DGENERATOR=… -DMAKE_PROGRAM=… -DCXX_COMPILER=… [-DSANITIZE=address,undefined] -P run_consumer.cmake
cmake_minimum_required(VERSION 3.25)

function(consumer_step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    list(JOIN ARGN " " command)
    message(FATAL_ERROR "consumer test (${MODE}): ${what} failed (${rc})\n  ${command}\n${out}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
# add_subdirectory builds the whole library again inside the consumer: it does so unoptimised and
# without debug information (Debug with -O0 alone), which is what the test needs (the targets,
# include paths and options work from a parent project) at a fraction of a Release build's time.
# The find_package test keeps the consumer's Release build against the Release install.
if(MODE STREQUAL "add_subdirectory")
  set(CONFIG Debug)
endif()
set(config_args "")
if(CONFIG)
  set(config_args --config "${CONFIG}")
endif()

set(project_args
  -G "${GENERATOR}"
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
  -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON)
if(MAKE_PROGRAM)
  list(APPEND project_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
if(CONFIG)
  list(APPEND project_args "-DCMAKE_BUILD_TYPE=${CONFIG}")
endif()
if(SANITIZE)  # vellum was built instrumented: the consumer must link the runtime too
  list(APPEND project_args "-DCMAKE_CXX_FLAGS=-fsanitize=${SANITIZE}"
                           "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=${SANITIZE}")
endif()

if(MODE STREQUAL "find_package")
  set(prefix "${WORK_DIR}/prefix")
  # The library's component only: the command line (tools/) need not be built for this test.
  consumer_step("installing vellum" "${CMAKE_COMMAND}" --install "${VELLUM_BINARY_DIR}" --prefix "${prefix}"
                --component vellum_development ${config_args})
  list(APPEND project_args "-DCMAKE_PREFIX_PATH=${prefix}" "-DEXPECTED_VELLUM_PREFIX=${prefix}")
elseif(MODE STREQUAL "add_subdirectory")
  # VELLUM_POSTGRES=OFF: the PostgreSQL component (vellum::postgres, pg_app) is checked by the
  # find_package test; here it would only compile the PostgreSQL backend a further time.
  list(APPEND project_args "-DVELLUM_SOURCE_DIR=${VELLUM_SOURCE_DIR}" "-DCMAKE_CXX_FLAGS_DEBUG=-O0"
                           -DVELLUM_POSTGRES=OFF)
else()
  message(FATAL_ERROR "run_consumer.cmake: unknown MODE '${MODE}'")
endif()

consumer_step("configuring the consumer" "${CMAKE_COMMAND}" -S "${PROJECT_DIR}" -B "${WORK_DIR}/build"
              ${project_args})
consumer_step("building the consumer" "${CMAKE_COMMAND}" --build "${WORK_DIR}/build" --parallel 2 ${config_args})

set(app "${WORK_DIR}/build/app")
if(CONFIG AND EXISTS "${WORK_DIR}/build/${CONFIG}/app")  # multi-config generators
  set(app "${WORK_DIR}/build/${CONFIG}/app")
endif()
consumer_step("running the consumer" "${app}")
message(STATUS "${step_output}")
