"""A vector of remote envs stepped with one ``step_batch`` round trip per step.

With Gymnasium importable, :class:`RemoteVectorEnv` is a ``gymnasium.vector.VectorEnv``: batched
spaces, numpy arrays for observations, rewards and flags, infos as a dict of arrays with ``_key``
masks, ``metadata["autoreset_mode"]`` an ``AutoresetMode`` and ``reset(options={"reset_mask": m})``.
Without Gymnasium the same behaviour comes from :class:`FallbackVectorEnv`.

Autoreset modes (``autoreset_mode=``):

- ``NEXT_STEP`` (default): the step after a sub-env's episode ended ignores its action, resets it
  and returns its first observation with reward 0 and both flags False;
- ``SAME_STEP``: a finished sub-env is reset in the same ``step``; its final observation and info
  are in ``infos["final_obs"]`` / ``infos["final_info"]`` (masks ``_final_obs`` / ``_final_info``);
- ``DISABLED``: nothing resets by itself; use ``reset(options={"reset_mask": finished})``. Stepping
  a finished sub-env raises ResetNeeded.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any

import numpy as np

from . import spaces as _spaces
from ._compat import AutoresetMode, gym
from .client import DEFAULT_ADDRESS, Connection
from .env import _np_random, check_max_episode_steps
from .errors import ConnectionClosed, InvalidArgument, ResetNeeded, from_reply
from .spec import make_spec


class FallbackVectorEnv:
    """The subset of ``gymnasium.vector.VectorEnv`` used when Gymnasium is not installed."""

    metadata: dict[str, Any] = {}
    spec: Any = None
    render_mode: str | None = None
    closed: bool = False
    num_envs: int
    _np_random: np.random.Generator | None = None
    _np_random_seed: int | None = None

    def reset(self, *, seed: Any = None, options: dict[str, Any] | None = None) -> Any:
        """Re-creates ``np_random`` from an integer ``seed`` (as ``VectorEnv.reset``)."""
        if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
            self._np_random, self._np_random_seed = _np_random(int(seed))

    @property
    def np_random(self) -> np.random.Generator:
        """The vector env's random generator."""
        if self._np_random is None:
            self._np_random, self._np_random_seed = _np_random(None)
        return self._np_random

    @property
    def unwrapped(self) -> Any:
        """The vector env itself."""
        return self

    def close(self, **kwargs: Any) -> None:
        """Closes the vector env (idempotent) through :meth:`close_extras`."""
        if self.closed:
            return
        self.close_extras(**kwargs)
        self.closed = True

    def close_extras(self, **kwargs: Any) -> None:
        """Releases resources beyond the base class."""

    def __del__(self) -> None:
        if not getattr(self, "closed", True):
            try:
                self.close()
            except Exception:
                pass


_Base: Any = FallbackVectorEnv
if gym is not None:
    from gymnasium.vector import VectorEnv as _Base  # noqa: F811

_MISSING = object()


def _is_number(v: Any) -> bool:
    return isinstance(v, (bool, int, float, np.number, np.bool_))


def batch_infos(infos: Sequence[dict[str, Any] | None], n: int, into: dict[str, Any] | None = None) -> dict[str, Any]:
    """Per-sub-env info dicts (None = no info) merged into Gymnasium's vector form: each key maps
    to an array over sub-envs (numbers as numeric arrays, nested dicts recursively, anything else
    as an object array) and ``_key`` to a bool mask of the sub-envs that supplied it."""
    out: dict[str, Any] = {} if into is None else into
    if into is None and infos and all(infos):
        try:
            return _batch_uniform(infos, n)
        except (KeyError, TypeError, _NotUniform):
            pass  # sub-envs differ in keys or kinds: the general path below
    keys: dict[str, None] = {}
    for info in infos:
        if info:
            keys.update(dict.fromkeys(info))
    for key in keys:
        values = [info.get(key, _MISSING) if info else _MISSING for info in infos]
        mask = np.fromiter((v is not _MISSING for v in values), dtype=np.bool_, count=n)
        present = [v for v in values if v is not _MISSING]
        if all(isinstance(v, dict) for v in present):
            arr: Any = batch_infos([v if v is not _MISSING else None for v in values], n, out.get(key))
        elif all(_is_number(v) for v in present):
            first = present[0]
            dtype = np.bool_ if isinstance(first, (bool, np.bool_)) else (np.int64 if isinstance(first, (int, np.integer)) else np.float64)
            if mask.all():
                arr = np.asarray(values, dtype=dtype)
            else:
                arr = out.get(key) if isinstance(out.get(key), np.ndarray) else np.zeros(n, dtype=dtype)
                arr[mask] = present
        else:
            arr = out.get(key) if isinstance(out.get(key), np.ndarray) and out[key].dtype == object else \
                np.full(n, None, dtype=object)
            for i, v in enumerate(values):
                if v is not _MISSING:
                    arr[i] = v
        old_mask = out.get("_" + key)
        out[key] = arr
        out["_" + key] = mask | old_mask if isinstance(old_mask, np.ndarray) else mask
    return out


class _NotUniform(Exception):
    pass


def _batch_uniform(infos: Sequence[Any], n: int) -> dict[str, Any]:
    """batch_infos for the common case: every sub-env supplied the same keys with values of the
    same kind (masks all True). Raises _NotUniform, KeyError or TypeError otherwise."""
    first = infos[0]
    size = len(first)
    for info in infos:
        if len(info) != size:  # with every key of `first` present below, the key sets are equal
            raise _NotUniform
    out: dict[str, Any] = {}
    for key, v0 in first.items():
        values = [info[key] for info in infos]
        if type(v0) is dict:
            arr: Any = _batch_uniform(values, n)
        elif _is_number(v0):
            arr = np.asarray(values)
            if arr.dtype.kind not in "biuf" or arr.shape != (n,):
                raise _NotUniform
        else:
            arr = np.empty(n, dtype=object)
            for i, v in enumerate(values):
                arr[i] = v
        out[key] = arr
        out["_" + key] = np.ones(n, dtype=np.bool_)
    return out


def _mode(value: Any) -> Any:
    try:
        return value if isinstance(value, AutoresetMode) else AutoresetMode(value)
    except ValueError:
        pass
    try:
        return AutoresetMode[str(value).upper()]
    except KeyError:
        raise InvalidArgument(f"[dsegym.vector] unknown autoreset_mode {value!r}; valid: "
                              + ", ".join(m.name for m in AutoresetMode)) from None


class RemoteVectorEnv(_Base):  # type: ignore[misc, valid-type]
    """``num_envs`` server sessions of ``env_id`` stepped together, one round trip per step.

    Observations, rewards, terminations and truncations are numpy arrays with a leading
    ``num_envs`` axis; actions are batched the same way (``self.action_space.sample()`` gives one).
    ``reset(seed=s)`` seeds sub-env ``i`` with ``s + i`` (a list gives one seed per sub-env).
    """

    def __init__(self, env_id: str, num_envs: int = 1, address: str = DEFAULT_ADDRESS,
                 connection: Connection | None = None, timeout: float = 30.0, encoding: str = "msgpack",
                 autoreset_mode: Any = "NextStep", max_episode_steps: int | None = None,
                 render_mode: str | None = None, **kwargs: Any) -> None:
        self.closed = True
        if isinstance(num_envs, bool) or not isinstance(num_envs, (int, np.integer)) or num_envs < 1:
            raise InvalidArgument(f"[dsegym.vector] num_envs must be an integer >= 1, got {num_envs!r}")
        if render_mode is not None:
            raise InvalidArgument(f"[dsegym.render] render_mode {render_mode!r} is not supported; valid: None")
        self.render_mode = None
        mode = _mode(autoreset_mode)
        max_steps = check_max_episode_steps(max_episode_steps)
        self._own_connection = connection is None
        #: The connection all sub-envs use.
        self.connection: Connection = connection or Connection(address, timeout=timeout, encoding=encoding)
        self.num_envs = int(num_envs)
        limit = self.connection.server_info.get("limits", {}).get("max_batch")
        if isinstance(limit, int) and self.num_envs > limit:
            raise InvalidArgument(f"[dsegym.vector] num_envs = {self.num_envs} exceeds the server's batch limit "
                                  f"of {limit} entries")
        #: The server session of each sub-env.
        self.sessions: list[int] = []
        fields: dict[str, Any] = {"env_id": env_id, "kwargs": kwargs}
        if max_steps is not None:
            fields["max_episode_steps"] = max_steps
        try:
            rids = [self.connection.send("make", **fields) for _ in range(self.num_envs)]  # pipelined
            replies = []
            error: BaseException | None = None
            for rid in rids:
                try:
                    replies.append(self.connection.receive(rid, "make"))
                except BaseException as e:  # collect every reply so that the stream stays aligned
                    error = error or e
            self.sessions = [r["session"] for r in replies]
            if error is not None:
                raise error
        except BaseException:
            self.close_extras()
            raise
        #: The server's description of the env (spaces, metrics, resolved kwargs).
        self.description: dict[str, Any] = replies[0]["description"]
        self.single_observation_space = _spaces.from_description(self.description["observation_space"])
        self.single_action_space = _spaces.from_description(self.description["action_space"])
        self.observation_space = _spaces.batch_space(self.single_observation_space, self.num_envs)
        self.action_space = _spaces.batch_space(self.single_action_space, self.num_envs)
        self.metadata = {"autoreset_mode": mode, "render_modes": []}
        self.autoreset_mode = mode
        spec_kwargs: dict[str, Any] = {"env_id": env_id, "address": self.connection.address,
                                       **self.description.get("kwargs", kwargs)}
        if max_steps is not None:
            spec_kwargs["max_episode_steps"] = max_steps
        self.spec = make_spec(self.description, spec_kwargs)
        self._autoreset = np.zeros(self.num_envs, dtype=np.bool_)
        self._finished = np.zeros(self.num_envs, dtype=np.bool_)
        self._obs: list[Any] = [None] * self.num_envs
        self._spaces_seeded = False
        self.closed = False

    # ----- helpers ---------------------------------------------------------------------------

    def _batch(self, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if self.closed:
            raise ConnectionClosed("[dsegym.vector] the vector env is closed")
        results: list[dict[str, Any]] = self.connection.request("step_batch", steps=entries)["results"]
        for r in results:
            if r.get("type") == "error":
                raise from_reply(r, "step")
        return results

    def _seeds(self, seed: Any) -> list[int | None]:
        if seed is None:
            return [None] * self.num_envs
        if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
            return [int(seed) + i for i in range(self.num_envs)]
        if isinstance(seed, (list, tuple, np.ndarray)) and len(seed) == self.num_envs:
            return [None if s is None else int(s) for s in seed]
        raise InvalidArgument(f"[dsegym.vector] seed must be None, an integer or {self.num_envs} seeds, got {seed!r}")

    # ----- Gymnasium API ---------------------------------------------------------------------

    def reset(self, *, seed: int | Sequence[int | None] | None = None,
              options: dict[str, Any] | None = None) -> tuple[Any, dict[str, Any]]:
        """Resets every sub-env, or those in ``options["reset_mask"]`` (bool[num_envs]); returns
        the batched observations (sub-envs not reset keep their last one) and infos."""
        super().reset(seed=seed if isinstance(seed, (int, np.integer)) else None)
        seeds = self._seeds(seed)
        mask = np.ones(self.num_envs, dtype=np.bool_)
        if options and "reset_mask" in options:
            m = np.asarray(options["reset_mask"])
            if m.shape != (self.num_envs,) or m.dtype != np.bool_:
                raise InvalidArgument(f"[dsegym.vector] reset_mask must be a bool array of shape ({self.num_envs},), "
                                      f"got {m.dtype} {m.shape}")
            if not m.any():
                raise InvalidArgument("[dsegym.vector] reset_mask resets no sub-env")
            mask = m
        first = seeds[0]
        if first is not None and not self._spaces_seeded:
            self.single_action_space.seed(first)
            self.action_space.seed(first)
            self._spaces_seeded = True
        idx = np.flatnonzero(mask).tolist()
        entries = []
        for i in idx:
            e: dict[str, Any] = {"session": self.sessions[i], "reset": True}
            if seeds[i] is not None:
                e["seed"] = seeds[i]
            entries.append(e)
        results = self._batch(entries)
        infos: list[dict[str, Any] | None] = [None] * self.num_envs
        for i, r in zip(idx, results):
            self._obs[i] = r["observation"]
            infos[i] = r["info"]
        self._autoreset[mask] = False
        self._finished[mask] = False
        if any(o is None for o in self._obs):
            raise InvalidArgument("[dsegym.vector] the first reset must reset every sub-env")
        return _spaces.stack_from_wire(self.single_observation_space, self._obs), batch_infos(infos, self.num_envs)

    def step(self, actions: Any) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """Steps every sub-env with its slice of the batched ``actions``."""
        n = self.num_envs
        wire = _spaces.unstack_to_wire(self.single_action_space, actions, n)
        mode = self.autoreset_mode
        if mode == AutoresetMode.DISABLED and self._finished.any():
            raise ResetNeeded(f"[dsegym.vector] sub-envs {np.flatnonzero(self._finished).tolist()} finished their "
                              "episodes; reset them with reset(options={'reset_mask': ...}) (autoreset is DISABLED)")
        entries: list[dict[str, Any]] = []
        reset_now = self._autoreset if mode == AutoresetMode.NEXT_STEP else np.zeros(n, dtype=np.bool_)
        sessions = self.sessions
        for i in range(n):
            if reset_now[i]:
                entries.append({"session": sessions[i], "reset": True})
            else:
                entries.append({"session": sessions[i], "action": wire[i]})
        results = self._batch(entries)
        rewards = np.zeros(n, dtype=np.float64)
        term = np.zeros(n, dtype=np.bool_)
        trunc = np.zeros(n, dtype=np.bool_)
        infos: list[dict[str, Any] | None] = [r["info"] for r in results]
        for i, r in enumerate(results):
            self._obs[i] = r["observation"]
            if not reset_now[i]:
                rewards[i] = r["reward"]
                term[i] = r["terminated"]
                trunc[i] = r["truncated"]
        done = term | trunc
        extra: dict[str, Any] = {}
        if mode == AutoresetMode.NEXT_STEP:
            self._autoreset = done
        elif mode == AutoresetMode.DISABLED:
            self._finished |= done
        elif mode == AutoresetMode.SAME_STEP and done.any():
            idx = np.flatnonzero(done).tolist()
            final_obs = np.full(n, None, dtype=object)
            final_info = np.full(n, None, dtype=object)
            for i in idx:
                final_obs[i] = _spaces.from_wire(self.single_observation_space, self._obs[i])
                final_info[i] = infos[i]
            resets = self._batch([{"session": sessions[i], "reset": True} for i in idx])
            for i, r in zip(idx, resets):
                self._obs[i] = r["observation"]
                infos[i] = r["info"]
            final_mask = done.copy()
            extra = {"final_obs": final_obs, "_final_obs": final_mask,
                     "final_info": batch_infos([final_info[i] if done[i] else None for i in range(n)], n),
                     "_final_info": final_mask.copy()}
        obs = _spaces.stack_from_wire(self.single_observation_space, self._obs)
        out = batch_infos(infos, n)
        out.update(extra)
        return obs, rewards, term, trunc, out

    def report(self) -> list[dict[str, Any]]:
        """The reported-only metrics of each sub-env's last design (see RemoteEnv.report)."""
        rids = [self.connection.send("report", session=s) for s in self.sessions]
        return [self.connection.receive(r, "report")["metrics"] for r in rids]

    def render(self) -> None:
        """dsegym envs have no render modes; returns None."""
        return None

    def close_extras(self, **kwargs: Any) -> None:
        """Ends every session and, when this env opened it, the connection."""
        conn = getattr(self, "connection", None)
        if conn is None:
            return
        if not conn.closed:
            try:
                rids = [conn.send("close", session=s) for s in self.sessions]
                for r in rids:
                    conn.receive(r, "close")
            except Exception:  # the server may be gone; closing stays idempotent
                pass
        self.sessions = []
        if self._own_connection:
            conn.close()

    def __enter__(self) -> RemoteVectorEnv:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> bool:
        self.close()
        return False

    def __repr__(self) -> str:
        return f"RemoteVectorEnv({self.spec.id if self.spec else '?'}, num_envs={getattr(self, 'num_envs', '?')})"
