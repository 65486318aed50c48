#!/usr/bin/env bash
# Configures and builds dsegym in ./build (Release). Used by main.sh and test.sh.
# Arguments go to the CMake configure step; DSEGYM_BUILD_TARGETS (space-separated) builds only
# those targets (main.sh: the dsegym program), else everything (tests, examples).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
if [[ -n "${DSEGYM_BUILD_TARGETS:-}" ]]; then
  # shellcheck disable=SC2086
  cmake --build build -j"$jobs" --target ${DSEGYM_BUILD_TARGETS}
else
  cmake --build build -j"$jobs"
fi
