"""dsegym: Python client for the dsegym design-space-exploration environments.

Start a server (``dsegym serve``), then either use Gymnasium::

    import gymnasium, dsegym
    dsegym.register_envs()                       # every server env, by its id
    env = gymnasium.make("nas/NB201-v0", dataset="cifar100")
    envs = gymnasium.make_vec("nas/NB201-v0", num_envs=64)   # batched: one round trip per step

or the client directly (works without Gymnasium too)::

    env = dsegym.make("nas/NB201-v0", dataset="cifar100")
    obs, info = env.reset(seed=0)
    obs, reward, terminated, truncated, info = env.step(env.action_space.sample())

Depends on pyzmq, numpy and msgpack. When ``gymnasium`` is importable, envs are
``gymnasium.Env`` subclasses, vector envs ``gymnasium.vector.VectorEnv`` subclasses, spaces
Gymnasium spaces and errors Gymnasium's error types as well as dsegym's.
"""

from __future__ import annotations

from typing import Any

from ._compat import HAVE_GYMNASIUM, AutoresetMode
from .client import DEFAULT_ADDRESS, PROTOCOL, Connection
from .env import RemoteEnv
from .errors import (ConnectionClosed, DataError, DsegymError, InvalidAction, InvalidArgument, NameNotFound,
                     NotFound, ResetNeeded, ResourceExhausted, ServerTimeout, Unimplemented, VersionMismatch,
                     VersionNotFound)
from .registration import register_envs
from .vector import RemoteVectorEnv

__version__ = "0.2.0"


def make(env_id: str, address: str = DEFAULT_ADDRESS, **kwargs: Any) -> RemoteEnv:
    """Makes env ``env_id`` on the server at ``address``. Other keyword arguments are the env's
    kwargs, plus ``max_episode_steps``, ``timeout``, ``encoding`` and ``connection``."""
    return RemoteEnv(env_id, address=address, **kwargs)


def make_vec(env_id: str, num_envs: int, address: str = DEFAULT_ADDRESS, **kwargs: Any) -> RemoteVectorEnv:
    """``num_envs`` copies of ``env_id`` stepped with one round trip per step; ``autoreset_mode``
    chooses NEXT_STEP (default), SAME_STEP or DISABLED."""
    return RemoteVectorEnv(env_id, num_envs, address=address, **kwargs)


def list_envs(address: str = DEFAULT_ADDRESS, timeout: float = 30.0) -> list[dict[str, Any]]:
    """Descriptions of every environment the server offers."""
    with Connection(address, timeout=timeout) as c:
        envs: list[dict[str, Any]] = c.request("list")["envs"]
        return envs


def describe(env_id: str, address: str = DEFAULT_ADDRESS, timeout: float = 30.0, **kwargs: Any) -> dict[str, Any]:
    """The full description of ``env_id`` (spaces, metrics, kwargs, version)."""
    with Connection(address, timeout=timeout) as c:
        d: dict[str, Any] = c.request("describe", env_id=env_id, kwargs=kwargs)["description"]
        return d


__all__ = ["Connection", "RemoteEnv", "RemoteVectorEnv", "make", "make_vec", "list_envs", "describe",
           "register_envs", "AutoresetMode", "HAVE_GYMNASIUM",
           "DsegymError", "InvalidArgument", "InvalidAction", "NotFound", "NameNotFound", "VersionNotFound",
           "ResetNeeded", "ResourceExhausted", "ServerTimeout", "Unimplemented", "VersionMismatch", "DataError",
           "ConnectionClosed", "PROTOCOL", "DEFAULT_ADDRESS"]
