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
echo "== agents: overhead per proposal vs the NB201 env step ==" >&2
./build/benchmarks/agents_bench --benchmark_min_time=0.2 --benchmark_format=json \
  --benchmark_out="$out/agents.json" --benchmark_out_format=json >/dev/null
"$py" benchmarks/report.py "$out/agents.json" BM_EnvStep
echo "== wall time of the default leaderboard (fresh output directory) ==" >&2
rm -rf "$out/leaderboard"
/usr/bin/time -f "default leaderboard: %e s wall, %U s user" ./build/dsegym leaderboard run --out "$out/leaderboard" --quiet >/dev/null
if [[ -x build/benchmarks/dram_bench ]]; then
  echo "== DRAM env: evaluations/s (steps), typed vs registry vs multi-agent ==" >&2
  ./build/benchmarks/dram_bench --benchmark_filter='DramEnv' --benchmark_min_time=0.5 \
    --benchmark_format=json --benchmark_out="$out/dram_env.json" --benchmark_out_format=json >/dev/null
  "$py" benchmarks/report.py "$out/dram_env.json" BM_DramEnvTypedStep
  echo "== DRAM simulator: requests/s ==" >&2
  ./build/benchmarks/dram_bench --benchmark_filter='^(shared_trace|generated|parse_trace)' \
    --benchmark_min_time=0.5 --benchmark_format=json --benchmark_out="$out/dram_sim.json" \
    --benchmark_out_format=json >/dev/null
  # report.py reads rates from "steps" or ns times; these report requests/s in a counter.
  "$py" - "$out/dram_sim.json" <<'PY'
import json, sys
runs = [b for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("run_type") != "aggregate"]
base = next((b for b in runs if b["name"] == "shared_trace/random"), runs[0])
print(f"{'benchmark':40s} {'requests/s':>14s} {'ratio vs ' + base['name']:>30s}")
for b in runs:
    print(f"{b['name']:40s} {b['requests']:14.4g} {b['requests'] / base['requests']:30.3f}")
PY
fi
if [[ -x build/benchmarks/llmsys_bench ]]; then
  echo "== LLM inference stacking: simulated questions/s, 10 generators x 5 samples + fusion 8/4/1 ==" >&2
  ./build/benchmarks/llmsys_bench --benchmark_filter='LargeStack' --benchmark_min_time=0.5 \
    --benchmark_format=json --benchmark_out="$out/llmsys_sim.json" --benchmark_out_format=json >/dev/null
  "$py" - "$out/llmsys_sim.json" <<'PY'
import json, sys
runs = [b for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("run_type") != "aggregate"]
print(f"{'benchmark':40s} {'questions/s':>14s} {'ms per evaluation':>20s}")
for b in runs:
    print(f"{b['name']:40s} {b['questions']:14.4g} {1e3 * b['questions_per_eval'] / b['questions']:20.2f}")
PY
  echo "== llm/InferenceStack-v0: evaluations/s (steps), typed vs registry one-shot vs sequential ==" >&2
  ./build/benchmarks/llmsys_bench --benchmark_filter='OneShot|Sequential' --benchmark_min_time=0.5 \
    --benchmark_format=json --benchmark_out="$out/llmsys_env.json" --benchmark_out_format=json >/dev/null
  "$py" benchmarks/report.py "$out/llmsys_env.json" BM_TypedOneShotStep
fi
echo "== quantum: gate time vs an in-place stream of the state (vs_stream), circuit evaluations ==" >&2
./build/benchmarks/quantum_bench --benchmark_min_time=0.2
if [[ -x build/benchmarks/soc_accel_bench ]]; then
  echo "== hw/SoC-v1, hw/Accelerator-v0, NB201 hardware=eyeriss: evaluations/s (steps) ==" >&2
  ./build/benchmarks/soc_accel_bench --benchmark_filter='Env' --benchmark_min_time=0.5 \
    --benchmark_format=json --benchmark_out="$out/soc_accel_env.json" --benchmark_out_format=json >/dev/null
  "$py" benchmarks/report.py "$out/soc_accel_env.json" BM_SocEnvTypedStep
  echo "== SoC simulator and accelerator cost model: evaluations/s ==" >&2
  ./build/benchmarks/soc_accel_bench --benchmark_filter='^(soc_|accel_)' --benchmark_min_time=0.5 \
    --benchmark_format=json --benchmark_out="$out/soc_accel_sim.json" --benchmark_out_format=json >/dev/null
  "$py" benchmarks/report.py "$out/soc_accel_sim.json"
fi
echo "== AIG engine vs berkeley-abc on EPFL designs (QoR and time ratios) ==" >&2
./build/benchmarks/aig_bench
echo "== NN trainer: training throughput ==" >&2
./build/benchmarks/nn_bench --benchmark_min_time=0.2
echo "== performance table: NN trainer vs PyTorch, state-vector gates vs stream, BO per proposal ==" >&2
"$py" benchmarks/perf_table.py build
