"""Exceptions of the dsegym client. Server errors carry the server's code and message."""


class DsegymError(Exception):
    """Base of every error the client raises."""

    code = "INTERNAL"

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code


class InvalidArgument(DsegymError, ValueError):
    """Bad kwargs, an action outside the space, a malformed request (INVALID_ARGUMENT)."""
    code = "INVALID_ARGUMENT"


class NotFound(DsegymError, LookupError):
    """Unknown env id or version, unknown session (NOT_FOUND)."""
    code = "NOT_FOUND"


class ResetNeeded(DsegymError, RuntimeError):
    """step() before reset() or after the episode ended; calls out of order (FAILED_PRECONDITION)."""
    code = "FAILED_PRECONDITION"


class ResourceExhausted(DsegymError, RuntimeError):
    """A server limit was hit: message size, sessions, batch size (RESOURCE_EXHAUSTED)."""
    code = "RESOURCE_EXHAUSTED"


class Unimplemented(DsegymError, NotImplementedError):
    code = "UNIMPLEMENTED"


class VersionMismatch(DsegymError, RuntimeError):
    code = "VERSION_MISMATCH"


class DataError(DsegymError, RuntimeError):
    """The environment's benchmark data is missing or malformed on the server (DATA_ERROR)."""
    code = "DATA_ERROR"


class ServerTimeout(DsegymError, TimeoutError):
    """No reply within the timeout: the server is down, unreachable or overloaded."""
    code = "DEADLINE_EXCEEDED"


class ConnectionClosed(DsegymError, RuntimeError):
    code = "CLOSED"


_BY_CODE = {c.code: c for c in (InvalidArgument, NotFound, ResetNeeded, ResourceExhausted, Unimplemented,
                                 VersionMismatch, DataError)}


def from_reply(reply: dict) -> DsegymError:
    code = reply.get("code", "INTERNAL")
    cls = _BY_CODE.get(code, DsegymError)
    return cls(reply.get("message", "unknown server error"), code)
