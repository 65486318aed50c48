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
    key = "steps" if "steps" in base else None
    print(f"{'benchmark':40s} {'rate/s':>14s} {'ratio vs ' + base_name:>30s}")
    for b in runs:
        rate = b.get(key) if key else 1e9 / b["real_time"]
        base_rate = base.get(key) if key else 1e9 / base["real_time"]
        print(f"{b['name']:40s} {rate:14.4g} {rate / base_rate:30.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
