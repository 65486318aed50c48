"""Gymnasium's own checks on the bridged envs. Skipped (one line) when Gymnasium is not installed;
the fallback path is covered by test_client_api.py either way."""

import numpy as np
import pytest

gymnasium = pytest.importorskip("gymnasium", reason="gymnasium not installed: Gymnasium's own checker not run")

import dsegym  # noqa: E402
from conftest import NB201  # noqa: E402

# Cheap kwargs per env family for the checker (it resets and steps several times).
CHEAP = {"nas/NB201-v0": {"latency": "none"},
         "nas/ArchRecipe-v1": {"split": "ci", "epochs": 1, "data_fraction": 0.25, "max_mflops": 0.5}}


def _mode_variants(desc):
    for spec in desc.get("kwarg_specs", []):
        if spec["name"] == "mode" and spec.get("choices"):
            return [{"mode": c} for c in spec["choices"]]
    return [{}]


def _checkable_envs(address):
    out = []
    for e in dsegym.list_envs(address):
        if e.get("needs_data"):
            d = dsegym.describe(e["id"], address)
            if "unavailable" in d:
                continue
        base = CHEAP.get(e["id"], {})
        for variant in _mode_variants(e):
            out.append((e["id"], {**base, **variant}))
    return out


def test_check_env_on_every_registered_env_and_mode(address):
    from gymnasium.utils.env_checker import check_env

    dsegym.register_envs(address)
    checked = 0
    for env_id, kwargs in _checkable_envs(address):
        try:
            env = gymnasium.make(env_id, **kwargs)
        except dsegym.DataError:
            continue  # this machine lacks the env's data
        try:
            check_env(env.unwrapped)
        finally:
            env.close()
        checked += 1
    assert checked >= 2


def test_gymnasium_make_and_make_vec(address):
    ids = dsegym.register_envs(address)
    assert NB201 in ids
    spec = gymnasium.spec(NB201)
    assert spec.entry_point == "dsegym.env:RemoteEnv" and spec.vector_entry_point == "dsegym.vector:RemoteVectorEnv"
    env = gymnasium.make(NB201, latency="none")
    obs, info = env.reset(seed=0)
    assert env.unwrapped.spec.kwargs["latency"] == "none"
    env.step(env.action_space.sample())
    env.close()
    envs = gymnasium.make_vec(NB201, num_envs=8, latency="none")
    assert isinstance(envs, dsegym.RemoteVectorEnv) and isinstance(envs, gymnasium.vector.VectorEnv)
    envs.reset(seed=0)
    obs, rew, term, trunc, infos = envs.step(envs.action_space.sample())
    assert obs.shape == (8, 3) and rew.shape == (8,)
    envs.close()


def test_gymnasium_vector_wrappers_accept_the_vector_env(address):
    dsegym.register_envs(address)
    envs = gymnasium.make_vec(NB201, num_envs=4, latency="none")
    envs = gymnasium.wrappers.vector.RecordEpisodeStatistics(envs)
    envs.reset(seed=0)
    _, _, term, _, infos = envs.step(envs.action_space.sample())
    assert term.all() and infos["_episode"].all()
    envs.close()
