#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test (C++ and Python).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash tools/install-deps.sh
bash tools/build.sh
jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir build -j"$jobs" --output-on-failure --timeout 900
