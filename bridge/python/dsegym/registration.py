"""Registration of the server's envs with Gymnasium, so that ``gymnasium.make(id)`` and
``gymnasium.make_vec(id, n)`` reach them (the latter through the batched ``vector_entry_point``).
"""

from __future__ import annotations

import os
from typing import Any

from ._compat import gym
from .client import DEFAULT_ADDRESS, Connection
from .errors import DsegymError
from .spec import ENTRY_POINT, VECTOR_ENTRY_POINT


def register_envs(address: str | None = None, timeout: float = 30.0) -> list[str]:
    """Registers every env the server at ``address`` (default ``$DSEGYM_ADDRESS`` or
    tcp://127.0.0.1:5555) offers with Gymnasium, under the server's ids (e.g. ``nas/NB201-v0``),
    with ``entry_point`` (a :class:`~dsegym.env.RemoteEnv`) and ``vector_entry_point`` (a
    :class:`~dsegym.vector.RemoteVectorEnv`, one ``step_batch`` per step). Returns the ids.
    Raises ImportError without Gymnasium and ServerTimeout when no server answers."""
    if gym is None:
        raise ImportError("dsegym.register_envs needs the gymnasium package; without it use dsegym.make / "
                          "dsegym.make_vec")
    from gymnasium.envs.registration import register, registry

    address = address or os.environ.get("DSEGYM_ADDRESS", DEFAULT_ADDRESS)
    with Connection(address, timeout=timeout) as c:
        envs: list[dict[str, Any]] = c.request("list")["envs"]
    ids = []
    for e in envs:
        if e["id"] in registry:
            del registry[e["id"]]  # re-registering (another address) replaces the entry quietly
        register(id=e["id"], entry_point=ENTRY_POINT, vector_entry_point=VECTOR_ENTRY_POINT,
                 nondeterministic=bool(e.get("nondeterministic", False)),
                 kwargs={"env_id": e["id"], "address": address})
        ids.append(e["id"])
    return ids
