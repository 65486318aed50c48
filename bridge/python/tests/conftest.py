"""Starts a real `dsegym serve` for the tests (binary from $DSEGYM_BIN, data from $DSEGYM_DATA_DIR)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import dsegym  # noqa: E402

BIN = os.environ.get("DSEGYM_BIN", str(Path(__file__).resolve().parents[3] / "build" / "dsegym"))


def start_server(tmp: Path, name: str, *extra: str):
    endpoint = f"ipc://{tmp}/{name}.sock"
    proc = subprocess.Popen([BIN, "serve", "--bind", endpoint, "--log-level", "error", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 20
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited: " + proc.stderr.read().decode())
        try:
            with dsegym.Connection(endpoint, timeout=0.5) as c:
                c.request("ping")
            return proc, endpoint
        except dsegym.ServerTimeout:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("server did not start")


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """A server with small limits so that the limit errors are reachable, recording episodes."""
    tmp = tmp_path_factory.mktemp("srv")
    records = tmp / "records"
    proc, endpoint = start_server(tmp, "main", "--max-message-mb", "1", "--max-sessions-per-client", "16",
                                  "--record", str(records), "--workers", "2")
    yield {"address": endpoint, "records": records, "proc": proc}
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture
def address(server):
    return server["address"]


NB201 = "nas/NB201-v0"
