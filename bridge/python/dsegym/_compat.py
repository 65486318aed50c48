"""Whether Gymnasium is importable, and the pieces of it the client builds on.

When ``gymnasium`` imports, the client's envs, vector envs, spaces, specs and errors are
Gymnasium's own types; otherwise small compatible stand-ins from this package are used.
"""

from __future__ import annotations

import enum
from types import ModuleType
from typing import Any

gym: ModuleType | None
try:  # pragma: no cover - depends on the environment
    import gymnasium as gym
except ImportError:  # pragma: no cover
    gym = None

#: True when the client builds genuine Gymnasium objects.
HAVE_GYMNASIUM: bool = gym is not None


class _FallbackAutoresetMode(enum.Enum):
    """The autoreset modes of Gymnasium's vector envs (same names and values as ``gymnasium.vector.AutoresetMode``)."""

    NEXT_STEP = "NextStep"
    SAME_STEP = "SameStep"
    DISABLED = "Disabled"


def _autoreset_enum() -> Any:
    if gym is not None:
        try:
            from gymnasium.vector import AutoresetMode as _Mode  # Gymnasium >= 1.1

            return _Mode
        except ImportError:  # pragma: no cover - Gymnasium 1.0 has no enum
            pass
    return _FallbackAutoresetMode


#: ``gymnasium.vector.AutoresetMode`` when available, else an enum with the same members.
AutoresetMode: Any = _autoreset_enum()


def gym_error(name: str) -> type[Exception] | None:
    """The exception class ``gymnasium.error.<name>``, or None without Gymnasium."""
    if gym is None:
        return None
    import gymnasium.error

    return getattr(gymnasium.error, name, None)
