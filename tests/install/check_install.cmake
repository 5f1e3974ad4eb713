# SPDX-License-Identifier: MIT
# Run by ctest as a script. Installs this build (shared libraries by default), builds the
# consumers outside the tree against it with find_package(fbmmap) and with a plain compiler
# call taking `pkg-config --cflags --libs` (no --static), and runs them; then builds the two
# libraries static (-DBUILD_SHARED_LIBS=OFF), installs them into a second prefix and does the
# same with `pkg-config --static`. Every consumer must run headless and print its "ok" line.
cmake_policy(VERSION 3.20)
file(REMOVE_RECURSE ${FB_SCRATCH})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "failed (${result}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

function(expect_output program pattern)
  run(${program})
  if(NOT last_output MATCHES "${pattern}")
    message(FATAL_ERROR "${program} printed: ${last_output}")
  endif()
endfunction()

set(fb_ok "consumer ok 16x8 xrgb8888 centre ff336699")
set(compositor_ok "compositor consumer ok 2x workers")

# Whether `program` loads libfbmmap dynamically (its NEEDED entries).
function(check_linkage program want_shared)
  run(readelf -d ${program})
  string(FIND "${last_output}" "libfbmmap" at)
  if(want_shared AND at EQUAL -1)
    message(FATAL_ERROR "${program} does not load libfbmmap:\n${last_output}")
  elseif(NOT want_shared AND NOT at EQUAL -1)
    message(FATAL_ERROR "${program} was to be linked statically:\n${last_output}")
  endif()
endfunction()

# The dynamic symbols `library` (in ${prefix}/lib) defines: none matching `internal`, and
# `public` among them.
function(check_exports library internal public)
  run(nm -DC --defined-only ${prefix}/lib/${library})
  if(last_output MATCHES "${internal}")
    message(FATAL_ERROR "${library} exports internal symbols (${internal})")
  endif()
  if(NOT last_output MATCHES "${public}")
    message(FATAL_ERROR "${library} does not export ${public}")
  endif()
endfunction()

# Builds and runs the consumers against `prefix`: CMake package and pkg-config.
function(check_prefix prefix kind pc_flags)
  set(shared OFF)
  if(kind STREQUAL "shared")
    set(shared ON)
  endif()
  set(dir ${FB_SCRATCH}/${kind})
  run(${CMAKE_COMMAND} -S ${FB_CONSUMER_SOURCE} -B ${dir}/with-cmake -DCMAKE_PREFIX_PATH=${prefix})
  run(${CMAKE_COMMAND} --build ${dir}/with-cmake)
  expect_output(${dir}/with-cmake/fb_consumer "${fb_ok}")
  expect_output(${dir}/with-cmake/fb_compositor_consumer "${compositor_ok}")
  check_linkage(${dir}/with-cmake/fb_compositor_consumer ${shared})

  # pkg-config, with a plain compiler call as an application's Makefile would make it.
  set(ENV{PKG_CONFIG_PATH} ${prefix}/lib/pkgconfig)
  set(ENV{LD_LIBRARY_PATH} ${prefix}/lib)
  foreach(pair "fbmmap:consumer:fb_ok" "fbmmap-compositor:compositor_consumer:compositor_ok")
    string(REPLACE ":" ";" pair "${pair}")
    list(GET pair 0 package)
    list(GET pair 1 source)
    list(GET pair 2 expected)
    run(pkg-config --cflags --libs ${pc_flags} ${package})
    string(STRIP "${last_output}" flags)
    separate_arguments(flags UNIX_COMMAND "${flags}")
    run(c++ ${FB_CONSUMER_SOURCE}/${source}.cpp -o ${dir}/${source}_pc ${flags})
    expect_output(${dir}/${source}_pc "${${expected}}")
    check_linkage(${dir}/${source}_pc ${shared})
  endforeach()
  unset(ENV{LD_LIBRARY_PATH})
endfunction()

# 1. This build, as installed (shared unless it was configured with BUILD_SHARED_LIBS=OFF).
set(prefix ${FB_SCRATCH}/prefix)
run(${CMAKE_COMMAND} --install ${FB_BUILD_DIR} --prefix ${prefix})
set(files include/fb/fb.hpp include/fb/compositor/compositor.hpp lib/pkgconfig/fbmmap.pc
          lib/pkgconfig/fbmmap-compositor.pc lib/cmake/fbmmap/fbmmapConfig.cmake
          bin/fb-info bin/fb-frame-bench bin/fbdemo-dashboard share/doc/fbmmap/README.md
          src/fbmmap-${FB_VERSION}/dkms.conf src/fbmmap-${FB_VERSION}/fbmmap_main.c)
if(FB_SHARED)
  list(APPEND files lib/libfbmmap.so lib/libfbmmap-compositor.so)
else()
  list(APPEND files lib/libfbmmap.a lib/libfbmmap-compositor.a)
endif()
foreach(file ${files})
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "install is missing ${file}")
  endif()
endforeach()
# DKMS builds the module source under the version its dkms.conf names.
file(READ ${prefix}/src/fbmmap-${FB_VERSION}/dkms.conf dkms_conf)
if(NOT dkms_conf MATCHES "PACKAGE_VERSION=\"${FB_VERSION}\"")
  message(FATAL_ERROR "dkms.conf's PACKAGE_VERSION is not ${FB_VERSION}:\n${dkms_conf}")
endif()
if(FB_SHARED)
  # Only the public API leaves the shared libraries: no raster kernels, no internal helpers.
  check_exports(libfbmmap.so "fb::raster::|fb::detail::" "fb::open_display")
  check_exports(libfbmmap-compositor.so "compositor_detail::" "fb::Renderer::render")
  run(readelf -d ${prefix}/lib/libfbmmap.so)
  if(NOT last_output MATCHES "SONAME.*libfbmmap\\.so\\.[0-9]+\\.[0-9]+")
    message(FATAL_ERROR "libfbmmap.so has no versioned SONAME:\n${last_output}")
  endif()
  check_prefix(${prefix} shared "")
else()
  check_prefix(${prefix} static "--static")
endif()

# 2. The libraries alone, static, and the consumers linked with pkg-config --static.
if(FB_SHARED)
  set(static_prefix ${FB_SCRATCH}/static-prefix)
  run(${CMAKE_COMMAND} -S ${FB_SOURCE_DIR} -B ${FB_SCRATCH}/static-build -DBUILD_SHARED_LIBS=OFF
      -DFB_LIBRARIES_ONLY=ON -DFB_WITH_DRM=${FB_WITH_DRM})
  run(${CMAKE_COMMAND} --build ${FB_SCRATCH}/static-build -j 2)
  run(${CMAKE_COMMAND} --install ${FB_SCRATCH}/static-build --prefix ${static_prefix})
  check_prefix(${static_prefix} static "--static")
endif()
message(STATUS "installed fbmmap works with find_package and pkg-config, shared and static")
