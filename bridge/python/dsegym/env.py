"""A dsegym environment served by ``dsegym serve``, with the Gymnasium API.

With Gymnasium importable, :class:`RemoteEnv` is a ``gymnasium.Env`` (``check_env`` passes);
otherwise it derives from :class:`FallbackEnv`, which reproduces the parts of ``gymnasium.Env``
it relies on (``np_random`` seeded by ``reset(seed=...)``, ``unwrapped``, ``spec``, ``close``).
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import numpy as np

from . import spaces as _spaces
from ._compat import gym
from .client import DEFAULT_ADDRESS, Connection
from .errors import ConnectionClosed, InvalidArgument
from .spec import make_spec

#: Largest accepted ``max_episode_steps`` (the server counts steps in 32 bits).
MAX_EPISODE_STEPS_LIMIT: int = 2**31 - 1


def check_max_episode_steps(value: Any) -> int | None:
    """``value`` as the protocol's ``max_episode_steps``: None, -1 (no limit) or 1 .. 2^31-1.
    Raises InvalidArgument otherwise (no silent wrap-around)."""
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise InvalidArgument(f"[dsegym.kwargs] max_episode_steps must be an integer, got {value!r}")
    v = int(value)
    if v != -1 and not 1 <= v <= MAX_EPISODE_STEPS_LIMIT:
        raise InvalidArgument(f"[dsegym.kwargs] max_episode_steps = {v} is out of range; valid: -1 (no limit) "
                              f"or 1 .. {MAX_EPISODE_STEPS_LIMIT}")
    return v


def _np_random(seed: int | None) -> tuple[np.random.Generator, int]:
    """Gymnasium's seeding: PCG64 from a SeedSequence of ``seed`` (fresh entropy for None)."""
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0):
        raise InvalidArgument(f"[dsegym.seed] a seed must be a non-negative integer or None, got {seed!r}")
    seq = np.random.SeedSequence(None if seed is None else int(seed))
    return np.random.Generator(np.random.PCG64(seq)), int(seq.entropy)  # type: ignore[arg-type]


class FallbackEnv:
    """The subset of ``gymnasium.Env`` used when Gymnasium is not installed."""

    metadata: dict[str, Any] = {"render_modes": []}
    render_mode: str | None = None
    spec: Any = None
    _np_random: np.random.Generator | None = None
    _np_random_seed: int | None = None

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> Any:
        """Re-creates ``np_random`` from ``seed`` when one is given (as ``gymnasium.Env.reset``)."""
        if seed is not None:
            self._np_random, self._np_random_seed = _np_random(seed)

    @property
    def np_random(self) -> np.random.Generator:
        """The env's random generator (seeded by ``reset(seed=...)``; lazily from entropy)."""
        if self._np_random is None:
            self._np_random, self._np_random_seed = _np_random(None)
        return self._np_random

    @np_random.setter
    def np_random(self, value: np.random.Generator) -> None:
        self._np_random, self._np_random_seed = value, -1

    @property
    def np_random_seed(self) -> int:
        """The seed of ``np_random`` (-1 when it was set directly)."""
        if self._np_random_seed is None:
            self._np_random, self._np_random_seed = _np_random(None)
        return self._np_random_seed

    @property
    def unwrapped(self) -> Any:
        """The env itself (there are no wrappers without Gymnasium)."""
        return self


_Base: Any = gym.Env if gym is not None else FallbackEnv


class RemoteEnv(_Base):  # type: ignore[misc, valid-type]
    """A Gymnasium env backed by a session on a dsegym server.

    ``reset(seed=None, options=None) -> (obs, info)``; ``step(action) -> (obs, reward, terminated,
    truncated, info)``. ``info`` holds the env's metrics (``{"metrics": {name: value}, "cost": ...}``);
    units and directions are in ``self.description["metrics"]``. :meth:`report` returns the
    reported-only metrics (e.g. NAS-Bench-201's test accuracy) of the last design.

    Seeding follows Gymnasium: ``reset(seed=s)`` re-creates ``np_random`` and seeds the server env
    with ``s``; the action and observation spaces are seeded once, from the first seed given to
    ``reset`` (seed them yourself with ``env.action_space.seed(...)`` to choose otherwise), so a
    loop of ``reset(seed=fixed)`` still samples different actions each episode.
    """

    metadata: dict[str, Any] = {"render_modes": []}

    def __init__(self, env_id: str, address: str = DEFAULT_ADDRESS, connection: Connection | None = None,
                 max_episode_steps: int | None = None, timeout: float = 30.0, encoding: str = "msgpack",
                 render_mode: str | None = None, **kwargs: Any) -> None:
        if render_mode is not None:
            raise InvalidArgument(f"[dsegym.render] render_mode {render_mode!r} is not supported; valid: None")
        self.render_mode = None
        self._closed = True
        max_steps = check_max_episode_steps(max_episode_steps)
        self._own_connection = connection is None
        #: The connection this env's requests travel on.
        self.connection: Connection = connection or Connection(address, timeout=timeout, encoding=encoding)
        fields: dict[str, Any] = {"env_id": env_id, "kwargs": kwargs}
        if max_steps is not None:
            fields["max_episode_steps"] = max_steps
        try:
            reply = self.connection.request("make", **fields)
        except BaseException:
            if self._own_connection:
                self.connection.close()
            raise
        #: The server's session id.
        self.session: int = reply["session"]
        #: The server's description: spaces, metrics, kwargs (resolved), version.
        self.description: dict[str, Any] = reply["description"]
        #: The env id as the server resolved it (with version).
        self.env_id: str = self.description["id"]
        self.observation_space = _spaces.from_description(self.description["observation_space"])
        self.action_space = _spaces.from_description(self.description["action_space"])
        self._spaces_seeded = False
        self._closed = False
        spec_kwargs: dict[str, Any] = {"env_id": env_id, "address": self.connection.address,
                                       **self.description.get("kwargs", kwargs)}
        if max_steps is not None:
            spec_kwargs["max_episode_steps"] = max_steps
        self.spec = make_spec(self.description, spec_kwargs)

    def _check_open(self) -> None:
        if self._closed:
            raise ConnectionClosed(f"[dsegym.env] {self.env_id} is closed")

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[Any, dict[str, Any]]:
        """Starts an episode. ``seed`` (int >= 0) re-seeds the env and ``np_random``; None keeps
        the env's generator running. ``options`` is accepted for API compatibility and unused."""
        super().reset(seed=seed)
        self._check_open()
        fields: dict[str, Any] = {"session": self.session}
        if seed is not None:
            fields["seed"] = int(seed)
            if not self._spaces_seeded:
                self.action_space.seed(int(seed))
                self.observation_space.seed(int(seed))
                self._spaces_seeded = True
        reply = self.connection.request("reset", **fields)
        return _spaces.from_wire(self.observation_space, reply["observation"]), reply["info"]

    def step(self, action: Any) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        """Applies ``action``; raises InvalidAction for a value outside the action space (the
        episode stays usable) and ResetNeeded before reset or after the episode ended."""
        self._check_open()
        reply = self.connection.request("step", session=self.session,
                                        action=_spaces.to_wire(self.action_space, action))
        return (_spaces.from_wire(self.observation_space, reply["observation"]), float(reply["reward"]),
                bool(reply["terminated"]), bool(reply["truncated"]), reply["info"])

    def report(self) -> dict[str, Any]:
        """The reported-only metrics of the last step's design (e.g. ``test_acc``), which the
        agent must not optimise on but a leaderboard scores. Needs a server with the ``report``
        capability; for envs that train networks the server retrains to compute them."""
        self._check_open()
        return self.connection.request("report", session=self.session)["metrics"]

    def render(self) -> None:
        """dsegym envs have no render modes; returns None."""
        return None

    def close(self) -> None:
        """Ends the session (idempotent; also when the server is gone)."""
        if getattr(self, "_closed", True):
            return
        self._closed = True
        try:
            self.connection.request("close", session=self.session)
        except Exception:  # the server may be gone; closing stays idempotent
            pass
        if self._own_connection:
            self.connection.close()

    def __enter__(self) -> RemoteEnv:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> bool:
        self.close()
        return False

    def __repr__(self) -> str:
        return f"<RemoteEnv {getattr(self, 'env_id', '?')} session {getattr(self, 'session', '?')}>"

    def __str__(self) -> str:
        return self.__repr__()
