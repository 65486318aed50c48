#!/usr/bin/env python3
"""One table of the performance figures with their same-run references (tools/bench.sh prints it).

    perf_table.py BUILD_DIR [--quick]

Rows: sim/nn training images/s against PyTorch (benchmarks/nn_vs_torch.py: MLP and small CNN,
PyTorch on 1 and 2 threads); state-vector gates against an in-place stream of the same buffer at
n = 20, 22, 24 on the outer, middle and inner wires, and ns per gate of a 20-gate circuit at n = 4
(benchmarks/quantum_bench); Bayesian optimisation's µs per proposal against the number of
evaluations it has seen, next to one NB201 env step (benchmarks/agents_bench). Every ratio is
measured in the same command; repeated runs on a shared machine vary by 10-30 %.
"""
import json
import os
import statistics
import subprocess
import sys


def gbench(exe, flt, extra=(), env=None):
    out = subprocess.run([exe, f"--benchmark_filter={flt}", "--benchmark_format=json", *extra],
                         check=True, capture_output=True, text=True, env=env).stdout
    return [b for b in json.loads(out)["benchmarks"] if b.get("run_type") != "aggregate"]


def row(figure, rate, reference, ratio, target):
    print(f"{figure:38s} {rate:>18s} {reference:>28s} {ratio:>7s}  {target}")


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    quick = "--quick" in sys.argv
    bench = os.path.join(build, "benchmarks")
    print(f"{'figure':38s} {'rate':>18s} {'reference (same run)':>28s} {'ratio':>7s}  target")

    # --- NN trainer vs PyTorch
    nn = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "nn_vs_torch.py"),
                         build, "--rounds", "3" if quick else "5", "--seconds", "1"],
                        capture_output=True, text=True)
    lines = nn.stdout.splitlines()
    if any("skipped" in line for line in lines) or nn.returncode != 0:
        row("nn training vs PyTorch", "-", "-", "-", (lines or [nn.stderr.strip()])[-1])
    else:
        for line in lines:
            f = line.replace("(", " ").replace(")", " ").split()
            if f and f[0] in ("mlp", "cnn"):
                name = "MLP 784-256-10" if f[0] == "mlp" else "small CNN"
                c = 2 if f[1] == "1" else 3  # CPU-time rates for one thread, wall-clock for more
                row(f"nn train {name}, torch {f[1]} thr", f"{float(f[c]):.0f} img/s",
                    f"PyTorch {float(f[c + 2]):.0f} img/s", f[6],
                    ">= 1.0 (range " + f[7] + (", CPU time" if c == 2 else ", wall clock") + ")")

    # --- state vector
    q = os.path.join(bench, "quantum_bench")
    if os.path.exists(q):
        runs = gbench(q, "Gate(RX|H|X|RZ|CNOT)/", ["--benchmark_min_time=0.1"])
        by_n = {}
        for b in runs:
            name, n, wire = b["name"].split("/")[:3]
            gate = name.replace("BM_Gate", "")
            n, wire = int(n), int(wire)
            where = "outer" if wire == 0 else "inner" if wire == n - 1 else "middle"
            by_n.setdefault((gate, where), []).append((n, wire, b["vs_stream"], b["GBps"], b["stream_GBps"]))
        for (gate, where), vals in sorted(by_n.items()):
            worst = min(vals, key=lambda v: v[2])
            target = ">= 0.8" if gate == "CNOT" else ">= 0.9"
            row(f"qsim {gate} {where} wire, worst n={worst[0]} w={worst[1]}", f"{worst[3]:.1f} GB/s",
                f"stream {worst[4]:.1f} GB/s", f"{worst[2]:.2f}",
                f"{target} (all: " + " ".join(f"{v[2]:.2f}" for v in sorted(vals)) + ")")
        small = gbench(q, "SmallCircuit/4$", ["--benchmark_min_time=0.2"])[0]
        row("qsim 20-gate circuit, n = 4", f"{small['s_per_gate'] * 1e9:.1f} ns/gate", "-", "-",
            "<= 30 ns/gate")

    # --- Bayesian optimisation
    a = os.path.join(bench, "agents_bench")
    if os.path.exists(a):
        env = dict(os.environ)
        env.setdefault("DSEGYM_DATA_DIR", os.path.join(os.path.dirname(os.path.abspath(build)), "..", "shared", "data"))
        try:
            runs = gbench(a, "BayesianOptimizationAt|BM_EnvStep$", env=env)
            step = next(b for b in runs if b["name"] == "BM_EnvStep")["cpu_time"]
            for b in runs:
                if "At/" in b["name"]:
                    us = b["cpu_time"] / (1e3 if b["time_unit"] == "ns" else 1)
                    row(f"BO propose+observe @ {int(b['evaluations'])} evals", f"{us:.0f} us",
                        f"NB201 env step {step / 1e3:.2f} us", f"{us / (step / 1e3):.0f}",
                        "<= 10 % of env time")
        except (subprocess.CalledProcessError, StopIteration, KeyError) as e:
            row("BO per proposal", "-", "-", "-", f"skipped ({type(e).__name__}; needs NB201 data)")


if __name__ == "__main__":
    main()
