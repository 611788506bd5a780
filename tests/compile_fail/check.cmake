# Compiles one compile-fail snippet with -fsyntax-only and checks the outcome.
#
#   cmake -DCOMPILER=<c++> -DSOURCE=<snippet.cpp> -DFLAGS_FILE=<generated flags> -DEXPECT=failure|success
#         -P check.cmake
#
# EXPECT=failure: the compiler must reject the snippet, and each `// expect: <text>` line at the
# top of the snippet must appear in an error line of its output (the static_assert's message).
# EXPECT=success (the control): it must compile, with -Werror.
cmake_minimum_required(VERSION 3.25)

foreach(var IN ITEMS COMPILER SOURCE FLAGS_FILE EXPECT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check.cmake: pass -D${var}=…")
  endif()
endforeach()
include("${FLAGS_FILE}")  # CF_OPTIONS, CF_INCLUDES, CF_DEFINES, CF_IMPLICIT_INCLUDES

set(args ${CF_OPTIONS})
if(EXPECT STREQUAL "success")
  list(APPEND args -Werror)
endif()
foreach(dir IN LISTS CF_INCLUDES)
  # The compiler's own directories stay where it searches them (-I/usr/include breaks #include_next).
  string(REGEX REPLACE "(.)/+$" "\\1" dir "${dir}")
  if(NOT dir IN_LIST CF_IMPLICIT_INCLUDES AND NOT "-I${dir}" IN_LIST args)
    list(APPEND args "-I${dir}")
  endif()
endforeach()
foreach(def IN LISTS CF_DEFINES)
  list(APPEND args "-D${def}")
endforeach()

execute_process(COMMAND "${COMPILER}" ${args} "${SOURCE}"
                RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
get_filename_component(name "${SOURCE}" NAME)

if(EXPECT STREQUAL "success")
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${name} must compile cleanly, but the compiler said:\n${output}")
  endif()
  message(STATUS "${name} compiles")
  return()
endif()

if(status EQUAL 0)
  message(FATAL_ERROR "${name} compiled, but its mistake must be a compile error")
endif()

# The expected texts: every `// expect: ` line at the top of the snippet.
file(READ "${SOURCE}" rest)
set(expected_count 0)
while(rest MATCHES "^// expect: ([^\n]+)\n")
  set(expected_${expected_count} "${CMAKE_MATCH_1}")  # not a list: the messages hold semicolons
  math(EXPR expected_count "${expected_count} + 1")
  string(LENGTH "${CMAKE_MATCH_0}" length)
  string(SUBSTRING "${rest}" ${length} -1 rest)
endwhile()
if(expected_count EQUAL 0)
  message(FATAL_ERROR "${name}: the first line must be `// expect: <diagnostic text>`")
endif()

# Whether `text` occurs in `output` on a line that reports an error.
function(on_error_line output text result)
  set(${result} FALSE PARENT_SCOPE)
  string(LENGTH "${text}" text_length)
  while(TRUE)
    string(FIND "${output}" "${text}" at)
    if(at LESS 0)
      return()
    endif()
    string(SUBSTRING "${output}" 0 ${at} before)
    string(FIND "${before}" "\n" line_start REVERSE)
    math(EXPR line_start "${line_start} + 1")
    string(SUBSTRING "${output}" ${line_start} -1 line)
    string(FIND "${line}" "\n" line_end)
    string(SUBSTRING "${line}" 0 ${line_end} line)
    if(line MATCHES ": error: ")
      set(${result} TRUE PARENT_SCOPE)
      return()
    endif()
    math(EXPR next "${at} + ${text_length}")
    string(SUBSTRING "${output}" ${next} -1 output)
  endwhile()
endfunction()

set(missing "")
math(EXPR last "${expected_count} - 1")
foreach(i RANGE ${last})
  on_error_line("${output}" "${expected_${i}}" found)
  if(NOT found)
    string(APPEND missing "\n  ${expected_${i}}")
  endif()
endforeach()
if(NOT missing STREQUAL "")
  message(FATAL_ERROR "${name} failed to compile, but no error line says:${missing}\nThe compiler said:\n${output}")
endif()
message(STATUS "${name} fails to compile as expected")
