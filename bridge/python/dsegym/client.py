"""The connection to a ``dsegym serve`` server: one ZeroMQ DEALER socket, requests matched to
replies by id, a timeout on every request. Messages are MessagePack (Debian's ``python3-msgpack``)
or JSON text for debugging; see bridge/PROTOCOL.md."""

from __future__ import annotations

import itertools
import json
import os
from types import TracebackType
from typing import Any

import msgpack
import numpy as np
import zmq

from .errors import ConnectionClosed, DsegymError, InvalidArgument, ResetNeeded, ServerTimeout, from_reply

#: The protocol version this client speaks.
PROTOCOL: int = 1
#: The server address used when none is given: ``$DSEGYM_ADDRESS`` or tcp://127.0.0.1:5555.
DEFAULT_ADDRESS: str = os.environ.get("DSEGYM_ADDRESS", "tcp://127.0.0.1:5555")


def _default(obj: Any) -> Any:
    """msgpack hook: numpy scalars and arrays travel as plain numbers and lists."""
    if isinstance(obj, (np.generic, np.ndarray)):
        return obj.tolist()
    raise TypeError(f"cannot encode {type(obj).__name__} for the wire")


def encode(message: dict[str, Any], encoding: str = "msgpack") -> bytes:
    """One protocol message as bytes (``msgpack`` or ``json``)."""
    if encoding == "json":
        return json.dumps(message, default=_default).encode()
    return msgpack.packb(message, use_bin_type=True, default=_default)


def decode(data: bytes) -> dict[str, Any]:
    """A received message (JSON when it starts with ``{``, else MessagePack). Raises DsegymError
    for anything that is not a well-formed map."""
    try:
        if data[:1] == b"{":
            value = json.loads(data)
        else:
            value = msgpack.unpackb(data, raw=False)
    except Exception as e:  # msgpack raises ValueError, UnicodeDecodeError, FormatError, ExtraData, ...
        raise DsegymError(f"[dsegym.client] undecodable reply from the server: {e}") from e
    if not isinstance(value, dict):
        raise DsegymError(f"[dsegym.client] a reply must be a map, got {type(value).__name__}")
    return value


class Connection:
    """A client connection to one server.

    ``encoding`` is ``"msgpack"`` (default) or ``"json"`` (readable, for debugging). Every request
    waits at most ``timeout`` seconds for its reply and raises ServerTimeout otherwise. Server-side
    errors raise the matching DsegymError subclass with the server's message. One connection per
    thread: ZeroMQ sockets are not thread-safe.
    """

    def __init__(self, address: str = DEFAULT_ADDRESS, timeout: float = 30.0, encoding: str = "msgpack",
                 client_name: str = "python", curve_server_key: str | bytes | None = None) -> None:
        if encoding not in ("msgpack", "json"):
            raise InvalidArgument(f'[dsegym.client] encoding must be "msgpack" or "json", got {encoding!r}')
        if not timeout > 0:
            raise InvalidArgument(f"[dsegym.client] timeout must be > 0 seconds, got {timeout!r}")
        self.address: str = address
        self._timeout = float(timeout)
        self.encoding: str = encoding
        self._client_name = client_name
        self._ids = itertools.count(1)
        self._closed = True
        self._ctx = zmq.Context.instance()
        self._sock = self._ctx.socket(zmq.DEALER)
        self._sock.setsockopt(zmq.LINGER, 0)
        self._sock.setsockopt(zmq.RCVTIMEO, max(1, int(self._timeout * 1000)))
        self._packer = msgpack.Packer(use_bin_type=True, default=_default)
        if curve_server_key:
            public, secret = zmq.curve_keypair()
            self._sock.curve_publickey = public
            self._sock.curve_secretkey = secret
            self._sock.curve_serverkey = curve_server_key.encode() if isinstance(curve_server_key, str) else curve_server_key
        self._sock.connect(address)
        self._closed = False
        try:
            #: The server's ``hello`` reply: protocol, server version, capabilities, limits.
            self.server_info: dict[str, Any] = self.request("hello", protocol=PROTOCOL, client=client_name)
        except BaseException:
            self.close()
            raise

    @property
    def timeout(self) -> float:
        """Seconds to wait for each reply before raising ServerTimeout."""
        return self._timeout

    @timeout.setter
    def timeout(self, seconds: float) -> None:
        if not seconds > 0:
            raise InvalidArgument(f"[dsegym.client] timeout must be > 0 seconds, got {seconds!r}")
        self._timeout = float(seconds)
        if not self._closed:
            self._sock.setsockopt(zmq.RCVTIMEO, max(1, int(seconds * 1000)))

    @property
    def closed(self) -> bool:
        """Whether close() was called."""
        return self._closed

    def send(self, type_: str, **fields: Any) -> int:
        """Sends one request without waiting; returns its id (pair with :meth:`receive`)."""
        if self._closed:
            raise ConnectionClosed("[dsegym.client] the connection is closed")
        rid = next(self._ids)
        message = {"type": type_, "id": rid}
        message.update(fields)
        data = self._packer.pack(message) if self.encoding == "msgpack" else encode(message, self.encoding)
        self._sock.send(data)
        return rid

    def receive(self, rid: int, request: str | None = None) -> dict[str, Any]:
        """The reply to request ``rid`` (raising the matching error for error replies)."""
        while True:
            try:
                data = self._sock.recv()
            except zmq.Again:
                raise ServerTimeout(f"[dsegym.client] no reply from {self.address} within {self.timeout} s "
                                    f"(is `dsegym serve` running there?)") from None
            reply = decode(data)
            # Requests are answered in order; an error without id answers a request the server
            # could not decode (e.g. an oversized one), which is the one in flight.
            rep_id = reply.get("id")
            if rep_id != rid and not (rep_id is None and reply.get("type") == "error"):
                continue  # a late reply to a timed-out request
            if reply.get("type") == "error":
                raise from_reply(reply, request)
            return reply

    def request(self, type_: str, **fields: Any) -> dict[str, Any]:
        """Sends one request and returns its reply (raising on error replies). A server that
        forgot this client (idle longer than its idle timeout, with no session left) is greeted
        again and the request resent once."""
        try:
            return self.receive(self.send(type_, **fields), type_)
        except ResetNeeded as e:
            if type_ == "hello" or 'send "hello"' not in str(e):
                raise
        self.server_info = self.receive(self.send("hello", protocol=PROTOCOL, client=self._client_name), "hello")
        return self.receive(self.send(type_, **fields), type_)

    def ping(self) -> dict[str, Any]:
        """A ``ping``: server time and load. It also keeps this client's sessions from being
        closed as idle (send one at least every ``idle_timeout_s`` while thinking)."""
        return self.request("ping")

    def close(self) -> None:
        """Closes the socket (idempotent). Sessions on the server end when closed or idle."""
        if not self._closed:
            self._sock.close(linger=0)
            self._closed = True

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass


__all__ = ["Connection", "DEFAULT_ADDRESS", "PROTOCOL", "encode", "decode"]
