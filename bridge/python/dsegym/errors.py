"""Exceptions of the dsegym client.

Server errors carry the server's code (``INVALID_ARGUMENT``, ``NOT_FOUND``, ...) and message.
Every class also derives from the matching built-in exception (``ValueError``, ``LookupError``,
...) and, when Gymnasium is importable, from the matching ``gymnasium.error`` class
(``InvalidAction``, ``NameNotFound``, ``VersionNotFound``, ``ResetNeeded``,
``ClosedEnvironmentError``), so code written against either catches them.
"""

from __future__ import annotations

from typing import Any

from ._compat import gym_error


def _bases(*names: str) -> tuple[type, ...]:
    found = [gym_error(n) for n in names]
    return tuple(c for c in found if c is not None)


class DsegymError(Exception):
    """Base of every error the client raises; ``code`` is the protocol's error code."""

    code: str = "INTERNAL"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class InvalidArgument(DsegymError, ValueError):
    """Bad kwargs, a malformed request or value (``INVALID_ARGUMENT``)."""

    code = "INVALID_ARGUMENT"


class InvalidAction(InvalidArgument, *_bases("InvalidAction")):  # type: ignore[misc]
    """An action outside the action space, or of the wrong type (e.g. a float for an integer space)."""


class NotFound(DsegymError, LookupError):
    """Unknown env id or version, or unknown session (``NOT_FOUND``)."""

    code = "NOT_FOUND"


class NameNotFound(NotFound, *_bases("NameNotFound")):  # type: ignore[misc]
    """The server has no env of this name (``NOT_FOUND`` on make/describe)."""


class VersionNotFound(NotFound, *_bases("VersionNotFound")):  # type: ignore[misc]
    """The server has the env, but not in the requested version."""


class ResetNeeded(DsegymError, RuntimeError, *_bases("ResetNeeded")):  # type: ignore[misc]
    """``step()`` before ``reset()`` or after the episode ended; calls out of order (``FAILED_PRECONDITION``)."""

    code = "FAILED_PRECONDITION"


class ResourceExhausted(DsegymError, RuntimeError):
    """A server limit was hit: message size, sessions, batch size (``RESOURCE_EXHAUSTED``)."""

    code = "RESOURCE_EXHAUSTED"


class Unimplemented(DsegymError, NotImplementedError):
    """The server does not know the request type (``UNIMPLEMENTED``)."""

    code = "UNIMPLEMENTED"


class VersionMismatch(DsegymError, RuntimeError):
    """The server speaks another protocol version (``VERSION_MISMATCH``)."""

    code = "VERSION_MISMATCH"


class DataError(DsegymError, RuntimeError):
    """The environment's benchmark data is missing or malformed on the server (``DATA_ERROR``)."""

    code = "DATA_ERROR"


class ServerTimeout(DsegymError, TimeoutError):
    """No reply within the timeout: the server is down, unreachable or overloaded."""

    code = "DEADLINE_EXCEEDED"


class ConnectionClosed(DsegymError, RuntimeError, *_bases("ClosedEnvironmentError")):  # type: ignore[misc]
    """The connection or env was closed and cannot serve requests any more."""

    code = "CLOSED"


_BY_CODE: dict[str, type[DsegymError]] = {
    c.code: c for c in (InvalidArgument, NotFound, ResetNeeded, ResourceExhausted, Unimplemented,
                        VersionMismatch, DataError)}


def from_reply(reply: dict[str, Any], request: str | None = None) -> DsegymError:
    """The exception for an error reply; ``request`` (the request type) refines the class:
    ``INVALID_ARGUMENT`` on a step is an InvalidAction, ``NOT_FOUND`` on make a NameNotFound or
    VersionNotFound."""
    code = str(reply.get("code", "INTERNAL"))
    message = str(reply.get("message", "unknown server error"))
    cls: type[DsegymError] = _BY_CODE.get(code, DsegymError)
    if code == "INVALID_ARGUMENT" and request == "step":
        cls = InvalidAction
    elif code == "NOT_FOUND" and request in ("make", "describe"):
        cls = VersionNotFound if "version" in message.lower() and "known:" not in message else NameNotFound
    return cls(message, code)
