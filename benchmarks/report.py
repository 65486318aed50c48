#!/usr/bin/env python3
"""Prints Google Benchmark JSON results as rates and as ratios against a baseline benchmark.

usage: report.py RESULTS.json [BASELINE_NAME]   (baseline: the first benchmark in the file)
"""
import json
import sys


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        runs = [b for b in json.load(f)["benchmarks"] if b.get("run_type") != "aggregate"]
    if not runs:
        print("no benchmark results", file=sys.stderr)
        return 1
    base_name = sys.argv[2] if len(sys.argv) > 2 else runs[0]["name"]
    base = next((b for b in runs if b["name"] == base_name), None)
    if base is None:
        print(f"baseline {base_name!r} not in results", file=sys.stderr)
        return 1
    key = "steps" if "steps" in base else None  # else: rates from real time per iteration
    scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}
    print(f"{'benchmark':40s} {'us/iteration':>14s} {'rate/s':>14s} {'rate ratio vs ' + base_name:>34s}")
    for b in runs:
        per_iter_us = b["real_time"] * scale[b.get("time_unit", "ns")]
        base_us = base["real_time"] * scale[base.get("time_unit", "ns")]
        rate = b.get(key) if key else 1e6 / per_iter_us
        base_rate = base.get(key) if key else 1e6 / base_us
        print(f"{b['name']:40s} {per_iter_us:14.3f} {rate:14.4g} {rate / base_rate:34.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
