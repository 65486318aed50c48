#!/usr/bin/env bash
# Installs what is missing, builds the dsegym program (only it: tests are built by test.sh) and
# runs the main job: the default leaderboard.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash tools/install-deps.sh
DSEGYM_BUILD_TARGETS=dsegym_cli bash tools/build.sh
# The default leaderboard: every built-in env's task suite x every agent x 5 seeds. It needs no
# external data (NAS-Bench-201's table is built in), so it gives the same results on every machine.
# Finished runs are kept, so re-running resumes; use a new --out for a fresh leaderboard.
./build/dsegym leaderboard run --out results/leaderboard --seeds 5 "$@"
