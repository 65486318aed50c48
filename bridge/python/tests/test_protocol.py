"""Every message type and every error over a real server; after each error the same client and a
second client still get successful replies."""

import json
import os

import msgpack
import numpy as np
import pytest
import zmq

import dsegym
from conftest import NB201


def raw_socket(address):
    s = zmq.Context.instance().socket(zmq.DEALER)
    s.setsockopt(zmq.LINGER, 0)
    s.connect(address)
    return s


def raw_request(sock, payload: bytes, timeout_ms=10000):
    sock.send(payload)
    assert sock.poll(timeout_ms), "no reply"
    data = sock.recv()
    return json.loads(data) if data[:1] == b"{" else msgpack.unpackb(data, raw=False)


def still_serving(address, conn=None):
    conn = conn or dsegym.Connection(address)
    assert conn.request("ping")["type"] == "pong"
    other = dsegym.Connection(address)
    assert other.request("list")["envs"]
    other.close()


def test_hello_advertises_protocol_and_limits(address):
    with dsegym.Connection(address) as c:
        info = c.server_info
        assert info["protocol"] == 1
        assert "step_batch" in info["capabilities"]
        assert info["limits"]["max_message_bytes"] == 1 << 20
        assert info["limits"]["max_sessions_per_client"] == 16


def test_list_and_describe(address):
    envs = dsegym.list_envs(address)
    assert NB201 in [e["id"] for e in envs]
    d = dsegym.describe(NB201, address, latency="none")
    assert d["action_space"]["type"] == "MultiDiscrete"
    assert d["reported_metrics"][0]["name"] == "test_acc"


def test_requests_before_hello_are_refused(address):
    s = raw_socket(address)
    r = raw_request(s, json.dumps({"type": "make", "id": 5, "env_id": NB201}).encode())
    assert r["type"] == "error" and r["code"] == "FAILED_PRECONDITION" and r["id"] == 5
    r = raw_request(s, json.dumps({"type": "hello", "id": 6, "protocol": 1}).encode())
    assert r["type"] == "hello"
    s.close()


def test_version_mismatch(address):
    s = raw_socket(address)
    r = raw_request(s, msgpack.packb({"type": "hello", "id": 1, "protocol": 99}))
    assert r["code"] == "VERSION_MISMATCH"
    s.close()
    still_serving(address)


@pytest.mark.parametrize("payload", [
    b"\xff\x00garbage", b"\x82\xa4type", b"{not json", b"\x93\x01\x02\x03", b"\x91" * 500 + b"\x00", b"",
    b"\xc1", json.dumps([1, 2]).encode(),
])
def test_garbage_gets_an_error_and_the_server_keeps_serving(address, payload):
    s = raw_socket(address)
    if payload:
        r = raw_request(s, payload)
    else:  # an empty frame
        s.send(b"")
        assert s.poll(10000)
        r = msgpack.unpackb(s.recv(), raw=False)
    assert r["type"] == "error" and r["code"] == "INVALID_ARGUMENT"
    s.close()
    still_serving(address)


def test_unknown_message_type(address):
    with dsegym.Connection(address) as c:
        with pytest.raises(dsegym.Unimplemented):
            c.request("teleport")
        still_serving(address, c)


def test_oversized_message_is_refused(address):
    with dsegym.Connection(address) as c:
        with pytest.raises(dsegym.ResourceExhausted):
            c.request("ping", padding="x" * (2 << 20))
        still_serving(address, c)


def test_bad_kwargs_and_unknown_env(address):
    with dsegym.Connection(address) as c:
        with pytest.raises(dsegym.InvalidArgument, match="valid: dataset"):
            dsegym.make(NB201, connection=c, colour="blue")
        with pytest.raises(dsegym.NotFound, match="known: .*nas/NB201-v0"):
            dsegym.make("nas/NB999-v0", connection=c)
        with pytest.raises(dsegym.NotFound, match="versions"):
            dsegym.make("nas/NB201-v7", connection=c)
        still_serving(address, c)


def test_step_before_reset_and_after_end(address):
    with dsegym.make(NB201, address, latency="none") as env:
        with pytest.raises(dsegym.ResetNeeded):
            env.step([0, 1, 2, 3, 4, 0])
        env.reset(seed=1)
        _, _, terminated, truncated, _ = env.step([0, 1, 2, 3, 4, 0])
        assert terminated and not truncated
        with pytest.raises(dsegym.ResetNeeded):
            env.step([0, 1, 2, 3, 4, 0])
        env.reset()
        env.step([0, 1, 2, 3, 4, 0])


def test_action_outside_the_space(address):
    with dsegym.make(NB201, address, latency="none") as env:
        env.reset(seed=0)
        with pytest.raises(dsegym.InvalidArgument, match=r"action\[2\] = 9"):
            env.step([0, 1, 9, 3, 4, 0])
        with pytest.raises(dsegym.InvalidArgument):
            env.connection.request("step", session=env.session, action="left")
        env.step([0, 1, 2, 3, 4, 0])  # the episode is still usable


def test_unknown_session_and_idempotent_close(address):
    with dsegym.Connection(address) as c:
        with pytest.raises(dsegym.NotFound):
            c.request("step", session=123456, action=[0])
        assert c.request("close", session=123456)["type"] == "ok"
        env = dsegym.make(NB201, connection=c, latency="none")
        env.close()
        env.close()
        with pytest.raises(dsegym.NotFound):
            c.request("reset", session=env.session)
        still_serving(address, c)


def test_sessions_belong_to_their_client(address):
    a, b = dsegym.Connection(address), dsegym.Connection(address)
    env = dsegym.make(NB201, connection=a, latency="none")
    with pytest.raises(dsegym.NotFound):
        b.request("reset", session=env.session)
    env.reset(seed=0)
    a.close()
    b.close()


def test_too_many_sessions(address):
    with dsegym.Connection(address) as c:
        envs = [dsegym.make(NB201, connection=c, latency="none") for _ in range(16)]
        with pytest.raises(dsegym.ResourceExhausted, match="at most 16"):
            dsegym.make(NB201, connection=c, latency="none")
        for e in envs:
            e.close()
        dsegym.make(NB201, connection=c, latency="none").close()


def test_step_batch_mixes_sessions_and_reports_errors_per_entry(address):
    with dsegym.Connection(address) as c:
        e1 = dsegym.make(NB201, connection=c, latency="none")
        e2 = dsegym.make(NB201, connection=c, latency="none")
        r = c.request("step_batch", steps=[{"session": e1.session, "reset": True, "seed": 1},
                                           {"session": e2.session, "reset": True},
                                           {"session": e1.session, "action": [3, 3, 3, 1, 3, 2]},
                                           {"session": e2.session, "action": [9, 9, 9, 9, 9, 9]},
                                           {"session": 999999, "action": [0, 0, 0, 0, 0, 0]}])["results"]
        assert [x["type"] for x in r] == ["ok", "ok", "ok", "error", "error"]
        assert r[2]["info"]["metrics"]["valid_acc"] == pytest.approx(84.384)
        assert r[3]["code"] == "INVALID_ARGUMENT" and r[4]["code"] == "NOT_FOUND"


def test_json_encoding_for_debugging(address):
    with dsegym.Connection(address, encoding="json") as c:
        env = dsegym.make(NB201, connection=c, latency="none")
        obs, _ = env.reset(seed=0)
        assert isinstance(obs, np.ndarray)
        assert env.step([1, 1, 1, 1, 1, 1])[2]


def test_dead_server_times_out_with_a_clear_error(tmp_path):
    with pytest.raises(dsegym.ServerTimeout, match="dsegym serve"):
        dsegym.Connection(f"ipc://{tmp_path}/nobody.sock", timeout=0.3)
