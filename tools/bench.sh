#!/usr/bin/env bash
# Builds and runs the benchmarks; prints rates and ratios against each program's reference.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash tools/install-deps.sh
bash tools/build.sh -DDSEGYM_BUILD_BENCHMARKS=ON
py=/usr/bin/python3
out=build/bench-results
mkdir -p "$out"
echo "== NB201 env: steps/s, typed vs erased vs vector ==" >&2
./build/benchmarks/nb201_env_bench --benchmark_min_time=0.5 --benchmark_format=json \
  --benchmark_out="$out/nb201_env.json" --benchmark_out_format=json >/dev/null
"$py" benchmarks/report.py "$out/nb201_env.json" BM_TypedStep
echo "== bridge: round trip vs raw ZeroMQ echo, step_batch vs in-process ==" >&2
./build/benchmarks/bridge_bench 5000
