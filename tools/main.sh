#!/usr/bin/env bash
# Installs what is missing, builds dsegym and runs the main job.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash tools/install-deps.sh
bash tools/build.sh
if [[ -z "${DSEGYM_DATA_DIR:-}" && -d "$root/../shared/data/nb201" ]]; then
  export DSEGYM_DATA_DIR="$root/../shared/data"
  echo "[dsegym] DSEGYM_DATA_DIR not set; using $DSEGYM_DATA_DIR" >&2
fi
# The default leaderboard: every built-in env that can run here x every agent x 5 seeds.
# Finished runs are kept, so re-running resumes; use a new --out for a fresh leaderboard.
./build/dsegym leaderboard run --out results/leaderboard --seeds 5 "$@"
