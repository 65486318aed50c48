import math
import random

import numpy as np
import pytest

from dsegym import _msgpack


@pytest.mark.parametrize("value", [
    None, True, False, 0, 1, 127, 128, -1, -32, -33, 2**40, -2**40, 2**63 - 1, -2**63, 0.5, -1e300,
    "", "x" * 31, "y" * 300, "é✓", b"\x00\x01", [], [1, [2, [3]]], {"a": 1, "b": [None, 2.5]},
    list(range(70000)), {f"k{i}": i for i in range(20)},
])
def test_round_trip(value):
    assert _msgpack.unpackb(_msgpack.packb(value)) == value


def test_numpy_values_pack_as_plain_numbers():
    assert _msgpack.unpackb(_msgpack.packb(np.arange(3))) == [0, 1, 2]
    assert _msgpack.unpackb(_msgpack.packb(np.float32(0.5))) == 0.5


def test_floats_are_exact():
    for x in (0.1, 1 / 3, math.pi, 5e-324):
        assert _msgpack.unpackb(_msgpack.packb(x)) == x


def test_bad_input_raises_clear_errors():
    with pytest.raises(_msgpack.MsgpackError):
        _msgpack.unpackb(b"\x92\x01")  # truncated list
    with pytest.raises(_msgpack.MsgpackError):
        _msgpack.unpackb(b"\xc1")
    with pytest.raises(_msgpack.MsgpackError):
        _msgpack.packb({1: 2})
    with pytest.raises(_msgpack.MsgpackError):
        _msgpack.packb(object())
    deep = b"\x91" * 200 + b"\x00"
    with pytest.raises(_msgpack.MsgpackError):
        _msgpack.unpackb(deep)


def test_random_garbage_never_crashes():
    rng = random.Random(1)
    for _ in range(2000):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40)))
        try:
            _msgpack.unpackb(data)
        except _msgpack.MsgpackError:
            pass
        except UnicodeDecodeError:
            pass
