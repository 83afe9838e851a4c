# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# cmake -DCLANG_FORMAT=<clang-format> -DSOURCE_DIR=<repository> -DBINARY_DIR=<build> -P check_format.cmake
#
# Every C and C++ file of the repository must be formatted as .clang-format says. In a git
# checkout that is every tracked file plus every new file not ignored, so that a file fails
# before it is committed; elsewhere (a source tarball) every file under the source tree.
# Either way not the files a build tree inside the source tree generates.

cmake_minimum_required(VERSION 3.25)

set(patterns *.c *.h *.cpp *.hpp)

find_package(Git QUIET)
set(files)
if(GIT_FOUND AND EXISTS ${SOURCE_DIR}/.git)
  execute_process(COMMAND ${GIT_EXECUTABLE} ls-files --cached --others --exclude-standard -- ${patterns}
                  WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE listing COMMAND_ERROR_IS_FATAL ANY)
  string(REPLACE "\n" ";" listing "${listing}")
  foreach(file IN LISTS listing)
    # A file deleted but not yet staged is still listed by --cached.
    if(NOT file STREQUAL "" AND EXISTS ${SOURCE_DIR}/${file})
      list(APPEND files ${file})
    endif()
  endforeach()
else()
  list(TRANSFORM patterns PREPEND ${SOURCE_DIR}/)
  file(GLOB_RECURSE files RELATIVE ${SOURCE_DIR} ${patterns})
endif()
file(RELATIVE_PATH binary_prefix ${SOURCE_DIR} ${BINARY_DIR})
set(source_files)
foreach(file IN LISTS files)
  string(FIND "${file}" "${binary_prefix}/" at)
  if(NOT at EQUAL 0)
    list(APPEND source_files ${file})
  endif()
endforeach()
set(files ${source_files})

if(NOT files)
  message(FATAL_ERROR "no C/C++ file found under ${SOURCE_DIR}")
endif()
list(LENGTH files count)
execute_process(COMMAND ${CLANG_FORMAT} --dry-run -Werror ${files} WORKING_DIRECTORY ${SOURCE_DIR}
                RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "clang-format: files above are not formatted (fix: clang-format -i <file>)")
endif()
message(STATUS "${count} files formatted as .clang-format says")
