#!/usr/bin/env python3
"""Training throughput of the sim/nn trainer against PyTorch on the same models, batch and loop.

Models (both sides): MLP 784-256-10 (ReLU) and a small CNN (conv3x3 1->16 pad 1, ReLU, conv3x3
16->32 stride 2 pad 1, ReLU, global average pool, linear 32->10) on synthetic 28x28 images, batch
128, softmax cross-entropy, SGD with momentum 0.9. The C++ side is benchmarks/nn_train_rate.

Fair baseline: PyTorch's GEMMs use OpenBLAS (libopenblas0-pthread, put first on LD_LIBRARY_PATH by
this script when installed) and both sides get the same malloc settings (MALLOC_MMAP_THRESHOLD_,
MALLOC_TRIM_THRESHOLD_), so neither is page-fault bound. Rounds alternate between the two sides and
the medians are reported; rates are per CPU-second of the measuring process (robust on a shared
machine) with wall-clock rates alongside.

    nn_vs_torch.py BUILD_DIR [--rounds N] [--seconds S] [--threads 1,2]
Skips with one line when PyTorch is not installed.
"""
import argparse
import os
import statistics
import subprocess
import sys

MALLOC_ENV = {"MALLOC_MMAP_THRESHOLD_": "1073741824", "MALLOC_TRIM_THRESHOLD_": "1073741824"}
OPENBLAS_DIR = "/usr/lib/x86_64-linux-gnu/openblas-pthread"


def torch_worker(model, seconds, threads, batch):
    import time
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    nn = torch.nn
    if model == "mlp":
        net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    else:
        net = nn.Sequential(nn.Conv2d(1, 16, 3, 1, 1), nn.ReLU(), nn.Conv2d(16, 32, 3, 2, 1),
                            nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    xs = [torch.randn(batch, 1, 28, 28) for _ in range(8)]
    ys = [torch.arange(b * batch, (b + 1) * batch) % 10 for b in range(8)]
    loss_fn = nn.CrossEntropyLoss()

    def step(b):
        opt.zero_grad(set_to_none=False)
        loss = loss_fn(net(xs[b % 8]), ys[b % 8])
        loss.backward()
        opt.step()

    for b in range(3):
        step(b)
    images, b = 0, 0
    w0, c0 = time.perf_counter(), time.process_time()
    while time.perf_counter() - w0 < seconds:
        step(b)
        b += 1
        images += batch
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    print(f"{images / wall:.1f} {images / cpu * threads:.1f}")


def run(cmd, env):
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=1.5)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        torch_worker(a.worker[0], a.seconds, int(a.worker[1]), int(a.worker[2]))
        return
    try:
        import torch  # noqa: F401
    except ImportError:
        print("nn_vs_torch: skipped, PyTorch is not installed (Debian package python3-torch)")
        return
    env = dict(os.environ, **MALLOC_ENV)
    blas = "reference BLAS"
    if os.path.isdir(OPENBLAS_DIR):
        env["LD_LIBRARY_PATH"] = OPENBLAS_DIR + ":" + env.get("LD_LIBRARY_PATH", "")
        blas = "OpenBLAS"
    exe = os.path.join(a.build_dir, "benchmarks", "nn_train_rate")
    threads = [int(t) for t in a.threads.split(",")]
    print(f"PyTorch {torch.__version__} ({blas}); {a.rounds} alternating rounds of {a.seconds} s; "
          "images/s per CPU-second, x threads for PyTorch (wall-clock in brackets);\n"
          "dsegym trains on one thread (deterministic by design); ratio = dsegym / PyTorch, of CPU-time\n"
          "rates with one PyTorch thread and of wall-clock rates with more")
    print(f"{'model':6s} {'torch threads':>13s} {'dsegym img/s':>22s} {'PyTorch img/s':>22s} "
          f"{'ratio':>7s} {'ratio range':>13s}")
    for model in ("mlp", "cnn"):
        for t in threads:
            ours, ref = [], []
            isa = "?"
            for _ in range(a.rounds):
                p = subprocess.run([exe, model, str(a.seconds)], env=env, check=True,
                                   capture_output=True, text=True).stdout.split()
                ours.append((float(p[1]), float(p[2])))
                isa = p[3]
                tenv = dict(env, OPENBLAS_NUM_THREADS=str(t), OMP_NUM_THREADS=str(t))
                ref.append(run([sys.executable, __file__, a.build_dir, "--seconds", str(a.seconds),
                                "--worker", model, str(t), "128"], tenv))
            # One PyTorch thread: CPU-time rates (robust to other load). More threads: wall-clock
            # rates, since an OpenMP runtime's spin-waiting inflates CPU time on a busy machine.
            col = 1 if t == 1 else 0
            r = [o[col] / q[col] for o, q in zip(ours, ref)]
            print(f"{model:6s} {t:13d} {statistics.median(o[1] for o in ours):12.0f} "
                  f"({statistics.median(o[0] for o in ours):7.0f}) "
                  f"{statistics.median(q[1] for q in ref):12.0f} ({statistics.median(q[0] for q in ref):7.0f}) "
                  f"{statistics.median(r):7.2f} {min(r):6.2f}-{max(r):<6.2f} [{isa}]")


if __name__ == "__main__":
    main()
