"""Gymnasium plugin hook of the dsegym client (entry point group ``gymnasium.envs``).

Gymnasium calls :func:`register` on ``import gymnasium``. It is a separate top-level module so
that loading the hook imports nothing: only when ``$DSEGYM_ADDRESS`` is set does it import dsegym
and register that server's envs (timeout ``$DSEGYM_REGISTER_TIMEOUT`` seconds, default 1; an
unreachable server only warns). Without the variable importing Gymnasium never waits for a server.
"""

from __future__ import annotations

import os


def register() -> None:
    """Registers the envs of the server at ``$DSEGYM_ADDRESS`` with Gymnasium (no-op when unset)."""
    address = os.environ.get("DSEGYM_ADDRESS")
    if not address:
        return
    import warnings

    try:
        from dsegym.registration import register_envs

        register_envs(address, timeout=float(os.environ.get("DSEGYM_REGISTER_TIMEOUT", "1")))
    except Exception as e:  # never break `import gymnasium`
        warnings.warn(f"dsegym: no envs registered from {address}: {e}", stacklevel=2)
