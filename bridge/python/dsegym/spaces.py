"""Spaces built from the server's descriptions. When the `gymnasium` package is importable these are
genuine gymnasium.spaces objects; otherwise the compatible classes below (sample, contains, seed,
shape, dtype) are used."""

import numpy as np

from .errors import InvalidArgument

try:  # pragma: no cover - depends on the environment
    import gymnasium.spaces as _gym_spaces
except ImportError:  # pragma: no cover
    _gym_spaces = None

HAVE_GYMNASIUM = _gym_spaces is not None


class Space:
    def __init__(self, shape=None, dtype=None, seed=None):
        self.shape = shape
        self.dtype = np.dtype(dtype) if dtype is not None else None
        self.np_random = np.random.default_rng(seed)

    def seed(self, seed=None):
        self.np_random = np.random.default_rng(seed)
        return [seed]

    def __contains__(self, x):
        return self.contains(x)


class Discrete(Space):
    def __init__(self, n, start=0, seed=None):
        super().__init__((), np.int64, seed)
        self.n, self.start = int(n), int(start)

    def sample(self, mask=None):
        if mask is not None:
            allowed = np.flatnonzero(np.asarray(mask))
            return self.start if len(allowed) == 0 else int(self.start + self.np_random.choice(allowed))
        return int(self.start + self.np_random.integers(self.n))

    def contains(self, x):
        try:
            v = int(x)
        except (TypeError, ValueError):
            return False
        return v == x and self.start <= v < self.start + self.n

    def __repr__(self):
        return f"Discrete({self.n}, start={self.start})" if self.start else f"Discrete({self.n})"


class MultiDiscrete(Space):
    def __init__(self, nvec, start=None, seed=None):
        self.nvec = np.asarray(nvec, dtype=np.int64)
        self.start = np.zeros_like(self.nvec) if start is None else np.asarray(start, dtype=np.int64)
        super().__init__(self.nvec.shape, np.int64, seed)

    def sample(self, mask=None):
        return (self.start + self.np_random.integers(self.nvec)).astype(np.int64)

    def contains(self, x):
        x = np.asarray(x)
        return x.shape == self.nvec.shape and np.issubdtype(x.dtype, np.integer) and \
            bool(np.all(x >= self.start)) and bool(np.all(x < self.start + self.nvec))

    def __repr__(self):
        return f"MultiDiscrete({self.nvec.tolist()})"


class MultiBinary(Space):
    def __init__(self, n, seed=None):
        self.n = int(n)
        super().__init__((self.n,), np.int8, seed)

    def sample(self, mask=None):
        return self.np_random.integers(0, 2, size=self.n, dtype=np.int8)

    def contains(self, x):
        x = np.asarray(x)
        return x.shape == (self.n,) and bool(np.all((x == 0) | (x == 1)))

    def __repr__(self):
        return f"MultiBinary({self.n})"


class Box(Space):
    def __init__(self, low, high, shape=None, dtype=np.float32, seed=None):
        self.low = np.asarray(low, dtype=np.float64).reshape(shape) if shape is not None else np.asarray(low, np.float64)
        self.high = np.asarray(high, dtype=np.float64).reshape(self.low.shape)
        super().__init__(self.low.shape, dtype, seed)

    def sample(self, mask=None):
        lo, hi = self.low, self.high
        bounded = np.isfinite(lo) & np.isfinite(hi)
        x = np.where(bounded, self.np_random.uniform(np.where(bounded, lo, 0), np.where(bounded, hi, 1)),
                     self.np_random.normal(size=self.shape))
        x = np.where(np.isfinite(lo) & ~np.isfinite(hi), lo + self.np_random.exponential(size=self.shape), x)
        x = np.where(~np.isfinite(lo) & np.isfinite(hi), hi - self.np_random.exponential(size=self.shape), x)
        if np.issubdtype(self.dtype, np.integer):
            x = np.floor(x)
        return np.clip(x, lo, hi).astype(self.dtype)

    def contains(self, x):
        x = np.asarray(x)
        return x.shape == self.shape and bool(np.all(x >= self.low)) and bool(np.all(x <= self.high))

    def __repr__(self):
        return f"Box({self.low.min()}, {self.high.max()}, {self.shape}, {self.dtype})"


class Tuple(Space):
    def __init__(self, spaces, seed=None):
        self.spaces = tuple(spaces)
        super().__init__(None, None, seed)

    def sample(self, mask=None):
        return tuple(s.sample() for s in self.spaces)

    def contains(self, x):
        return isinstance(x, (tuple, list)) and len(x) == len(self.spaces) and \
            all(s.contains(v) for s, v in zip(self.spaces, x))

    def seed(self, seed=None):
        super().seed(seed)
        for i, s in enumerate(self.spaces):
            s.seed(None if seed is None else seed + i + 1)
        return [seed]


class Dict(Space):
    def __init__(self, spaces, seed=None):
        self.spaces = dict(spaces)  # insertion order = the server's order
        super().__init__(None, None, seed)

    def sample(self, mask=None):
        return {k: s.sample() for k, s in self.spaces.items()}

    def contains(self, x):
        return isinstance(x, dict) and set(x) == set(self.spaces) and all(self.spaces[k].contains(x[k]) for k in x)

    def seed(self, seed=None):
        super().seed(seed)
        for i, s in enumerate(self.spaces.values()):
            s.seed(None if seed is None else seed + i + 1)
        return [seed]


def _bound(v):
    return float("inf") if v == "inf" else float("-inf") if v == "-inf" else float(v)


def from_description(d: dict, use_gymnasium: bool = HAVE_GYMNASIUM):
    """Builds a space from the server's JSON description (Gymnasium vocabulary)."""
    g = _gym_spaces if use_gymnasium else None
    t = d["type"]
    if t == "Discrete":
        return (g.Discrete if g else Discrete)(d["n"], start=d.get("start", 0))
    if t == "MultiDiscrete":
        nvec = np.asarray(d["nvec"], dtype=np.int64)
        start = np.asarray(d.get("start", [0] * len(nvec)), dtype=np.int64)
        return g.MultiDiscrete(nvec, start=start) if g else MultiDiscrete(nvec, start)
    if t == "MultiBinary":
        return (g.MultiBinary if g else MultiBinary)(d["n"])
    if t == "Box":
        shape = tuple(d["shape"])
        dtype = {"float32": np.float32, "float64": np.float64, "int64": np.int64}[d.get("dtype", "float64")]
        low = np.array([_bound(v) for v in d["low"]], dtype=np.float64).reshape(shape)
        high = np.array([_bound(v) for v in d["high"]], dtype=np.float64).reshape(shape)
        if g:
            return g.Box(low.astype(dtype), high.astype(dtype), shape=shape, dtype=dtype)
        return Box(low, high, shape, dtype)
    if t == "Tuple":
        return (g.Tuple if g else Tuple)([from_description(s, use_gymnasium) for s in d["spaces"]])
    if t == "Dict":
        pairs = [(k, from_description(s, use_gymnasium)) for k, s in d["spaces"]]
        return g.Dict(dict(pairs)) if g else Dict(pairs)
    raise ValueError(f"unknown space type {t!r}")


def to_wire(space, x):
    """An action or observation as plain Python values for the wire."""
    name = type(space).__name__
    if name == "Discrete":
        return int(x)
    if name in ("MultiDiscrete", "MultiBinary"):
        return [int(v) for v in np.asarray(x).ravel()]
    if name == "Box":
        return np.asarray(x, dtype=np.float64).tolist()
    if name == "Tuple":
        if len(x) != len(space.spaces):
            raise InvalidArgument(f"a Tuple action needs {len(space.spaces)} entries, got {len(x)}")
        return [to_wire(s, v) for s, v in zip(space.spaces, x)]
    if name == "Dict":
        missing = [k for k in space.spaces if k not in x]
        extra = [k for k in x if k not in space.spaces]
        if missing or extra:
            raise InvalidArgument(f"a Dict action needs exactly the keys {list(space.spaces)}; "
                                  f"missing {missing}, unknown {extra}")
        return {k: to_wire(s, x[k]) for k, s in space.spaces.items()}
    return x


def from_wire(space, v):
    """A wire value as the numpy form Gymnasium code expects."""
    name = type(space).__name__
    if name == "Discrete":
        return int(v)
    if name in ("MultiDiscrete", "MultiBinary"):
        return np.asarray(v, dtype=space.dtype)
    if name == "Box":
        return np.asarray(v, dtype=space.dtype).reshape(space.shape)
    if name == "Tuple":
        return tuple(from_wire(s, x) for s, x in zip(space.spaces, v))
    if name == "Dict":
        return {k: from_wire(s, v[k]) for k, s in space.spaces.items()}
    return v
