"""``EnvSpec``: Gymnasium's class when importable, else a compatible dataclass (same fields and
``make()``), so ``env.spec`` can re-create an env with the same id and kwargs."""

from __future__ import annotations

import dataclasses
import importlib
from typing import Any, Callable

from ._compat import gym


@dataclasses.dataclass
class FallbackEnvSpec:
    """The fields of ``gymnasium.envs.registration.EnvSpec`` that dsegym fills in."""

    id: str
    entry_point: str | Callable[..., Any] | None = None
    reward_threshold: float | None = None
    nondeterministic: bool = False
    max_episode_steps: int | None = None
    order_enforce: bool = True
    disable_env_checker: bool = False
    kwargs: dict[str, Any] = dataclasses.field(default_factory=dict)
    additional_wrappers: tuple[Any, ...] = ()
    vector_entry_point: str | Callable[..., Any] | None = None

    def make(self, **kwargs: Any) -> Any:
        """A new env from this spec (``kwargs`` override the spec's)."""
        creator = self.entry_point
        if isinstance(creator, str):
            module, attr = creator.split(":")
            creator = getattr(importlib.import_module(module), attr)
        if creator is None:
            raise ValueError(f"[dsegym.spec] {self.id} has no entry point")
        return creator(**{**self.kwargs, **kwargs})


EnvSpec: Any
if gym is not None:  # explicit submodule import: works while Gymnasium itself is importing (plugins)
    from gymnasium.envs.registration import EnvSpec
else:
    EnvSpec = FallbackEnvSpec

#: Entry points of the env and vector env classes (for ``gymnasium.register``).
ENTRY_POINT: str = "dsegym.env:RemoteEnv"
VECTOR_ENTRY_POINT: str = "dsegym.vector:RemoteVectorEnv"


def make_spec(description: dict[str, Any], kwargs: dict[str, Any], max_episode_steps: int | None = None) -> Any:
    """The spec of a made env: its id, the entry points, and the kwargs that re-create it."""
    return EnvSpec(id=description["id"], entry_point=ENTRY_POINT, vector_entry_point=VECTOR_ENTRY_POINT,
                   nondeterministic=bool(description.get("nondeterministic", False)),
                   max_episode_steps=max_episode_steps, kwargs=dict(kwargs))
