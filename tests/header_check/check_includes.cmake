# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# cmake -DINCLUDE_DIR=<dir> [-DEXPECT_REJECTED=<a>|<b>...] -P check_includes.cmake
#
# The headers under INCLUDE_DIR/blkmq may include only the standard headers that compile and
# link in a kernel module (facts.md §3: libstdc++ 12's header-only parts; not <atomic>, which
# pulls pthread.h, nor anything that throws or allocates), blkmq's own headers and the
# generated <blkmq_layout.h>. Quoted and computed includes are rejected too: each include must
# say which of these it is.
#
# EXPECT_REJECTED, for the check's own test: pass only if exactly these includes are
# rejected.

cmake_minimum_required(VERSION 3.25)

set(allowed_standard
    cstddef
    cstdint
    type_traits
    concepts
    utility
    new
    compare
    limits
    bit
    array
    span
    optional)

file(GLOB_RECURSE headers ${INCLUDE_DIR}/blkmq/*)
list(SORT headers)
set(rejected)
set(report "")
foreach(header IN LISTS headers)
  file(STRINGS ${header} includes REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS includes)
    if(line MATCHES "^[ \t]*#[ \t]*include[ \t]*<([^>]+)>")
      set(name ${CMAKE_MATCH_1})
      set(spelled "<${name}>")
      if(name IN_LIST allowed_standard OR name STREQUAL "blkmq_layout.h")
        continue()
      endif()
      if(name MATCHES "^blkmq/" AND EXISTS ${INCLUDE_DIR}/${name})
        continue()
      endif()
    else()
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*" "" spelled "${line}")
    endif()
    list(APPEND rejected "${spelled}")
    string(APPEND report "\n  ${header}: ${spelled}")
  endforeach()
endforeach()

if(DEFINED EXPECT_REJECTED)
  string(REPLACE "|" ";" expected "${EXPECT_REJECTED}")
  list(SORT expected)
  list(SORT rejected)
  if(NOT rejected STREQUAL expected)
    message(FATAL_ERROR "rejected [${rejected}], expected [${expected}]:${report}")
  endif()
  message(STATUS "rejected exactly [${rejected}]")
elseif(rejected)
  message(FATAL_ERROR "headers include what a kernel module cannot use (allowed: ${allowed_standard}, "
                      "<blkmq/...>, <blkmq_layout.h>):${report}")
endif()
