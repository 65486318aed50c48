"""The Gymnasium API of the client: fallback spaces (masks, order, dtypes), seeding, action
types, env.spec, report(), errors, and the batched vector env in every autoreset mode. When
Gymnasium is importable the same tests run against its types, and Gymnasium's own checker runs
on every registered env (test_gymnasium.py)."""

import numpy as np
import pytest

import dsegym
from dsegym import spaces
from dsegym.vector import batch_infos
from conftest import NB201



# ----- fallback spaces (always tested: they are what users without Gymnasium get) -----------------

def test_fallback_discrete_mask_and_probability():
    d = spaces.Discrete(5, start=2, seed=1)
    mask = np.array([0, 0, 1, 0, 0], dtype=np.int8)
    assert {int(d.sample(mask=mask)) for _ in range(50)} == {4}
    assert int(d.sample(mask=np.zeros(5, np.int8))) == 2  # all-zero mask gives start
    p = np.array([0, 1, 0, 0, 0], dtype=np.float64)
    assert {int(d.sample(probability=p)) for _ in range(20)} == {3}
    with pytest.raises(ValueError):
        d.sample(mask=mask, probability=p)
    with pytest.raises(ValueError):
        d.sample(mask=np.ones(4, np.int8))


def test_fallback_multidiscrete_mask_is_honoured():
    md = spaces.MultiDiscrete([5, 5, 5], seed=3)
    masks = (np.array([0, 0, 0, 1, 0], np.int8), np.array([1, 0, 0, 0, 0], np.int8),
             np.array([0, 1, 0, 1, 0], np.int8))
    for _ in range(50):
        a = md.sample(mask=masks)
        assert a[0] == 3 and a[1] == 0 and a[2] in (1, 3)
        assert md.contains(a)
    with pytest.raises(ValueError):
        md.sample(mask=masks[:2])


def test_fallback_multibinary_mask():
    mb = spaces.MultiBinary(4, seed=0)
    for _ in range(20):
        a = mb.sample(mask=np.array([0, 1, 2, 2], np.int8))
        assert a[0] == 0 and a[1] == 1


def test_fallback_dict_keeps_the_server_order():
    desc = {"type": "Dict", "spaces": [["zeta", {"type": "Discrete", "n": 2}], ["alpha", {"type": "Discrete", "n": 3}],
                                       ["mid", {"type": "MultiDiscrete", "nvec": [2, 2]}]]}
    d = spaces.from_description(desc, use_gymnasium=False)
    assert list(d.spaces) == ["zeta", "alpha", "mid"]
    assert list(d.sample()) == ["zeta", "alpha", "mid"]
    assert list(spaces.to_wire(d, {"alpha": 1, "mid": [1, 0], "zeta": 0})) == ["zeta", "alpha", "mid"]
    if dsegym.HAVE_GYMNASIUM:
        g = spaces.from_description(desc)
        assert list(g.spaces) == ["zeta", "alpha", "mid"]


@pytest.mark.parametrize("use_gym", [False, True] if dsegym.HAVE_GYMNASIUM else [False])
def test_float_actions_for_integer_spaces_are_refused(use_gym):
    disc = spaces.from_description({"type": "Discrete", "n": 5}, use_gymnasium=use_gym)
    md = spaces.from_description({"type": "MultiDiscrete", "nvec": [5, 5]}, use_gymnasium=use_gym)
    for bad in (0.5, 1.0, np.float64(2.0), np.array(1.5), True, "1"):
        with pytest.raises(dsegym.InvalidAction, match="dsegym.action"):
            spaces.to_wire(disc, bad)
    assert spaces.to_wire(disc, np.int64(3)) == 3 and spaces.to_wire(disc, np.array(4)) == 4
    with pytest.raises(dsegym.InvalidAction, match="floats are refused"):
        spaces.to_wire(md, [0.5, 1.0])
    with pytest.raises(dsegym.InvalidAction, match="shape"):
        spaces.to_wire(md, [1, 2, 3])
    assert spaces.to_wire(md, np.array([1, 2], np.int32)) == [1, 2]
    with pytest.raises(dsegym.InvalidAction):
        spaces.unstack_to_wire(md, np.zeros((3, 2)), 3)
    assert spaces.unstack_to_wire(md, np.zeros((3, 2), np.int64), 3) == [[0, 0]] * 3


def test_fallback_batch_space_and_stacking():
    md = spaces.MultiDiscrete([5, 5, 5])
    b = spaces.batch_space(md, 4)
    assert b.shape == (4, 3) and b.contains(b.sample())
    box = spaces.Box(np.zeros(3), np.ones(3), (3,), np.float64)
    bb = spaces.batch_space(box, 2)
    assert bb.shape == (2, 3)
    obs = spaces.stack_from_wire(box, [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])
    assert obs.shape == (2, 3) and obs.dtype == np.float64 and bb.contains(obs)
    bd = spaces.batch_space(spaces.Discrete(3), 4)
    assert type(bd).__name__ == "MultiDiscrete" and bd.shape == (4,)


def test_batch_infos_is_a_dict_of_arrays_with_masks():
    infos = batch_infos([{"metrics": {"acc": 0.5}, "cost": 1.0, "extra": {"name": "a"}}, None,
                         {"metrics": {"acc": 0.7}, "cost": 2}], 3)
    assert infos["cost"].tolist() == [1.0, 0.0, 2.0] and infos["_cost"].tolist() == [True, False, True]
    assert infos["metrics"]["acc"].tolist() == [0.5, 0.0, 0.7]
    assert infos["_metrics"].tolist() == [True, False, True]
    assert infos["extra"]["name"].dtype == object and infos["extra"]["_name"].tolist() == [True, False, False]


def test_max_episode_steps_is_range_checked_before_any_request():
    for bad in (2**32 + 3, 0, -2, 1.5, True, "10"):
        with pytest.raises(dsegym.InvalidArgument, match="max_episode_steps"):
            dsegym.make(NB201, "ipc:///nonexistent/never.sock", max_episode_steps=bad, timeout=0.2)


# ----- over a server ---------------------------------------------------------------------------------

def test_max_episode_steps_is_range_checked_by_the_server(address):
    with dsegym.Connection(address) as c:
        for bad in (2**32 + 3, 0, -5, "x"):
            with pytest.raises(dsegym.InvalidArgument, match="max_episode_steps"):
                c.request("make", env_id=NB201, kwargs={"latency": "none"}, max_episode_steps=bad)
        env = dsegym.make(NB201, connection=c, latency="none", mode="sequential", max_episode_steps=3)
        env.reset(seed=0)
        flags = [env.step(0)[3] for _ in range(3)]
        assert flags == [False, False, True]  # truncated at the limit


def test_reset_seed_semantics(address):
    with dsegym.make(NB201, address, latency="none") as env:
        env.reset(seed=123)
        rng1 = env.unwrapped.np_random.bit_generator.state
        env.reset()
        env.reset(seed=123)
        assert env.unwrapped.np_random.bit_generator.state == rng1
        env.reset(seed=456)
        assert env.unwrapped.np_random.bit_generator.state != rng1
        # a fixed-seed loop still explores: the action space is seeded once, not on every reset
        actions = set()
        for _ in range(10):
            env.reset(seed=7)
            a = env.action_space.sample()
            actions.add(tuple(a.tolist()))
            env.step(a)
        assert len(actions) > 5


def test_reset_and_step_are_deterministic_like_gymnasiums_checker(address):
    """The determinism checks of Gymnasium's check_env, restated: works without Gymnasium too."""
    for kwargs in ({"latency": "none"}, {"latency": "none", "mode": "sequential"}):
        with dsegym.make(NB201, address, **kwargs) as env:
            o1, _ = env.reset(seed=123)
            o2, _ = env.reset()
            o3, _ = env.reset(seed=123)
            o4, _ = env.reset()
            assert np.array_equal(o1, o3) and np.array_equal(o2, o4)
            env.action_space.seed(123)
            a = env.action_space.sample()
            env.reset(seed=123)
            r0 = env.step(a)
            env.reset(seed=123)
            r1 = env.step(a)
            assert np.array_equal(r0[0], r1[0]) and r0[1:] == r1[1:]
            assert r0[3] is False and isinstance(r0[2], bool) and isinstance(r0[1], float)
            assert env.observation_space.contains(r0[0])


def test_spec_recreates_the_env(address):
    with dsegym.make(NB201, address, latency="none", mode="sequential") as env:
        spec = env.spec
        assert spec.id == NB201 and spec.entry_point == "dsegym.env:RemoteEnv"
        assert spec.vector_entry_point == "dsegym.vector:RemoteVectorEnv"
        assert spec.kwargs["mode"] == "sequential" and spec.kwargs["address"] == address
        assert spec.nondeterministic is False
        other = spec.make() if not dsegym.HAVE_GYMNASIUM else __import__("gymnasium").make(spec)
        try:
            assert type(other.unwrapped.action_space).__name__ == "Discrete"
        finally:
            other.close()
            other.close()  # closing twice is fine


def test_report_gives_the_reported_only_metrics(address):
    with dsegym.make(NB201, address, latency="none") as env:
        assert env.unwrapped.report is not None
        env.reset(seed=0)
        _, _, _, _, info = env.step([3, 3, 3, 1, 3, 2])
        rep = env.unwrapped.report()
        assert "test_acc" in rep and "test_acc" not in info["metrics"]
        assert 0 < rep["test_acc"] <= 100


def test_errors_have_gymnasium_and_builtin_types(address):
    with dsegym.make(NB201, address, latency="none") as env:
        with pytest.raises(dsegym.ResetNeeded) as e:
            env.step([0] * 6)
        assert isinstance(e.value, RuntimeError)
        env.reset(seed=0)
        with pytest.raises(dsegym.InvalidAction) as e2:
            env.step([9, 0, 0, 0, 0, 0])
        assert isinstance(e2.value, ValueError)
        with pytest.raises(dsegym.InvalidAction):
            env.step([0.5] * 6)
        env.step([0] * 6)  # still usable
    with pytest.raises(dsegym.NameNotFound):
        dsegym.make("nas/NoSuchEnv-v0", address)
    with pytest.raises(dsegym.VersionNotFound):
        dsegym.make("nas/NB201-v9", address)
    with pytest.raises(dsegym.ConnectionClosed):
        env.reset()
    if dsegym.HAVE_GYMNASIUM:
        import gymnasium
        assert issubclass(dsegym.InvalidAction, gymnasium.error.InvalidAction)
        assert issubclass(dsegym.ResetNeeded, gymnasium.error.ResetNeeded)
        assert issubclass(dsegym.NameNotFound, gymnasium.error.NameNotFound)
        assert issubclass(dsegym.VersionNotFound, gymnasium.error.VersionNotFound)
        assert issubclass(dsegym.ConnectionClosed, gymnasium.error.ClosedEnvironmentError)


def test_vector_env_is_batched(address):
    with dsegym.make_vec(NB201, 4, address, latency="none") as venv:
        assert venv.metadata["autoreset_mode"] == dsegym.AutoresetMode.NEXT_STEP
        assert venv.observation_space.shape == (4, 3) and venv.action_space.shape == (4, 6)
        obs, infos = venv.reset(seed=10)
        assert isinstance(obs, np.ndarray) and obs.shape == (4, 3) and venv.observation_space.contains(obs)
        actions = venv.action_space.sample()
        obs, rew, term, trunc, infos = venv.step(actions)
        assert rew.dtype == np.float64 and term.dtype == np.bool_ and term.all() and not trunc.any()
        assert infos["metrics"]["valid_acc"].shape == (4,) and infos["_metrics"].all()
        assert np.allclose(infos["metrics"]["valid_acc"] / 100, rew)
        assert infos["cost"].dtype == np.float64
        if dsegym.HAVE_GYMNASIUM:
            import gymnasium
            assert isinstance(venv, gymnasium.vector.VectorEnv)
        # same seeds, same sub-env trajectories as single envs
        with dsegym.make(NB201, address, latency="none") as env:
            env.reset(seed=12)
            assert env.step(actions[2])[1] == rew[2]


def test_vector_reset_mask_resets_only_the_masked_sub_envs(address):
    with dsegym.make_vec(NB201, 3, address, latency="none", mode="sequential",
                         autoreset_mode=dsegym.AutoresetMode.DISABLED) as venv:
        obs, _ = venv.reset(seed=0)
        assert obs.tolist() == [[5] * 6] * 3
        for k in range(6):
            obs, rew, term, trunc, infos = venv.step(np.full(3, 2))
        assert term.all()
        with pytest.raises(dsegym.ResetNeeded, match="reset_mask"):
            venv.step(np.zeros(3, np.int64))
        mask = np.array([True, False, True])
        obs, infos = venv.reset(options={"reset_mask": mask})
        assert obs[0].tolist() == [5] * 6 and obs[1].tolist() == [2] * 6 and obs[2].tolist() == [5] * 6
        with pytest.raises(dsegym.ResetNeeded):
            venv.step(np.zeros(3, np.int64))  # sub-env 1 is still finished
        venv.reset(options={"reset_mask": np.array([False, True, False])})
        venv.step(np.zeros(3, np.int64))
        with pytest.raises(dsegym.InvalidArgument, match="reset_mask"):
            venv.reset(options={"reset_mask": [1, 0, 1]})


def test_vector_next_step_autoreset(address):
    with dsegym.make_vec(NB201, 2, address, latency="none") as venv:
        venv.reset(seed=1)
        a = np.array([[0, 1, 2, 3, 4, 0]] * 2)
        _, r1, t1, _, _ = venv.step(a)
        assert t1.all() and (r1 > 0).all()
        obs, r2, t2, tr2, _ = venv.step(a)  # the reset step: action ignored
        assert (r2 == 0).all() and not t2.any() and not tr2.any()
        _, r3, t3, _, _ = venv.step(a)
        assert t3.all() and np.array_equal(r3, r1)


def test_vector_same_step_autoreset(address):
    with dsegym.make_vec(NB201, 2, address, latency="none", mode="sequential", autoreset_mode="SameStep") as venv:
        assert venv.metadata["autoreset_mode"] == dsegym.AutoresetMode.SAME_STEP
        venv.reset(seed=1)
        for k in range(6):
            obs, rew, term, trunc, infos = venv.step(np.array([1, 2]))
        assert term.all()
        assert infos["_final_obs"].all() and infos["final_obs"][0].tolist() == [1] * 6
        assert infos["final_info"]["metrics"]["valid_acc"].shape == (2,)
        assert obs.tolist() == [[5] * 6] * 2  # already reset
        obs, rew, term, trunc, infos = venv.step(np.array([0, 0]))
        assert not term.any() and "final_obs" not in infos and obs[:, 0].tolist() == [0, 0]


def test_vector_env_rejects_bad_arguments(address):
    with pytest.raises(dsegym.InvalidArgument, match="autoreset_mode"):
        dsegym.make_vec(NB201, 2, address, autoreset_mode="sometimes")
    with pytest.raises(dsegym.InvalidArgument, match="num_envs"):
        dsegym.make_vec(NB201, 0, address)
    with dsegym.make_vec(NB201, 2, address, latency="none") as venv:
        venv.reset(seed=0)
        with pytest.raises(dsegym.InvalidAction):
            venv.step(np.zeros((2, 6)))  # floats
        with pytest.raises(dsegym.InvalidAction):
            venv.step(np.zeros((3, 6), np.int64))  # wrong batch
        with pytest.raises(dsegym.ResetNeeded, match="step an episode first"):
            venv.report()  # nothing evaluated yet
        venv.step(np.zeros((2, 6), np.int64))
        assert all("test_acc" in r for r in venv.report())


def test_package_installs_offline_with_types_and_plugin(tmp_path):
    """`pip install --no-build-isolation --no-deps` works without a network and ships py.typed and
    the Gymnasium plugin entry point."""
    import subprocess
    import sys
    from pathlib import Path

    src = Path(__file__).resolve().parents[1]
    probe = subprocess.run([sys.executable, "-c", "import setuptools, pip"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("pip or setuptools not available for this interpreter")
    target = tmp_path / "site"
    out = subprocess.run([sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-deps", "--no-index",
                          "--quiet", "--target", str(target), str(src)], capture_output=True, text=True,
                         cwd=tmp_path, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert (target / "dsegym" / "py.typed").exists()
    eps = next(target.glob("dsegym-*.dist-info")) / "entry_points.txt"
    assert "dsegym_plugin:register" in eps.read_text()
    assert (target / "dsegym_plugin.py").exists()
    check = subprocess.run([sys.executable, "-c", "import dsegym, sys; print(dsegym.__file__)"],
                           env={"PYTHONPATH": str(target)}, capture_output=True, text=True, cwd=tmp_path)
    assert check.returncode == 0 and str(target) in check.stdout


def test_every_public_name_is_documented_and_typed():
    import inspect

    import dsegym.client
    import dsegym.env
    import dsegym.registration
    import dsegym.spaces
    import dsegym.vector

    missing_doc, missing_hints = [], []
    for mod in (dsegym, dsegym.client, dsegym.env, dsegym.errors, dsegym.registration, dsegym.spaces, dsegym.vector):
        for name, obj in vars(mod).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != mod.__name__:
                continue
            if inspect.isclass(obj) or inspect.isfunction(obj):
                if not inspect.getdoc(obj):
                    missing_doc.append(f"{mod.__name__}.{name}")
            members = vars(obj).items() if inspect.isclass(obj) else [(name, obj)]
            for mname, m in members:
                if inspect.isfunction(m) and not (mname.startswith("_") and mname != "__init__"):
                    sig = inspect.signature(m)
                    params = [p for p in sig.parameters.values() if p.name not in ("self", "cls")]
                    if any(p.annotation is inspect.Parameter.empty for p in params) or \
                            sig.return_annotation is inspect.Signature.empty:
                        missing_hints.append(f"{mod.__name__}.{name}.{mname}")
                    if inspect.isclass(obj) and not mname.startswith("_") and not inspect.getdoc(m):
                        missing_doc.append(f"{mod.__name__}.{name}.{mname}")
    assert not missing_doc, missing_doc
    assert not missing_hints, missing_hints


def test_gymnasium_plugin_hook_never_raises(address, monkeypatch):
    sys_path_root = __import__("pathlib").Path(__file__).resolve().parents[1]
    monkeypatch.syspath_prepend(str(sys_path_root))
    import dsegym_plugin

    monkeypatch.delenv("DSEGYM_ADDRESS", raising=False)
    dsegym_plugin.register()  # no server configured: nothing happens
    monkeypatch.setenv("DSEGYM_ADDRESS", "ipc:///nonexistent/dsegym.sock")
    monkeypatch.setenv("DSEGYM_REGISTER_TIMEOUT", "0.2")
    with pytest.warns(UserWarning, match="no envs registered"):
        dsegym_plugin.register()
    monkeypatch.setenv("DSEGYM_ADDRESS", address)
    if dsegym.HAVE_GYMNASIUM:
        dsegym_plugin.register()
        import gymnasium
        assert gymnasium.spec(NB201).vector_entry_point == "dsegym.vector:RemoteVectorEnv"
    else:
        with pytest.warns(UserWarning, match="needs the gymnasium package"):
            dsegym_plugin.register()


def test_a_bad_sub_env_action_steps_no_sub_env(address):
    with dsegym.make_vec(NB201, 3, address, latency="none", mode="sequential") as venv:
        obs, _ = venv.reset(seed=0)
        with pytest.raises(dsegym.InvalidAction, match="no sub-env was stepped"):
            venv.step(np.array([0, 7, 0]))
        obs2, *_ = venv.step(np.array([1, 1, 1]))
        assert obs2[:, 0].tolist() == [1, 1, 1] and obs2[:, 1].tolist() == [5, 5, 5]  # first edge set once


def test_fallback_path_runs_even_where_gymnasium_is_installed(address):
    """The no-Gymnasium classes (env, vector env, spaces with masks) in a subprocess that cannot
    import gymnasium, so they stay tested on machines that have it."""
    import subprocess
    import sys
    from pathlib import Path

    code = f"""
import sys
sys.modules["gymnasium"] = None  # import gymnasium now raises ImportError
sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})
import numpy as np, dsegym
assert not dsegym.HAVE_GYMNASIUM
env = dsegym.make({NB201!r}, {address!r}, latency="none")
assert type(env.action_space).__module__ == "dsegym.spaces"
env.reset(seed=3)
mask = tuple(np.eye(5, dtype=np.int8)[[2, 2, 2, 1, 2, 2]])
a = env.action_space.sample(mask=mask)
assert a.tolist() == [2, 2, 2, 1, 2, 2], a
_, r, term, trunc, info = env.step(a)
assert term and r > 0 and env.unwrapped.report()["test_acc"] > 0
assert env.spec.make().spec.id == {NB201!r}
venv = dsegym.make_vec({NB201!r}, 4, {address!r}, latency="none")
obs, _ = venv.reset(seed=0)
assert obs.shape == (4, 3) and venv.metadata["autoreset_mode"] == dsegym.AutoresetMode.NEXT_STEP
_, rew, term, _, infos = venv.step(venv.action_space.sample())
assert term.all() and infos["_metrics"].all()
venv.close(); env.close()
print("fallback ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "fallback ok" in out.stdout, out.stdout + out.stderr
