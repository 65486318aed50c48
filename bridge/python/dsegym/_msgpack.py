"""A small MessagePack codec (the subset dsegym's protocol uses), so the client needs only pyzmq and
numpy. Numbers, strings, bytes, lists, tuples, dicts, None and bools; numpy scalars and arrays are
packed as plain numbers and lists."""

import struct

MAX_DEPTH = 64


class MsgpackError(ValueError):
    pass


def packb(obj) -> bytes:
    out = bytearray()
    _pack(obj, out, 0)
    return bytes(out)


def _pack(obj, out: bytearray, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise MsgpackError("value nested too deeply")
    if obj is None:
        out.append(0xC0)
    elif obj is True:
        out.append(0xC3)
    elif obj is False:
        out.append(0xC2)
    elif isinstance(obj, int):
        _pack_int(int(obj), out)
    elif isinstance(obj, float):
        out.append(0xCB)
        out += struct.pack(">d", obj)
    elif isinstance(obj, str):
        data = obj.encode("utf-8")
        n = len(data)
        if n < 32:
            out.append(0xA0 | n)
        elif n < 0x100:
            out += bytes((0xD9, n))
        elif n < 0x10000:
            out.append(0xDA)
            out += struct.pack(">H", n)
        else:
            out.append(0xDB)
            out += struct.pack(">I", n)
        out += data
    elif isinstance(obj, (bytes, bytearray, memoryview)):
        data = bytes(obj)
        n = len(data)
        if n < 0x100:
            out += bytes((0xC4, n))
        elif n < 0x10000:
            out.append(0xC5)
            out += struct.pack(">H", n)
        else:
            out.append(0xC6)
            out += struct.pack(">I", n)
        out += data
    elif isinstance(obj, (list, tuple)):
        n = len(obj)
        if n < 16:
            out.append(0x90 | n)
        elif n < 0x10000:
            out.append(0xDC)
            out += struct.pack(">H", n)
        else:
            out.append(0xDD)
            out += struct.pack(">I", n)
        for x in obj:
            _pack(x, out, depth + 1)
    elif isinstance(obj, dict):
        n = len(obj)
        if n < 16:
            out.append(0x80 | n)
        elif n < 0x10000:
            out.append(0xDE)
            out += struct.pack(">H", n)
        else:
            out.append(0xDF)
            out += struct.pack(">I", n)
        for k, v in obj.items():
            if not isinstance(k, str):
                raise MsgpackError(f"map keys must be strings, got {type(k).__name__}")
            _pack(k, out, depth + 1)
            _pack(v, out, depth + 1)
    elif hasattr(obj, "tolist"):  # numpy scalars and arrays
        _pack(obj.tolist(), out, depth)
    else:
        raise MsgpackError(f"cannot encode {type(obj).__name__}")


def _pack_int(v: int, out: bytearray) -> None:
    if 0 <= v < 0x80:
        out.append(v)
    elif -32 <= v < 0:
        out.append(v & 0xFF)
    elif 0 <= v < 0x10000000000000000:
        out.append(0xCF)
        out += struct.pack(">Q", v)
    elif -0x8000000000000000 <= v < 0:
        out.append(0xD3)
        out += struct.pack(">q", v)
    else:
        raise MsgpackError(f"integer {v} does not fit in 64 bits")


def unpackb(data: bytes):
    value, pos = _unpack(memoryview(data), 0, 0)
    if pos != len(data):
        raise MsgpackError("trailing bytes after MessagePack value")
    return value


def _need(data, pos, n):
    if pos + n > len(data):
        raise MsgpackError("truncated MessagePack data")


def _unpack(data, pos, depth):
    if depth > MAX_DEPTH:
        raise MsgpackError("MessagePack value nested too deeply")
    _need(data, pos, 1)
    t = data[pos]
    pos += 1
    if t <= 0x7F:
        return t, pos
    if t >= 0xE0:
        return t - 0x100, pos
    if 0x80 <= t <= 0x8F:
        return _unpack_map(data, pos, t & 0x0F, depth)
    if 0x90 <= t <= 0x9F:
        return _unpack_list(data, pos, t & 0x0F, depth)
    if 0xA0 <= t <= 0xBF:
        return _unpack_str(data, pos, t & 0x1F)
    if t == 0xC0:
        return None, pos
    if t == 0xC2:
        return False, pos
    if t == 0xC3:
        return True, pos
    fixed = {0xCC: ">B", 0xCD: ">H", 0xCE: ">I", 0xCF: ">Q", 0xD0: ">b", 0xD1: ">h", 0xD2: ">i",
             0xD3: ">q", 0xCA: ">f", 0xCB: ">d"}
    if t in fixed:
        fmt = fixed[t]
        n = struct.calcsize(fmt)
        _need(data, pos, n)
        return struct.unpack_from(fmt, data, pos)[0], pos + n
    lengths = {0xD9: (">B", "str"), 0xDA: (">H", "str"), 0xDB: (">I", "str"),
               0xC4: (">B", "bin"), 0xC5: (">H", "bin"), 0xC6: (">I", "bin"),
               0xDC: (">H", "list"), 0xDD: (">I", "list"), 0xDE: (">H", "map"), 0xDF: (">I", "map")}
    if t in lengths:
        fmt, kind = lengths[t]
        n = struct.calcsize(fmt)
        _need(data, pos, n)
        length = struct.unpack_from(fmt, data, pos)[0]
        pos += n
        if kind == "str":
            return _unpack_str(data, pos, length)
        if kind == "bin":
            _need(data, pos, length)
            return bytes(data[pos:pos + length]), pos + length
        if kind == "list":
            return _unpack_list(data, pos, length, depth)
        return _unpack_map(data, pos, length, depth)
    raise MsgpackError(f"unsupported MessagePack type byte 0x{t:02x}")


def _unpack_str(data, pos, n):
    _need(data, pos, n)
    return bytes(data[pos:pos + n]).decode("utf-8"), pos + n


def _unpack_list(data, pos, n, depth):
    if n > len(data):
        raise MsgpackError("MessagePack list longer than the data")
    out = []
    for _ in range(n):
        v, pos = _unpack(data, pos, depth + 1)
        out.append(v)
    return out, pos


def _unpack_map(data, pos, n, depth):
    if n > len(data):
        raise MsgpackError("MessagePack map longer than the data")
    out = {}
    for _ in range(n):
        k, pos = _unpack(data, pos, depth + 1)
        v, pos = _unpack(data, pos, depth + 1)
        if not isinstance(k, str):
            raise MsgpackError("map keys must be strings")
        out[k] = v
    return out, pos
