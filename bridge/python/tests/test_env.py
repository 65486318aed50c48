"""The Gymnasium API over the bridge: spaces, determinism against in-process runs, vector envs,
server-side records, concurrency and cleanup of vanished clients."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import dsegym
from conftest import BIN, NB201, start_server


def test_gym_api_shapes_and_types(address):
    with dsegym.make(NB201, address, latency="none") as env:
        assert type(env.action_space).__name__ == "MultiDiscrete"
        assert env.action_space.nvec.tolist() == [5] * 6
        obs, info = env.reset(seed=3)
        assert env.observation_space.contains(obs)
        assert isinstance(info, dict)
        a = env.action_space.sample()
        assert env.action_space.contains(a)
        obs, reward, terminated, truncated, info = env.step(a)
        assert isinstance(reward, float) and terminated is True and truncated is False
        assert set(info["metrics"]) == {"valid_acc", "flops_M", "params_M"}
        assert info["cost"] > 0
        assert obs.dtype == np.float64 and obs.shape == (3,)


def test_sequential_mode(address):
    with dsegym.make(NB201, address, latency="none", mode="sequential") as env:
        assert type(env.action_space).__name__ == "Discrete"
        obs, _ = env.reset(seed=0)
        assert obs.tolist() == [5] * 6
        for e, op in enumerate([3, 3, 3, 1, 3, 2]):
            obs, reward, terminated, truncated, info = env.step(op)
            assert terminated == (e == 5)
        assert reward == pytest.approx(0.84384)


def test_bridge_is_bit_identical_to_in_process(address, tmp_path):
    """`dsegym run --record` (in process) and the same actions over the bridge give identical numbers."""
    record = tmp_path / "run.jsonl"
    subprocess.run([BIN, "run", NB201, "--agent", "regularized_evolution", "--steps", "40", "--seed", "5",
                    "--kwargs", '{"latency": "all"}', "--record", str(record), "--quiet"], check=True,
                   capture_output=True)
    episodes = [json.loads(line) for line in record.read_text().splitlines()]
    assert len(episodes) == 40
    with dsegym.make(NB201, address, latency="all") as env:
        for ep in episodes:
            env.reset(seed=ep["seed"])
            for step in ep["steps"]:
                _, reward, terminated, truncated, info = env.step(step["action"])
                assert reward == step["reward"]  # exact, not approximate
                assert info["metrics"] == step["metrics"]
                assert info["cost"] == step["cost"]
                assert (terminated, truncated) == (step["terminated"], step["truncated"])


def test_vector_env_uses_batches_and_autoresets(address):
    with dsegym.make_vec(NB201, 4, address, latency="none") as venv:
        obs, infos = venv.reset(seed=10)
        assert len(obs) == 4
        actions = [venv.single_action_space.sample() for _ in range(4)]
        obs, rewards, term, trunc, infos = venv.step(actions)
        assert term.all() and (rewards > 0).all()
        obs, rewards, term, trunc, infos = venv.step(actions)  # next-step autoreset
        assert (rewards == 0).all() and not term.any()
        obs, rewards2, term, _, _ = venv.step(actions)
        with dsegym.make(NB201, address, latency="none") as env:
            env.reset()
            assert env.step(actions[0])[1] == rewards2[0]


def test_server_records_validate(server, tmp_path):
    with dsegym.make(NB201, server["address"], latency="none") as env:
        for seed in range(3):
            env.reset(seed=seed)
            env.step(env.action_space.sample())
        session = env.session
    time.sleep(0.2)
    path = Path(server["records"]) / f"session-{session}.jsonl"
    lines = path.read_text().splitlines()
    assert len(lines) == 3
    rec = json.loads(lines[0])
    assert rec["env"]["id"] == NB201 and rec["agent"]["name"] == "python"
    assert "test_acc" in rec["reported"]  # the server computes what leaderboards score
    out = subprocess.run([BIN, "validate", str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "OK" in out.stdout
    # a leaderboard scores the remote agent from the server's own log
    out = subprocess.run([BIN, "leaderboard", "score", str(path), "--json"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) == 1 and rows[0]["episodes"] == 3 and rows[0]["score_metric"] == "test_acc"
    best = max(json.loads(line)["return"] for line in lines)
    assert rows[0]["best_return"] == best
    # a tampered log fails
    tampered = tmp_path / "tampered.jsonl"
    rec = json.loads(lines[0])
    rec["steps"][0]["reward"] += 0.01
    tampered.write_text(json.dumps(rec) + "\n")
    out = subprocess.run([BIN, "leaderboard", "score", str(tampered)], capture_output=True, text=True)
    assert out.returncode == 1 and "MISMATCH" in out.stderr


def test_eight_concurrent_clients_get_their_own_replies(address):
    errors = []

    def client(k):
        try:
            with dsegym.make(NB201, address, latency="none") as env:
                rng = np.random.default_rng(k)
                for i in range(1000):
                    env.reset(seed=k * 1000 + i)
                    a = rng.integers(0, 5, size=6)
                    _, reward, terminated, _, info = env.step(a)
                    # the reply must be for this client's action: check the architecture index
                    assert terminated
                    assert reward == pytest.approx(info["metrics"]["valid_acc"] / 100)
                    codes = info["extra"]["arch_index"]
                    assert isinstance(codes, int)
                    expected = expected_index.get(tuple(a.tolist()))
                    if expected is not None:
                        assert codes == expected
                    else:
                        expected_index[tuple(a.tolist())] = codes
        except Exception as e:  # pragma: no cover - reported below
            errors.append(repr(e))

    expected_index = {}
    threads = [threading.Thread(target=client, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_a_killed_client_has_its_sessions_reclaimed(tmp_path):
    proc, endpoint = start_server(tmp_path, "idle", "--idle-timeout", "1")
    try:
        code = ("import sys; sys.path.insert(0, %r); import dsegym, time\n"
                "envs = [dsegym.make(%r, %r, latency='none') for _ in range(5)]\n"
                "[e.reset(seed=0) for e in envs]\nprint('ready', flush=True)\ntime.sleep(60)\n"
                % (str(Path(__file__).resolve().parents[1]), NB201, endpoint))
        child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        with dsegym.Connection(endpoint) as c:
            assert c.request("ping")["sessions"] == 5
            child.send_signal(signal.SIGKILL)
            child.wait()
            deadline = time.time() + 10
            while c.request("ping")["sessions"] > 0 and time.time() < deadline:
                time.sleep(0.2)
            assert c.request("ping")["sessions"] == 0
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)
        assert proc.returncode == 0


def test_examples_run(address):
    here = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=str(here), DSEGYM_ADDRESS=address)
    for script, expect in (("random_agent.py", "best valid"), ("reinforce_numpy.py", "improved")):
        out = subprocess.run([sys.executable, str(here / "examples" / script)], env=env, capture_output=True,
                             text=True, timeout=300)
        assert out.returncode == 0, out.stdout + out.stderr
        assert expect in out.stdout


@pytest.mark.skipif(not Path("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz").exists(),
                    reason="package dataset-fashion-mnist not installed")
def test_dict_action_env_that_trains(address):
    """nas/ArchRecipe-v1: a Dict of Discrete actions and real training over the bridge."""
    with dsegym.make("nas/ArchRecipe-v1", address, split="ci", epochs=1, data_fraction=0.25,
                     max_mflops=0.5) as env:
        assert type(env.action_space).__name__ == "Dict"
        assert len(env.action_space.spaces) == 26
        env.reset(seed=0)
        design = {k: 0 for k in env.action_space.spaces}
        design["mlp_width_1"] = 2     # MLP 784-128-10
        design["learning_rate"] = 5   # 10^-1.5
        obs, reward, terminated, truncated, info = env.step(design)
        assert terminated and 0.1 < reward <= 1.0
        assert info["metrics"]["valid_acc"] == pytest.approx(100 * reward)
        assert "test_acc" not in info["metrics"]
        assert info["cost"] > 0
        env.reset(seed=1)
        with pytest.raises(dsegym.InvalidArgument):
            env.step({"family": 0})


def test_malformed_dict_and_tuple_actions_are_clear_errors():
    from dsegym import spaces
    d = spaces.Dict([("a", spaces.Discrete(2)), ("b", spaces.Discrete(3))])
    assert spaces.to_wire(d, {"a": 1, "b": 2}) == {"a": 1, "b": 2}
    with pytest.raises(dsegym.InvalidArgument, match="missing \\['b'\\]"):
        spaces.to_wire(d, {"a": 1})
    with pytest.raises(dsegym.InvalidArgument, match="unknown \\['c'\\]"):
        spaces.to_wire(d, {"a": 1, "b": 2, "c": 0})
    t = spaces.Tuple([spaces.Discrete(2), spaces.Discrete(2)])
    with pytest.raises(dsegym.InvalidArgument, match="2 entries"):
        spaces.to_wire(t, [1])
