# SPDX-License-Identifier: MIT
# Sourced by run-tests.sh and run-main.sh: every compile of theirs, the nested builds included
# (the board's user space, the fuzz targets, the install and packaging tests), goes through
# ccache, whose cache lives beside the board kernel's, outside the checkout. A fresh clone of
# the same tree then rebuilds from the cache. CMake takes the launchers from the environment
# when a build directory is configured. FB_NO_COMPILER_CACHE=1 turns it off.
if [[ "${FB_NO_COMPILER_CACHE:-0}" != 1 ]] && command -v ccache >/dev/null; then
  fb_cache_home=${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}
  export CCACHE_DIR=${CCACHE_DIR:-${FBMMAP_CACHE:-${XDG_CACHE_HOME:-$fb_cache_home/.cache}/fbmmap}/ccache}
  # Paths below the checkout are hashed relative to it, and the build directory is left out
  # of the hash, so clones at other paths hit the same entries (their debug info then names
  # the first clone's directories, which nothing here reads).
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
  export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}
  export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-4G}
  export CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache
  unset fb_cache_home
fi
