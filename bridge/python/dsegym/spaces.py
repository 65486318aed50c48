"""Spaces built from the server's descriptions, and the conversions between Python values and the
wire.

When Gymnasium is importable, :func:`from_description` builds genuine ``gymnasium.spaces``
objects. Otherwise it builds the light stand-ins below, which follow Gymnasium's behaviour for
what the client needs: ``shape``, ``dtype``, ``seed``, ``sample(mask=...)`` (masks are honoured),
``contains`` and ``np_random``. A Dict keeps the server's key order in both cases.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ._compat import gym
from .errors import InvalidAction

_gym_spaces: Any = None
if gym is not None:
    import gymnasium.spaces as _gym_spaces

#: True when :func:`from_description` builds Gymnasium spaces.
HAVE_GYMNASIUM: bool = _gym_spaces is not None


def _rng(seed: int | None) -> np.random.Generator:
    if seed is not None and (not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0):
        raise ValueError(f"a seed must be a non-negative integer or None, got {seed!r}")
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(None if seed is None else int(seed))))


class Space:
    """Base of the stand-in spaces: a shape, a dtype and a seeded ``np_random``."""

    def __init__(self, shape: tuple[int, ...] | None = None, dtype: Any = None, seed: int | None = None) -> None:
        self._shape = shape
        self.dtype = np.dtype(dtype) if dtype is not None else None
        self.np_random = _rng(seed)

    @property
    def shape(self) -> tuple[int, ...] | None:
        """The shape of a value of this space (None for Tuple and Dict)."""
        return self._shape

    def seed(self, seed: int | None = None) -> list[int | None]:
        """Re-creates the space's random generator from ``seed`` (None: fresh entropy)."""
        self.np_random = _rng(seed)
        return [seed]

    def sample(self, mask: Any = None, probability: Any = None) -> Any:
        """A random value of the space."""
        raise NotImplementedError

    def contains(self, x: Any) -> bool:
        """Whether ``x`` is a value of this space."""
        raise NotImplementedError

    def __contains__(self, x: Any) -> bool:
        return self.contains(x)


def _check_mask(mask: Any, n: int, what: str) -> np.ndarray:
    m = np.asarray(mask)
    if m.dtype != np.int8 or m.shape != (n,):
        raise ValueError(f"{what} mask must be an int8 array of shape ({n},), got {m.dtype} {m.shape}")
    if not np.all((m == 0) | (m == 1)):
        raise ValueError(f"{what} mask entries must be 0 or 1")
    return m


def _pick(rng: np.random.Generator, n: int, start: int, mask: Any, probability: Any) -> int:
    if mask is not None and probability is not None:
        raise ValueError("pass either a mask or a probability, not both")
    if mask is not None:
        allowed = np.flatnonzero(_check_mask(mask, n, "a Discrete"))
        return start if len(allowed) == 0 else int(start + rng.choice(allowed))
    if probability is not None:
        p = np.asarray(probability, dtype=np.float64)
        if p.shape != (n,) or np.any(p < 0) or not np.isclose(p.sum(), 1.0):
            raise ValueError(f"probability must be {n} non-negative numbers summing to 1")
        return int(start + rng.choice(n, p=p))
    return int(start + rng.integers(n))


class Discrete(Space):
    """Integers ``start .. start + n - 1``."""

    def __init__(self, n: int, start: int = 0, seed: int | None = None) -> None:
        super().__init__((), np.int64, seed)
        if int(n) <= 0:
            raise ValueError(f"a Discrete space needs n > 0, got {n}")
        self.n, self.start = int(n), int(start)

    def sample(self, mask: Any = None, probability: Any = None) -> np.int64:
        """A random element; ``mask`` (int8[n], 1 = allowed; all zero gives ``start``) or
        ``probability`` (float[n]) restrict it."""
        return np.int64(_pick(self.np_random, self.n, self.start, mask, probability))

    def contains(self, x: Any) -> bool:
        if isinstance(x, (bool, np.bool_)):
            return False
        if isinstance(x, (int, np.integer)):
            v = int(x)
        elif isinstance(x, np.ndarray) and x.shape == () and np.issubdtype(x.dtype, np.integer):
            v = int(x)
        else:
            return False
        return self.start <= v < self.start + self.n

    def __repr__(self) -> str:
        return f"Discrete({self.n}, start={self.start})" if self.start else f"Discrete({self.n})"


class MultiDiscrete(Space):
    """Arrays of integers, element ``i`` in ``start[i] .. start[i] + nvec[i] - 1``."""

    def __init__(self, nvec: Any, start: Any = None, seed: int | None = None) -> None:
        self.nvec = np.asarray(nvec, dtype=np.int64)
        if np.any(self.nvec <= 0):
            raise ValueError("a MultiDiscrete space needs every nvec entry > 0")
        self.start = np.zeros_like(self.nvec) if start is None else np.asarray(start, dtype=np.int64).reshape(self.nvec.shape)
        super().__init__(self.nvec.shape, np.int64, seed)

    def sample(self, mask: Any = None, probability: Any = None) -> np.ndarray:
        """A random element; ``mask`` is a tuple of int8 masks, one per (1-D) dimension."""
        if mask is None and probability is None:
            return (self.start + self.np_random.integers(self.nvec)).astype(np.int64)
        if self.nvec.ndim != 1:
            raise ValueError("masks are supported for 1-D MultiDiscrete spaces only")
        per = mask if mask is not None else probability
        if not isinstance(per, (tuple, list)) or len(per) != len(self.nvec):
            raise ValueError(f"a MultiDiscrete mask is a tuple of {len(self.nvec)} per-dimension masks")
        out = [_pick(self.np_random, int(n), int(s), m if mask is not None else None,
                     m if probability is not None else None)
               for n, s, m in zip(self.nvec, self.start, per)]
        return np.asarray(out, dtype=np.int64)

    def contains(self, x: Any) -> bool:
        if isinstance(x, Sequence) and not isinstance(x, (str, bytes)):
            x = np.asarray(x)
        if not isinstance(x, np.ndarray) or x.shape != self.nvec.shape or not np.issubdtype(x.dtype, np.integer):
            return False
        return bool(np.all(x >= self.start)) and bool(np.all(x < self.start + self.nvec))

    def __repr__(self) -> str:
        return f"MultiDiscrete({self.nvec.tolist()})"


class MultiBinary(Space):
    """Arrays of 0/1 of shape ``n`` (an int or a shape)."""

    def __init__(self, n: int | Sequence[int], seed: int | None = None) -> None:
        self.n: int | tuple[int, ...] = int(n) if isinstance(n, (int, np.integer)) else tuple(int(k) for k in n)
        super().__init__((self.n,) if isinstance(self.n, int) else self.n, np.int8, seed)

    def sample(self, mask: Any = None, probability: Any = None) -> np.ndarray:
        """A random element; ``mask`` (int8, same shape): 0 and 1 fix a bit, 2 leaves it random."""
        assert self.shape is not None
        bits = self.np_random.integers(0, 2, size=self.shape, dtype=np.int8)
        if mask is not None:
            m = np.asarray(mask)
            if m.shape != self.shape or not np.all((m == 0) | (m == 1) | (m == 2)):
                raise ValueError(f"a MultiBinary mask is an int8 array of shape {self.shape} with entries 0, 1, 2")
            bits = np.where(m == 2, bits, m).astype(np.int8)
        return bits

    def contains(self, x: Any) -> bool:
        if isinstance(x, Sequence):
            x = np.asarray(x)
        return isinstance(x, np.ndarray) and x.shape == self.shape and \
            np.issubdtype(x.dtype, np.integer) and bool(np.all((x == 0) | (x == 1)))

    def __repr__(self) -> str:
        return f"MultiBinary({self.n})"


class Box(Space):
    """Arrays with per-element bounds ``low <= x <= high`` (bounds may be infinite)."""

    def __init__(self, low: Any, high: Any, shape: Sequence[int] | None = None, dtype: Any = np.float32,
                 seed: int | None = None) -> None:
        lo = np.asarray(low, dtype=np.float64)
        self.low = np.broadcast_to(lo, tuple(shape)).copy() if shape is not None else lo
        self.high = np.broadcast_to(np.asarray(high, dtype=np.float64), self.low.shape).copy()
        super().__init__(tuple(self.low.shape), dtype, seed)

    def sample(self, mask: Any = None, probability: Any = None) -> np.ndarray:
        """Uniform on bounded elements, exponential on half-bounded, normal on unbounded ones."""
        if mask is not None or probability is not None:
            raise ValueError("Box spaces take no sampling masks")
        assert self.dtype is not None
        lo, hi = self.low, self.high
        bounded = np.isfinite(lo) & np.isfinite(hi)
        x = np.where(bounded, self.np_random.uniform(np.where(bounded, lo, 0), np.where(bounded, hi, 1)),
                     self.np_random.normal(size=self.shape))
        x = np.where(np.isfinite(lo) & ~np.isfinite(hi), lo + self.np_random.exponential(size=self.shape), x)
        x = np.where(~np.isfinite(lo) & np.isfinite(hi), hi - self.np_random.exponential(size=self.shape), x)
        if np.issubdtype(self.dtype, np.integer):
            x = np.floor(x)
        return np.clip(x, lo, hi).astype(self.dtype)

    def contains(self, x: Any) -> bool:
        if not isinstance(x, np.ndarray):
            x = np.asarray(x)
        assert self.dtype is not None
        if x.shape != self.shape or not np.can_cast(x.dtype, self.dtype):
            return False
        return bool(np.all(x >= self.low)) and bool(np.all(x <= self.high))

    def __repr__(self) -> str:
        return f"Box({self.low.min()}, {self.high.max()}, {self.shape}, {self.dtype})"


class Tuple(Space):
    """A fixed-length tuple of spaces."""

    def __init__(self, spaces: Iterable[Space], seed: int | None = None) -> None:
        self.spaces = tuple(spaces)
        super().__init__(None, None, seed)

    def sample(self, mask: Any = None, probability: Any = None) -> tuple[Any, ...]:
        """A tuple of samples; ``mask`` is a tuple of per-element masks (or None)."""
        masks = mask if mask is not None else (None,) * len(self.spaces)
        return tuple(s.sample(mask=m) for s, m in zip(self.spaces, masks))

    def contains(self, x: Any) -> bool:
        return isinstance(x, (tuple, list)) and len(x) == len(self.spaces) and \
            all(s.contains(v) for s, v in zip(self.spaces, x))

    def seed(self, seed: int | None = None) -> list[int | None]:
        super().seed(seed)
        subseeds = self.np_random.integers(2**31, size=len(self.spaces)) if seed is not None else [None] * len(self.spaces)
        for s, k in zip(self.spaces, subseeds):
            s.seed(None if k is None else int(k))
        return [seed]

    def __repr__(self) -> str:
        return "Tuple(" + ", ".join(map(repr, self.spaces)) + ")"


class Dict(Space):
    """Named spaces, in the order given (the server's order)."""

    def __init__(self, spaces: Mapping[str, Space] | Iterable[tuple[str, Space]], seed: int | None = None) -> None:
        self.spaces: dict[str, Space] = dict(spaces.items() if isinstance(spaces, Mapping) else spaces)
        super().__init__(None, None, seed)

    def keys(self) -> Any:
        """The keys, in order."""
        return self.spaces.keys()

    def __getitem__(self, key: str) -> Space:
        return self.spaces[key]

    def sample(self, mask: Any = None, probability: Any = None) -> dict[str, Any]:
        """A dict of samples (in key order); ``mask`` maps keys to per-space masks."""
        masks = mask if mask is not None else {}
        return {k: s.sample(mask=masks.get(k)) for k, s in self.spaces.items()}

    def contains(self, x: Any) -> bool:
        return isinstance(x, Mapping) and set(x) == set(self.spaces) and \
            all(self.spaces[k].contains(x[k]) for k in self.spaces)

    def seed(self, seed: int | None = None) -> list[int | None]:
        super().seed(seed)
        subseeds = self.np_random.integers(2**31, size=len(self.spaces)) if seed is not None else [None] * len(self.spaces)
        for s, k in zip(self.spaces.values(), subseeds):
            s.seed(None if k is None else int(k))
        return [seed]

    def __repr__(self) -> str:
        return "Dict(" + ", ".join(f"{k!r}: {s!r}" for k, s in self.spaces.items()) + ")"


def _bound(v: Any) -> float:
    return float("inf") if v == "inf" else float("-inf") if v == "-inf" else float(v)


_BOX_DTYPES: dict[str, Any] = {"float32": np.float32, "float64": np.float64, "int64": np.int64}


def from_description(d: Mapping[str, Any], use_gymnasium: bool = HAVE_GYMNASIUM) -> Any:
    """Builds a space from the server's description (Gymnasium vocabulary, see PROTOCOL.md)."""
    g = _gym_spaces if use_gymnasium else None
    t = d["type"]
    if t == "Discrete":
        return (g.Discrete if g else Discrete)(int(d["n"]), start=int(d.get("start", 0)))
    if t == "MultiDiscrete":
        nvec = np.asarray(d["nvec"], dtype=np.int64)
        start = np.asarray(d.get("start", [0] * len(nvec)), dtype=np.int64)
        return g.MultiDiscrete(nvec, start=start) if g else MultiDiscrete(nvec, start)
    if t == "MultiBinary":
        return (g.MultiBinary if g else MultiBinary)(d["n"])
    if t == "Box":
        shape = tuple(int(k) for k in d["shape"])
        dtype = _BOX_DTYPES[d.get("dtype", "float64")]
        low = np.array([_bound(v) for v in d["low"]], dtype=np.float64).reshape(shape)
        high = np.array([_bound(v) for v in d["high"]], dtype=np.float64).reshape(shape)
        if g:
            if np.issubdtype(dtype, np.integer):  # Gymnasium wants integer bounds in the dtype
                info = np.iinfo(dtype)
                low = np.where(np.isfinite(low), low, info.min)
                high = np.where(np.isfinite(high), high, info.max)
            return g.Box(low.astype(dtype), high.astype(dtype), shape=shape, dtype=dtype)
        return Box(low, high, shape, dtype)
    if t == "Tuple":
        return (g.Tuple if g else Tuple)([from_description(s, use_gymnasium) for s in d["spaces"]])
    if t == "Dict":
        pairs = [(str(k), from_description(s, use_gymnasium)) for k, s in d["spaces"]]
        # A list of pairs keeps the order (a plain dict would be key-sorted by Gymnasium).
        return g.Dict(pairs) if g else Dict(pairs)
    raise ValueError(f"[dsegym.space] unknown space type {t!r}; known: Discrete, MultiDiscrete, MultiBinary, "
                     "Box, Tuple, Dict")


def _kind(space: Any) -> str:
    return type(space).__name__


def _integer_array(space: Any, x: Any, what: str) -> np.ndarray:
    a = x if isinstance(x, np.ndarray) else np.asarray(x)
    if a.dtype.kind not in "iub":
        raise InvalidAction(f"[dsegym.action] {what} of {space!r} must hold integers, got {a.dtype} {x!r} "
                            "(floats are refused, not truncated)")
    return a


def to_wire(space: Any, x: Any) -> Any:
    """An action (or observation) as plain Python values for the wire. Raises InvalidAction for
    values of the wrong type or shape (e.g. a float for an integer space); range checks are the
    server's."""
    name = _kind(space)
    if name == "Discrete":
        if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, np.integer, np.ndarray)):
            raise InvalidAction(f"[dsegym.action] {space!r} takes an integer, got {type(x).__name__} {x!r}"
                                " (floats are refused, not truncated)")
        if isinstance(x, np.ndarray):
            if x.shape != () or x.dtype.kind not in "iu":
                raise InvalidAction(f"[dsegym.action] {space!r} takes an integer, got an array {x.dtype} {x.shape}")
        return int(x)
    if name in ("MultiDiscrete", "MultiBinary"):
        a = _integer_array(space, x, "an action")
        if a.shape != space.shape:
            raise InvalidAction(f"[dsegym.action] {space!r} takes shape {space.shape}, got {a.shape}")
        return a.astype(np.int64, copy=False).ravel().tolist()
    if name == "Box":
        if np.issubdtype(space.dtype, np.integer):
            a = _integer_array(space, x, "an action")
        else:
            a = np.asarray(x, dtype=np.float64)
        if a.shape != space.shape:
            raise InvalidAction(f"[dsegym.action] {space!r} takes shape {space.shape}, got {a.shape}")
        return a.tolist()
    if name == "Tuple":
        if not isinstance(x, (tuple, list)) or len(x) != len(space.spaces):
            raise InvalidAction(f"[dsegym.action] a Tuple action needs {len(space.spaces)} entries, got {x!r}")
        return [to_wire(s, v) for s, v in zip(space.spaces, x)]
    if name == "Dict":
        if not isinstance(x, Mapping):
            raise InvalidAction(f"[dsegym.action] a Dict action is a mapping, got {type(x).__name__}")
        missing = [k for k in space.spaces if k not in x]
        extra = [k for k in x if k not in space.spaces]
        if missing or extra:
            raise InvalidAction(f"[dsegym.action] a Dict action needs exactly the keys {list(space.spaces)}; "
                                f"missing {missing}, unknown {extra}")
        return {k: to_wire(s, x[k]) for k, s in space.spaces.items()}
    raise InvalidAction(f"[dsegym.action] unsupported space {space!r}")


def from_wire(space: Any, v: Any) -> Any:
    """A wire value in the numpy form Gymnasium code expects."""
    name = _kind(space)
    if name == "Discrete":
        return np.int64(v)
    if name in ("MultiDiscrete", "MultiBinary", "Box"):
        return np.asarray(v, dtype=space.dtype).reshape(space.shape)
    if name == "Tuple":
        return tuple(from_wire(s, x) for s, x in zip(space.spaces, v))
    if name == "Dict":
        return {k: from_wire(s, v[k]) for k, s in space.spaces.items()}
    return v


# ----- batches (vector envs) --------------------------------------------------------------------

def batch_space(space: Any, n: int) -> Any:
    """The space of ``n`` stacked values of ``space`` (Gymnasium's ``batch_space`` when available)."""
    if HAVE_GYMNASIUM and not isinstance(space, Space):
        from gymnasium.vector.utils import batch_space as _gym_batch_space

        return _gym_batch_space(space, n)
    name = _kind(space)
    if name == "Discrete":
        return MultiDiscrete(np.full(n, space.n, dtype=np.int64), start=np.full(n, space.start, dtype=np.int64))
    if name == "MultiDiscrete":
        reps = (n,) + (1,) * space.nvec.ndim
        return MultiDiscrete(np.tile(space.nvec, reps), start=np.tile(space.start, reps))
    if name == "MultiBinary":
        return MultiBinary((n,) + tuple(space.shape))
    if name == "Box":
        reps = (n,) + (1,) * space.low.ndim
        return Box(np.tile(space.low, reps), np.tile(space.high, reps), dtype=space.dtype)
    if name == "Tuple":
        return Tuple([batch_space(s, n) for s in space.spaces])
    if name == "Dict":
        return Dict([(k, batch_space(s, n)) for k, s in space.spaces.items()])
    raise ValueError(f"cannot batch {space!r}")


def stack_from_wire(space: Any, values: list[Any]) -> Any:
    """Wire values of ``len(values)`` sub-envs as one batched value (arrays with a leading axis)."""
    name = _kind(space)
    if name == "Discrete":
        return np.asarray(values, dtype=np.int64)
    if name in ("MultiDiscrete", "MultiBinary", "Box"):
        return np.asarray(values, dtype=space.dtype).reshape((len(values),) + tuple(space.shape))
    if name == "Tuple":
        return tuple(stack_from_wire(s, [v[i] for v in values]) for i, s in enumerate(space.spaces))
    if name == "Dict":
        return {k: stack_from_wire(s, [v[k] for v in values]) for k, s in space.spaces.items()}
    return values


def _check_bounds(space: Any, a: np.ndarray) -> None:
    """Vectorised range check of a batch (so a bad sub-env action fails before any sub-env steps)."""
    name = _kind(space)
    if name == "Discrete":
        lo, hi = space.start, space.start + space.n - 1
    elif name == "MultiDiscrete":
        lo, hi = space.start, space.start + space.nvec - 1
    elif name == "MultiBinary":
        lo, hi = 0, 1
    else:
        lo, hi = space.low, space.high
    bad = (a < lo) | (a > hi)
    if name == "Box" and np.issubdtype(a.dtype, np.floating):
        bad |= np.isnan(a)
    if np.any(bad):
        where = np.argwhere(bad)[0].tolist()
        raise InvalidAction(f"[dsegym.action] batched action{where} = {a[tuple(where)]!r} is outside {space!r}; "
                            "no sub-env was stepped")


def unstack_to_wire(space: Any, actions: Any, n: int) -> list[Any]:
    """A batched action (leading axis ``n``) as ``n`` wire values. Raises InvalidAction for the
    wrong type, shape or range (checked for the whole batch before anything is sent)."""
    name = _kind(space)
    if name == "Discrete":
        if isinstance(actions, (list, tuple)) and len(actions) == n:
            return [to_wire(space, a) for a in actions]
        a = _integer_array(space, actions, "a batched action")
        if a.shape != (n,):
            raise InvalidAction(f"[dsegym.action] a batched action of {space!r} has shape ({n},), got {a.shape}")
        _check_bounds(space, a)
        return a.astype(np.int64, copy=False).tolist()
    if name in ("MultiDiscrete", "MultiBinary", "Box"):
        if name == "Box" and not np.issubdtype(space.dtype, np.integer):
            a = np.asarray(actions, dtype=np.float64)
        else:
            a = _integer_array(space, actions, "a batched action")
        want = (n,) + tuple(space.shape)
        if a.shape != want:
            raise InvalidAction(f"[dsegym.action] a batched action of {space!r} has shape {want}, got {a.shape}")
        _check_bounds(space, a)
        if name == "Box":
            return a.tolist()
        return a.astype(np.int64, copy=False).reshape(n, -1).tolist()
    if name == "Tuple":
        if isinstance(actions, (list, tuple)) and len(actions) == len(space.spaces):
            cols = [unstack_to_wire(s, c, n) for s, c in zip(space.spaces, actions)]
            return [list(t) for t in zip(*cols)]
        raise InvalidAction(f"[dsegym.action] a batched Tuple action is a tuple of {len(space.spaces)} batches")
    if name == "Dict":
        if isinstance(actions, Mapping):
            missing = [k for k in space.spaces if k not in actions]
            extra = [k for k in actions if k not in space.spaces]
            if missing or extra:
                raise InvalidAction(f"[dsegym.action] a batched Dict action needs exactly the keys "
                                    f"{list(space.spaces)}; missing {missing}, unknown {extra}")
            cols = {k: unstack_to_wire(s, actions[k], n) for k, s in space.spaces.items()}
            return [{k: cols[k][i] for k in space.spaces} for i in range(n)]
        if isinstance(actions, (list, tuple)) and len(actions) == n:  # a list of per-env dicts
            return [to_wire(space, a) for a in actions]
        raise InvalidAction("[dsegym.action] a batched Dict action maps each key to a batch")
    raise InvalidAction(f"[dsegym.action] unsupported space {space!r}")
