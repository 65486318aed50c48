"""The connection to a `dsegym serve` server: one ZeroMQ DEALER socket, requests matched to replies
by id, a timeout on every request."""

import itertools
import json
import os

import zmq

from . import _msgpack
from .errors import ConnectionClosed, DsegymError, ServerTimeout, from_reply

PROTOCOL = 1
DEFAULT_ADDRESS = os.environ.get("DSEGYM_ADDRESS", "tcp://127.0.0.1:5555")


class Connection:
    """A client connection. `encoding` is "msgpack" (default) or "json" (readable, for debugging).

    Every request waits at most `timeout` seconds for its reply and raises ServerTimeout otherwise
    (the server is down or unreachable). Server-side errors raise the matching DsegymError subclass
    with the server's message.
    """

    def __init__(self, address: str = DEFAULT_ADDRESS, timeout: float = 30.0, encoding: str = "msgpack",
                 client_name: str = "python", curve_server_key: str | None = None):
        if encoding not in ("msgpack", "json"):
            raise ValueError(f'encoding must be "msgpack" or "json", got {encoding!r}')
        self.address = address
        self.timeout = timeout
        self.encoding = encoding
        self._ids = itertools.count(1)
        self._ctx = zmq.Context.instance()
        self._sock = self._ctx.socket(zmq.DEALER)
        self._sock.setsockopt(zmq.LINGER, 0)
        if curve_server_key:
            public, secret = zmq.curve_keypair()
            self._sock.curve_publickey = public
            self._sock.curve_secretkey = secret
            self._sock.curve_serverkey = curve_server_key.encode() if isinstance(curve_server_key, str) else curve_server_key
        self._sock.connect(address)
        self._closed = False
        self.server_info = self.request("hello", protocol=PROTOCOL, client=client_name)

    def _encode(self, message: dict) -> bytes:
        if self.encoding == "json":
            return json.dumps(message).encode()
        return _msgpack.packb(message)

    def _decode(self, data: bytes) -> dict:
        if data[:1] == b"{":
            return json.loads(data)
        return _msgpack.unpackb(data)

    def request(self, type_: str, **fields) -> dict:
        """Sends one request and returns its reply (raising on error replies)."""
        if self._closed:
            raise ConnectionClosed("the connection is closed")
        rid = next(self._ids)
        message = {"type": type_, "id": rid, **fields}
        self._sock.send(self._encode(message))
        deadline_ms = int(self.timeout * 1000)
        while True:
            if not self._sock.poll(deadline_ms):
                raise ServerTimeout(f"no reply from {self.address} within {self.timeout} s "
                                    f"(is `dsegym serve` running there?)")
            reply = self._decode(self._sock.recv())
            # Requests are answered in order; an error without id answers a request the server
            # could not decode (e.g. an oversized one), which is the one in flight.
            if reply.get("id") != rid and not (reply.get("id") is None and reply.get("type") == "error"):
                continue  # a late reply to a timed-out request
            if reply.get("type") == "error":
                raise from_reply(reply)
            return reply

    def close(self) -> None:
        if not self._closed:
            self._sock.close(linger=0)
            self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass


__all__ = ["Connection", "DEFAULT_ADDRESS", "DsegymError", "PROTOCOL"]
