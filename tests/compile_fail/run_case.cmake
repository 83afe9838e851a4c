# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Runs one compile-fail case: cmake -DSETTINGS=<tools.cmake> -DTOOL=<cxx|gcc14|clang_consumed|clang_tidy>
#   -DCASE=<file.cpp> [-DEXPECT_VERDICT=<verdict>] -P run_case.cmake
#
# A case passes only if all of these hold, so that it cannot pass vacuously (a typo, a missing
# include or a broken fixture also make a compile fail):
#   - it names the diagnostic it expects, in a line `// expect: <CMake regex>` (one line within
#     .clang-format's column limit, or clang-format would split the regex);
#   - it guards the offending code with `#ifndef BLKMQ_CONTROL`;
#   - it fails to compile, and the tool's output matches the expected regex; when that regex
#     names one of the library's own diagnostics (it begins with "blkmq:"), the first error
#     reported must be that one, not compiler wording that a user would read first;
#   - with -DBLKMQ_CONTROL it compiles cleanly, and the output does not match the regex.
#
# The verdict is the first rule broken, or "pass". EXPECT_VERDICT lets the driver's own tests
# require a given verdict for a deliberately broken case.

cmake_minimum_required(VERSION 3.25)

foreach(required SETTINGS TOOL CASE)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "run_case.cmake: -D${required}=... is required")
  endif()
endforeach()
include(${SETTINGS})

# Diagnostics are matched on their English text.
set(ENV{LC_ALL} C)

set(command_before ${BLKMQ_CF_${TOOL}_BEFORE})
set(command_after ${BLKMQ_CF_${TOOL}_AFTER})
if(NOT command_before)
  message(FATAL_ERROR "run_case.cmake: unknown TOOL '${TOOL}'")
endif()
list(GET command_before 0 tool_program)

function(run_tool out_result out_output)
  execute_process(COMMAND ${command_before} ${CASE} ${command_after} ${ARGN} RESULT_VARIABLE result
                  OUTPUT_VARIABLE output ERROR_VARIABLE output)
  set(${out_result} "${result}" PARENT_SCOPE)
  set(${out_output} "${output}" PARENT_SCOPE)
endfunction()

file(STRINGS ${CASE} expect_lines REGEX "^// expect: ")
list(LENGTH expect_lines expect_count)
file(READ ${CASE} case_text)

set(verdict pass)
if(NOT expect_count EQUAL 1)
  set(verdict no-expect)
  set(detail "needs exactly one '// expect: <regex>' line, has ${expect_count}")
else()
  string(REGEX REPLACE "^// expect: " "" expect "${expect_lines}")
  string(STRIP "${expect}" expect)
  if(expect STREQUAL "")
    set(verdict no-expect)
    set(detail "the '// expect:' line is empty")
  endif()
endif()

if(verdict STREQUAL "pass" AND NOT case_text MATCHES "\n#ifndef BLKMQ_CONTROL\n")
  set(verdict no-guard)
  set(detail "no '#ifndef BLKMQ_CONTROL' guard around the offending code")
endif()

if(verdict STREQUAL "pass" AND NOT EXISTS "${tool_program}")
  set(verdict tool-missing)
  set(detail "'${tool_program}' was not found when the build was configured")
endif()

if(verdict STREQUAL "pass")
  run_tool(result output)
  if(result EQUAL 0)
    set(verdict compiles)
    set(detail "the case compiled; output:\n${output}")
  elseif(NOT output MATCHES "${expect}")
    set(verdict wrong-diagnostic)
    set(detail "it failed, but not with '${expect}'; output:\n${output}")
  elseif(expect MATCHES "^blkmq:")
    string(REGEX MATCH "[^\n]*error[^\n]*" first_error "${output}")
    if(NOT first_error MATCHES "${expect}")
      set(verdict not-first)
      set(detail "'${expect}' is not the first error; the first is:\n${first_error}\noutput:\n${output}")
    endif()
  endif()
endif()

if(verdict STREQUAL "pass")
  run_tool(control_result control_output -DBLKMQ_CONTROL)
  if(NOT control_result EQUAL 0)
    set(verdict control-fails)
    set(detail "the control (-DBLKMQ_CONTROL) does not compile; output:\n${control_output}")
  elseif(control_output MATCHES "${expect}")
    set(verdict control-fails)
    set(detail "the control's output matches '${expect}' too; output:\n${control_output}")
  endif()
endif()

if(DEFINED EXPECT_VERDICT)
  if(NOT verdict STREQUAL EXPECT_VERDICT)
    message(FATAL_ERROR "${CASE}: verdict '${verdict}', expected '${EXPECT_VERDICT}'\n${detail}")
  endif()
  message(STATUS "${CASE}: verdict '${verdict}', as expected")
elseif(NOT verdict STREQUAL "pass")
  message(FATAL_ERROR "${CASE}: ${verdict}: ${detail}")
else()
  message(STATUS "${CASE}: fails with '${expect}', and its control compiles")
endif()
