#!/usr/bin/python3
"""Python client speed against its floors, measured in one run:

1. step round trip p50 of ``RemoteEnv.step`` (NAS-Bench-201, a table lookup; timed: the step,
   including the client's encode/decode) vs a raw pyzmq DEALER round trip to a C++ ROUTER echo
   of a message the size of the step reply (the transport floor). Target ratio <= 1.2.
2. ``make_vec(64)`` env steps per second (next-step autoreset) vs an in-process C++
   ``sync_vector_env`` of 64 type-erased NB201 envs (``bridge_bench --vec-inprocess``).
   Target ratio >= 0.8.

Usage: /usr/bin/python3 benchmarks/bridge_python_bench.py [--build BUILD_DIR] [--rounds N] [--vec-steps N]
Needs the `dsegym` and `bridge_bench` targets built and the NB201 data (DSEGYM_DATA_DIR or ../shared/data).
Medians on a shared 2-core machine vary between runs; the ratios are what to compare.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import msgpack
import numpy as np
import zmq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bridge" / "python"))

import dsegym  # noqa: E402

NB201 = "nas/NB201-v0"


def wait_ping(endpoint: str, proc: subprocess.Popen) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            with dsegym.Connection(endpoint, timeout=0.5) as c:
                c.request("ping")
            return
        except dsegym.ServerTimeout:
            time.sleep(0.05)
    raise SystemExit("server did not start")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=str(ROOT / "build"))
    ap.add_argument("--rounds", type=int, default=4000, help="timed step and echo round trips (each)")
    ap.add_argument("--vec-steps", type=int, default=400, help="timed make_vec(64) steps")
    a = ap.parse_args()
    build = Path(a.build)
    if "DSEGYM_DATA_DIR" not in os.environ and (ROOT.parent / "shared" / "data").is_dir():
        os.environ["DSEGYM_DATA_DIR"] = str(ROOT.parent / "shared" / "data")
    tmp = Path(tempfile.mkdtemp(prefix="dsegym_pybench_"))
    server_ep, echo_ep = f"ipc://{tmp}/bridge.sock", f"ipc://{tmp}/echo.sock"
    server = subprocess.Popen([str(build / "dsegym"), "serve", "--bind", server_ep, "--log-level", "error"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    echo = subprocess.Popen([str(build / "benchmarks" / "bridge_bench"), "--echo", echo_ep],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_ping(server_ep, server)
        assert echo.stdout is not None and echo.stdout.readline().strip() == "ready"
        env = dsegym.make(NB201, server_ep, latency="none")
        rng = np.random.default_rng(1)
        actions = [rng.integers(0, 5, size=6) for _ in range(1024)]
        env.reset(seed=0)
        obs, *_ = env.step(actions[0])
        reply_size = len(msgpack.packb({"type": "ok", "id": 1, "observation": obs.tolist(), "reward": 0.5,
                                        "terminated": True, "truncated": False,
                                        "info": env.connection.request("step_batch", steps=[
                                            {"session": env.session, "reset": True},
                                            {"session": env.session, "action": actions[0].tolist()}])
                                        ["results"][1]["info"]}))
        sock = zmq.Context.instance().socket(zmq.DEALER)
        sock.setsockopt(zmq.LINGER, 0)
        sock.connect(echo_ep)
        payload = b"x" * reply_size
        step_rt: list[float] = []
        echo_rt: list[float] = []
        block = 200
        for b in range(-1, a.rounds // block):  # interleaved blocks; block -1 is warm-up
            for i in range(block):
                env.reset()
                t0 = time.perf_counter()
                env.step(actions[i & 1023])
                dt = time.perf_counter() - t0
                if b >= 0:
                    step_rt.append(dt)
            for i in range(block):
                t0 = time.perf_counter()
                sock.send(payload)
                sock.recv()
                dt = time.perf_counter() - t0
                if b >= 0:
                    echo_rt.append(dt)
        sock.send(b"quit")
        env.close()

        venv = dsegym.make_vec(NB201, 64, server_ep, latency="none")
        batches = [np.stack([actions[(k * 64 + i) & 1023] for i in range(64)]) for k in range(64)]
        venv.reset(seed=0)
        for k in range(20):
            venv.step(batches[k & 63])
        t0 = time.perf_counter()
        for k in range(a.vec_steps):
            venv.step(batches[k & 63])
        vec_rate = a.vec_steps * 64 / (time.perf_counter() - t0)
        venv.close()
        local = subprocess.run([str(build / "benchmarks" / "bridge_bench"), "--vec-inprocess", "64",
                                str(a.vec_steps * 4)], capture_output=True, text=True, check=True)
        local_rate = float(local.stdout.strip().splitlines()[-1])

        p50_step, p50_echo = float(np.median(step_rt)) * 1e6, float(np.median(echo_rt)) * 1e6
        p99_step, p99_echo = float(np.percentile(step_rt, 99)) * 1e6, float(np.percentile(echo_rt, 99)) * 1e6
        print(f"{'measurement':<52} {'p50 / rate':>12} {'p99':>10}")
        print(f"{'raw pyzmq echo round trip, ' + str(reply_size) + ' B (floor)':<52} {p50_echo:9.1f} us {p99_echo:7.1f} us")
        print(f"{'RemoteEnv.step round trip (NB201)':<52} {p50_step:9.1f} us {p99_step:7.1f} us")
        r1 = p50_step / p50_echo
        print(f"{'  ratio step / echo (target <= 1.2)':<52} {r1:10.2f}x   {'OK' if r1 <= 1.2 else 'MISSED'}")
        print(f"{'in-process sync_vector_env(64), env steps':<52} {local_rate:9.0f} /s")
        print(f"{'make_vec(64) over the bridge, env steps':<52} {vec_rate:9.0f} /s")
        r2 = vec_rate / local_rate
        print(f"{'  ratio make_vec / in-process (target >= 0.8)':<52} {r2:10.2f}x   {'OK' if r2 >= 0.8 else 'MISSED'}")
        return 0
    finally:
        for p in (server, echo):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()


if __name__ == "__main__":
    sys.exit(main())
