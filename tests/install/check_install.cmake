# SPDX-License-Identifier: MIT
# Run by ctest as a script: install, then configure, build and run the consumer both ways.
file(REMOVE_RECURSE ${FB_SCRATCH})
set(prefix ${FB_SCRATCH}/prefix)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "failed (${result}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${FB_BUILD_DIR} --prefix ${prefix})
foreach(file include/fb/fb.hpp lib/pkgconfig/fbmmap.pc lib/cmake/fbmmap/fbmmapConfig.cmake)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "install is missing ${file}")
  endif()
endforeach()

# 1. CMake package.
run(${CMAKE_COMMAND} -S ${FB_CONSUMER_SOURCE} -B ${FB_SCRATCH}/with-cmake
    -DCMAKE_PREFIX_PATH=${prefix})
run(${CMAKE_COMMAND} --build ${FB_SCRATCH}/with-cmake)
run(${FB_SCRATCH}/with-cmake/fb_consumer)
if(NOT last_output MATCHES "consumer ok 16x8 xrgb8888 centre ff336699")
  message(FATAL_ERROR "consumer (cmake) printed: ${last_output}")
endif()

# 2. pkg-config, with a plain compiler call as an application's Makefile would make it.
set(ENV{PKG_CONFIG_PATH} ${prefix}/lib/pkgconfig)
run(pkg-config --cflags --libs --static fbmmap)
string(STRIP "${last_output}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
run(c++ ${FB_CONSUMER_SOURCE}/consumer.cpp -o ${FB_SCRATCH}/fb_consumer_pc ${flags})
run(${FB_SCRATCH}/fb_consumer_pc)
if(NOT last_output MATCHES "consumer ok 16x8 xrgb8888 centre ff336699")
  message(FATAL_ERROR "consumer (pkg-config) printed: ${last_output}")
endif()
message(STATUS "installed fbmmap works with find_package and pkg-config")
