"""Hostile and unlucky clients: randomised frames (fuzz), memory amplification, foreign bytes in
strings, non-finite kwargs, keepalive, state of vanished clients, shutdown with queued requests,
and several clients at once. Every server here binds a Unix socket in the test's temp dir."""

import json
import math
import os
import random
import signal
import struct
import threading
import time
from pathlib import Path

import msgpack
import numpy as np
import pytest
import zmq

import dsegym
from conftest import NB201, start_server


def raw_socket(address):
    s = zmq.Context.instance().socket(zmq.DEALER)
    s.setsockopt(zmq.LINGER, 0)
    s.connect(address)
    return s


def strict_decode(data: bytes):
    """A reply must be valid MessagePack (or JSON) with valid UTF-8 strings."""
    if data[:1] == b"{":
        return json.loads(data.decode("utf-8"))
    return msgpack.unpackb(data, raw=False)


def rss_peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def fixstr_raw(b: bytes) -> bytes:
    """A MessagePack str holding arbitrary bytes (msgpack-python refuses invalid UTF-8)."""
    assert len(b) < 32
    return bytes([0xA0 | len(b)]) + b


def random_value(rng, depth=0):
    k = rng.randrange(9 if depth < 4 else 6)
    if k == 0:
        return None
    if k == 1:
        return rng.random() < 0.5
    if k == 2:
        return rng.randrange(-2**63, 2**63)
    if k == 3:
        return rng.choice([0.5, -1e308, float("nan"), float("inf"), 1e-320])
    if k == 4:
        return "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(rng.randrange(12)))
    if k == 5:
        return rng.randrange(-40, 200)
    if k == 6:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(5))]
    return {rng.choice(["type", "id", "session", "action", "env_id", "kwargs", "seed", "steps", "x"]):
            random_value(rng, depth + 1) for _ in range(rng.randrange(5))}


def test_fuzz_randomised_frames(tmp_path):
    """A few thousand random, mutated and structurally random frames: each gets a well-formed
    reply, the server keeps serving, and its memory stays bounded."""
    proc, endpoint = start_server(tmp_path, "fuzz", "--max-message-mb", "1", "--workers", "2")
    try:
        rng = random.Random(20261206)
        s = raw_socket(endpoint)
        good = [msgpack.packb({"type": "hello", "id": 1, "protocol": 1, "client": "fuzz"}),
                msgpack.packb({"type": "make", "id": 2, "env_id": NB201, "kwargs": {"latency": "none"}}),
                msgpack.packb({"type": "reset", "id": 3, "session": 1, "seed": 4}),
                msgpack.packb({"type": "step", "id": 4, "session": 1, "action": [0, 1, 2, 3, 4, 0]}),
                msgpack.packb({"type": "step_batch", "id": 5, "steps": [{"session": 1, "reset": True}]}),
                json.dumps({"type": "ping", "id": 6}).encode()]
        for g in good[:2]:
            s.send(g)
            assert s.poll(10000)
            strict_decode(s.recv())
        frames = 0
        deadline = time.time() + 90  # bound; normally a few seconds
        while frames < 3000 and time.time() < deadline:
            kind = frames % 4
            if kind == 0:
                data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
            elif kind == 1:
                data = bytearray(rng.choice(good))
                for _ in range(rng.randrange(1, 4)):
                    op = rng.randrange(3)
                    if op == 0 and data:
                        data[rng.randrange(len(data))] = rng.randrange(256)
                    elif op == 1:
                        data = data[:rng.randrange(len(data) + 1)]
                    else:
                        data.insert(rng.randrange(len(data) + 1), rng.randrange(256))
                data = bytes(data) or b"\x00"
            elif kind == 2:
                v = random_value(rng, 1)
                fields = v if isinstance(v, dict) else {}
                fields.update({"type": rng.choice(["make", "reset", "step", "step_batch", "describe", "close",
                                                   "report", "ping", "hello"]), "id": frames})
                data = msgpack.packb(fields)
            else:  # foreign bytes in strings
                data = (b"\x83" + fixstr_raw(b"type") + fixstr_raw(b"make") + fixstr_raw(b"id") + b"\x07" +
                        fixstr_raw(b"env_id") + fixstr_raw(bytes(rng.randrange(128, 256) for _ in range(5))))
            s.send(data)
            assert s.poll(10000), f"no reply to frame {frames}: {data[:40]!r}"
            reply = strict_decode(s.recv())
            assert isinstance(reply, dict) and reply.get("type") in ("ok", "error", "hello", "pong")
            frames += 1
        assert frames >= 1000
        s.close()
        with dsegym.make(NB201, endpoint, latency="none") as env:  # still serving
            env.reset(seed=0)
            env.step([0, 1, 2, 3, 4, 0])
        assert rss_peak_kib(proc.pid) < 512 * 1024
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_small_int_flood_is_refused_without_amplification(tmp_path):
    proc, endpoint = start_server(tmp_path, "flood", "--max-message-mb", "8")
    try:
        with dsegym.Connection(endpoint) as c:
            c.request("list")
            before = rss_peak_kib(proc.pid)
            other = dsegym.make(NB201, endpoint, latency="none")
            other.reset(seed=0)
            payload = b"\x83" + fixstr_raw(b"type") + fixstr_raw(b"ping") + fixstr_raw(b"id") + b"\x01" + \
                fixstr_raw(b"pad") + b"\xdd" + struct.pack(">I", 7_500_000) + b"\x01" * 7_500_000
            s = raw_socket(endpoint)
            s.send(msgpack.packb({"type": "hello", "id": 0, "protocol": 1}))
            assert s.poll(10000)
            s.recv()
            t0 = time.time()
            s.send(payload)
            assert s.poll(20000)
            reply = strict_decode(s.recv())
            assert reply["code"] == "RESOURCE_EXHAUSTED" and "decodes to more than" in reply["message"]
            # a good client is not stalled (no wall-clock threshold: it simply gets its answer)
            other.step([0, 1, 2, 3, 4, 0])
            grown = rss_peak_kib(proc.pid) - before
            # 7.5 MB of one-byte integers would be ~400 MB decoded; the budget keeps it near the message size
            assert grown < 4 * 7_500_000 // 1024 + 32 * 1024, f"server peak memory grew by {grown} KiB"
            s.close()
            other.close()
            print(f"refused in {time.time() - t0:.3f} s, peak memory +{grown} KiB")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_replies_are_valid_utf8_and_records_survive_foreign_names(tmp_path):
    records = tmp_path / "rec"
    proc, endpoint = start_server(tmp_path, "utf8", "--record", str(records))
    try:
        s = raw_socket(endpoint)
        hello = (b"\x83" + fixstr_raw(b"type") + fixstr_raw(b"hello") + fixstr_raw(b"protocol") + b"\x01" +
                 fixstr_raw(b"client") + fixstr_raw(b"agent-\xff\xfe"))
        s.send(hello)
        assert s.poll(10000) and strict_decode(s.recv())["type"] == "hello"
        s.send(b"\x83" + fixstr_raw(b"type") + fixstr_raw(b"make") + fixstr_raw(b"id") + b"\x02" +
               fixstr_raw(b"env_id") + fixstr_raw(b"nas/\xc3\x28bad"))
        assert s.poll(10000)
        r = strict_decode(s.recv())
        assert r["code"] in ("NOT_FOUND", "INVALID_ARGUMENT") and "\\xC3" in r["message"]
        s.send(msgpack.packb({"type": "make", "id": 3, "env_id": NB201, "kwargs": {"latency": "none"}}))
        assert s.poll(10000)
        sid = strict_decode(s.recv())["session"]
        for i, msg in enumerate(({"type": "reset", "session": sid, "seed": 1},
                                 {"type": "step", "session": sid, "action": [0, 1, 2, 3, 4, 0]})):
            s.send(msgpack.packb({**msg, "id": 10 + i}))
            assert s.poll(10000)
            assert strict_decode(s.recv())["type"] == "ok"
        s.close()
        time.sleep(0.2)
        lines = (records / f"session-{sid}.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1 and json.loads(lines[0])["agent"]["name"] == "agent-\\xFF\\xFE"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_non_finite_kwargs_are_refused_at_make(address):
    with dsegym.Connection(address) as c:
        for bad in (math.nan, math.inf, -math.inf):
            with pytest.raises(dsegym.InvalidArgument, match="not a finite number"):
                c.request("make", env_id=NB201, kwargs={"latency": "none", "dataset": bad})
        assert c.request("ping")["type"] == "pong"


def test_keepalive_extends_sessions_and_vanished_clients_are_forgotten(tmp_path):
    proc, endpoint = start_server(tmp_path, "keep", "--idle-timeout", "1")
    try:
        keeper = dsegym.make(NB201, endpoint, latency="none")
        keeper.reset(seed=0)
        idle = dsegym.make(NB201, endpoint, latency="none")
        idle.reset(seed=0)
        transient = [dsegym.Connection(endpoint) for _ in range(20)]
        for c in transient:
            dsegym.make(NB201, connection=c, latency="none").close()
            c.close()
        t_end = time.time() + 3.0
        while time.time() < t_end:
            keeper.connection.ping()
            time.sleep(0.25)
        keeper.step([0, 1, 2, 3, 4, 0])  # kept alive by pings
        pong = keeper.connection.ping()
        # the pinging client is remembered; the 20 vanished ones are freed, and so is the idle
        # env's connection once its last session was reclaimed
        assert pong["clients"] == 1 and pong["sessions"] == 1
        with pytest.raises(dsegym.NotFound):
            idle.step([0, 1, 2, 3, 4, 0])  # reclaimed; the forgotten client is greeted again transparently
        keeper.close()
        idle.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_sigterm_answers_every_queued_request(tmp_path):
    proc, endpoint = start_server(tmp_path, "term", "--workers", "1")
    s = raw_socket(endpoint)
    s.send(msgpack.packb({"type": "hello", "id": 0, "protocol": 1}))
    assert s.poll(10000)
    s.recv()
    n = 300
    for i in range(1, n + 1):
        s.send(msgpack.packb({"type": "list", "id": i}))
    time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    got = []
    while len(got) < n and s.poll(10000):
        got.append(strict_decode(s.recv())["id"])
    proc.wait(timeout=30)
    assert proc.returncode == 0
    assert got == list(range(1, n + 1))
    s.close()


def test_eight_clients_mixing_single_and_vector_envs(address):
    errors = []

    def client(k):
        try:
            if k % 2:
                with dsegym.make_vec(NB201, 8, address, latency="none") as venv:
                    venv.reset(seed=k)
                    for _ in range(100):
                        _, rew, term, _, infos = venv.step(venv.action_space.sample())
                        if term.any():  # the autoreset steps in between carry reset infos
                            assert np.allclose(rew[term], infos["metrics"]["valid_acc"][term] / 100)
            else:
                with dsegym.make(NB201, address, latency="none") as env:
                    for i in range(300):
                        env.reset(seed=i)
                        _, rew, _, _, info = env.step(env.action_space.sample())
                        assert rew == pytest.approx(info["metrics"]["valid_acc"] / 100)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=client, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
