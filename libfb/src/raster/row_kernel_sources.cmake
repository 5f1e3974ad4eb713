# SPDX-License-Identifier: MIT
# fb_add_row_kernels(<target>): the row kernel files this processor has beyond the scalar
# reference, each in its own translation unit with its own instruction-set flags, so that only
# the dispatcher decides at run time which one runs. On x86-64: SSE2 (the baseline, no flags),
# the SSSE3 blends (-mssse3) and AVX2 (-mavx2). On ARM: NEON (on 32-bit ARM optional, checked
# through AT_HWCAP, so only that file gets -mfpu=neon). Used by libfb and by the fuzz targets'
# own clang build: a kernel file is added here once.
function(fb_add_row_kernels target)
  set(dir ${CMAKE_CURRENT_FUNCTION_LIST_DIR})
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64|i[3-6]86)$")
    target_sources(${target} PRIVATE ${dir}/sse2_kernels.cpp ${dir}/ssse3_kernels.cpp
                                     ${dir}/avx2_kernels.cpp)
    set_source_files_properties(${dir}/ssse3_kernels.cpp TARGET_DIRECTORY ${target}
                                PROPERTIES COMPILE_OPTIONS "-mssse3")
    set_source_files_properties(${dir}/avx2_kernels.cpp TARGET_DIRECTORY ${target}
                                PROPERTIES COMPILE_OPTIONS "-mavx2")
  elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
    target_sources(${target} PRIVATE ${dir}/neon_kernels.cpp)
  elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^arm")
    target_sources(${target} PRIVATE ${dir}/neon_kernels.cpp)
    set_source_files_properties(${dir}/neon_kernels.cpp TARGET_DIRECTORY ${target}
                                PROPERTIES COMPILE_OPTIONS "-mfpu=neon")
    target_compile_definitions(${target} PRIVATE FB_RASTER_NEON=1)
  endif()
endfunction()
