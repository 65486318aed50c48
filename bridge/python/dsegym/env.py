"""A dsegym environment served by `dsegym serve`, with the Gymnasium API."""

from . import spaces as _spaces
from .client import DEFAULT_ADDRESS, Connection

try:  # pragma: no cover - depends on the environment
    import gymnasium as _gym
    _Base = _gym.Env
except ImportError:  # pragma: no cover
    _gym = None
    _Base = object


class RemoteEnv(_Base):
    """Gymnasium-style env backed by a server session.

    reset(seed=None, options=None) -> (obs, info); step(action) -> (obs, reward, terminated,
    truncated, info). info holds the env's metrics ({"metrics": {name: value}, "cost": ...}); the
    units and directions are in `self.description["metrics"]`.
    """

    metadata = {"render_modes": []}
    render_mode = None

    def __init__(self, env_id: str, address: str = DEFAULT_ADDRESS, connection: Connection | None = None,
                 max_episode_steps: int | None = None, timeout: float = 30.0, encoding: str = "msgpack", **kwargs):
        self._own_connection = connection is None
        self.connection = connection or Connection(address, timeout=timeout, encoding=encoding)
        fields = {"env_id": env_id, "kwargs": kwargs}
        if max_episode_steps is not None:
            fields["max_episode_steps"] = int(max_episode_steps)
        try:
            reply = self.connection.request("make", **fields)
        except Exception:
            if self._own_connection:
                self.connection.close()
            raise
        self.session = reply["session"]
        self.description = reply["description"]
        self.env_id = self.description["id"]
        self.observation_space = _spaces.from_description(self.description["observation_space"])
        self.action_space = _spaces.from_description(self.description["action_space"])
        self._closed = False

    @property
    def unwrapped(self):
        return self

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        fields = {"session": self.session}
        if seed is not None:
            fields["seed"] = int(seed)
            self.action_space.seed(int(seed))
        reply = self.connection.request("reset", **fields)
        return _spaces.from_wire(self.observation_space, reply["observation"]), reply["info"]

    def step(self, action):
        reply = self.connection.request("step", session=self.session,
                                        action=_spaces.to_wire(self.action_space, action))
        return (_spaces.from_wire(self.observation_space, reply["observation"]), float(reply["reward"]),
                bool(reply["terminated"]), bool(reply["truncated"]), reply["info"])

    def render(self):
        return None

    def close(self):
        if getattr(self, "_closed", True):
            return
        self._closed = True
        try:
            self.connection.request("close", session=self.session)
        except Exception:  # the server may be gone; closing stays idempotent
            pass
        if self._own_connection:
            self.connection.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        return f"<RemoteEnv {self.env_id} session {self.session} at {self.connection.address}>"
