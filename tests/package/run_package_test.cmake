# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Installs the build tree BUILD_DIR into a fresh prefix under WORK_DIR, checks what was
# installed, then configures, builds and runs the consumer project against that prefix alone.

cmake_minimum_required(VERSION 3.25)

set(prefix ${WORK_DIR}/prefix)
set(consumer_build ${WORK_DIR}/consumer)
file(REMOVE_RECURSE ${WORK_DIR})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "failed (${result}): ${command}")
  endif()
endfunction()

set(config_args)
if(CONFIG)
  set(config_args --config ${CONFIG})
endif()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} ${config_args})

set(expected include/blkmq/blkmq.hpp include/blkmq/sys.h include/blkmq/detail/thunks.hpp
             share/cmake/blkmq/blkmqConfig.cmake share/cmake/blkmq/blkmqConfigVersion.cmake)
if(EXISTS ${SOURCE_DIR}/kernel)
  list(APPEND expected share/blkmq/kernel)
endif()
foreach(file IN LISTS expected)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "not installed: ${file}")
  endif()
endforeach()
# The layout header belongs to whoever builds against a kernel (or the model): installing the
# model's would let a module build pick up userspace offsets.
file(GLOB_RECURSE layout_headers ${prefix}/*blkmq_layout.h)
if(layout_headers)
  message(FATAL_ERROR "installed, but must not be: ${layout_headers}")
endif()

run(${CMAKE_COMMAND}
    -S ${CONSUMER_DIR}
    -B ${consumer_build}
    -G ${GENERATOR}
    -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
    -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    -DBLKMQ_LAYOUT_INCLUDE_DIR=${LAYOUT_INCLUDE_DIR}
    -DBLKMQ_EXPECTED_VERSION=${VERSION}
    -DBLKMQ_EXPECTED_PREFIX=${prefix})
run(${CMAKE_COMMAND} --build ${consumer_build} ${config_args})
run(${CMAKE_CTEST_COMMAND} --test-dir ${consumer_build} --output-on-failure ${config_args})
