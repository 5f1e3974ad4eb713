# SPDX-License-Identifier: MIT
# Cross-builds fbmmap's user space for the vexpress-a9 board (Cortex-A9, armhf) with Debian's
# arm-linux-gnueabihf-gcc against the sysroot board/vexpress-a9/armhf-sysroot.sh prints:
#   cmake -S . -B build/armhf -DCMAKE_TOOLCHAIN_FILE=board/vexpress-a9/armhf-toolchain.cmake \
#         -DFB_ARMHF_SYSROOT=$(board/vexpress-a9/armhf-sysroot.sh) -DFB_WITH_SDL=OFF ...
# (or FB_ARMHF_SYSROOT in the environment). board/vexpress-a9/build-userspace.sh does all that.
#
# The compiler gets --sysroot: it keeps its own C library and libstdc++ (found relative to its
# install prefix) and takes the libraries from the sysroot; armhf-sysroot.sh says why.
set(CMAKE_SYSTEM_NAME Linux)
# "arm*" selects the 32-bit ARM branch of libfb/src/raster: NEON kernels in their own file,
# chosen at run time from AT_HWCAP.
set(CMAKE_SYSTEM_PROCESSOR armv7l)
set(CMAKE_C_COMPILER arm-linux-gnueabihf-gcc)
set(CMAKE_CXX_COMPILER arm-linux-gnueabihf-g++)

set(FB_ARMHF_SYSROOT "$ENV{FB_ARMHF_SYSROOT}" CACHE PATH
    "armhf sysroot (the last line board/vexpress-a9/armhf-sysroot.sh prints)")
if(NOT FB_ARMHF_SYSROOT OR NOT EXISTS "${FB_ARMHF_SYSROOT}/usr/include/cairo/cairo.h")
  message(FATAL_ERROR "armhf-toolchain: FB_ARMHF_SYSROOT='${FB_ARMHF_SYSROOT}' is not an armhf "
                      "sysroot with Cairo; pass -DFB_ARMHF_SYSROOT=$(board/vexpress-a9/armhf-sysroot.sh)")
endif()
# try_compile() projects read this file again: hand them the sysroot too.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES FB_ARMHF_SYSROOT)
set(CMAKE_SYSROOT "${FB_ARMHF_SYSROOT}")

# Debian's armhf baseline is armv7-a with VFPv3-D16 and no NEON: the whole tree is built for it
# (scheduled for the A9); only neon_kernels.cpp adds -mfpu=neon
# (libfb/src/raster/row_kernel_sources.cmake), which comes later on its command line and wins.
# -mfpu must be explicit: -mcpu=cortex-a9 alone means -mfpu=auto, i.e. the A9's NEON, and GCC
# would vectorise any file with NEON.
set(CMAKE_C_FLAGS_INIT "-mcpu=cortex-a9 -mfpu=vfpv3-d16 -mfloat-abi=hard")
set(CMAKE_CXX_FLAGS_INIT "-mcpu=cortex-a9 -mfpu=vfpv3-d16 -mfloat-abi=hard")

# The linker looks for the libraries that shared libraries need (libpng16 needs libm.so.6) in
# the sysroot's directories, and the C library is in the toolchain's: tell it where that is.
execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libc.so.6
                OUTPUT_VARIABLE _fb_armhf_libc OUTPUT_STRIP_TRAILING_WHITESPACE)
get_filename_component(_fb_armhf_libdir "${_fb_armhf_libc}" DIRECTORY)
get_filename_component(_fb_armhf_libdir "${_fb_armhf_libdir}" REALPATH)
if(NOT EXISTS "${_fb_armhf_libdir}/libc.so.6")
  message(FATAL_ERROR "armhf-toolchain: ${CMAKE_C_COMPILER} has no libc.so.6 (libc6-dev-armhf-cross)")
endif()
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,-rpath-link,${_fb_armhf_libdir}")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-Wl,-rpath-link,${_fb_armhf_libdir}")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-Wl,-rpath-link,${_fb_armhf_libdir}")

# Libraries, headers and CMake packages from the sysroot only; programs (pkg-config) from the host.
set(CMAKE_FIND_ROOT_PATH "${FB_ARMHF_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config sees the sysroot's .pc files and nothing of the host's (PKG_CONFIG_LIBDIR replaces
# the default search path, PKG_CONFIG_PATH would add to it), and prefixes what they say with the
# sysroot. The environment set here lasts for the configure run, which is when it is used.
set(ENV{PKG_CONFIG_LIBDIR}
    "${FB_ARMHF_SYSROOT}/usr/lib/arm-linux-gnueabihf/pkgconfig:${FB_ARMHF_SYSROOT}/usr/lib/pkgconfig:${FB_ARMHF_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${FB_ARMHF_SYSROOT}")
unset(ENV{PKG_CONFIG_PATH})
