"""dsegym: Python client for the dsegym design-space-exploration environments.

Start a server (`dsegym serve`), then:

    import dsegym
    env = dsegym.make("nas/NB201-v0", address="tcp://127.0.0.1:5555", dataset="cifar100")
    obs, info = env.reset(seed=0)
    obs, reward, terminated, truncated, info = env.step(env.action_space.sample())

Depends only on pyzmq and numpy. When `gymnasium` is importable, envs are gymnasium.Env subclasses
and spaces are gymnasium spaces.
"""

from .client import DEFAULT_ADDRESS, PROTOCOL, Connection
from .env import RemoteEnv
from .errors import (ConnectionClosed, DataError, DsegymError, InvalidArgument, NotFound, ResetNeeded,
                     ResourceExhausted, ServerTimeout, Unimplemented, VersionMismatch)
from .vector import RemoteVectorEnv

__version__ = "0.1.0"


def make(env_id: str, address: str = DEFAULT_ADDRESS, **kwargs) -> RemoteEnv:
    """Makes env `env_id` on the server at `address`; other keyword arguments are the env's kwargs
    (plus `max_episode_steps`, `timeout`, `encoding`, `connection`)."""
    return RemoteEnv(env_id, address=address, **kwargs)


def make_vec(env_id: str, num_envs: int, address: str = DEFAULT_ADDRESS, **kwargs) -> RemoteVectorEnv:
    """`num_envs` copies of `env_id`, stepped with one round trip per step."""
    return RemoteVectorEnv(env_id, num_envs, address=address, **kwargs)


def list_envs(address: str = DEFAULT_ADDRESS, timeout: float = 30.0) -> list:
    """Descriptions of every environment the server offers."""
    with Connection(address, timeout=timeout) as c:
        return c.request("list")["envs"]


def describe(env_id: str, address: str = DEFAULT_ADDRESS, timeout: float = 30.0, **kwargs) -> dict:
    """The full description of `env_id` (spaces, metrics, kwargs, version)."""
    with Connection(address, timeout=timeout) as c:
        return c.request("describe", env_id=env_id, kwargs=kwargs)["description"]


__all__ = ["Connection", "RemoteEnv", "RemoteVectorEnv", "make", "make_vec", "list_envs", "describe",
           "DsegymError", "InvalidArgument", "NotFound", "ResetNeeded", "ResourceExhausted", "ServerTimeout",
           "Unimplemented", "VersionMismatch", "DataError", "ConnectionClosed", "PROTOCOL", "DEFAULT_ADDRESS"]
