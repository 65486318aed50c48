"""A vector of remote envs stepped with one `step_batch` round trip per step (Gymnasium's
NEXT_STEP autoreset: the step after an episode ends resets that sub-env and returns its first
observation with reward 0)."""

import numpy as np

from . import spaces as _spaces
from .client import DEFAULT_ADDRESS, Connection
from .errors import from_reply


class RemoteVectorEnv:
    def __init__(self, env_id: str, num_envs: int, address: str = DEFAULT_ADDRESS,
                 connection: Connection | None = None, timeout: float = 30.0, **kwargs):
        if num_envs < 1:
            raise ValueError("num_envs must be >= 1")
        self._own_connection = connection is None
        self.connection = connection or Connection(address, timeout=timeout)
        self.num_envs = num_envs
        self.sessions = []
        for _ in range(num_envs):
            reply = self.connection.request("make", env_id=env_id, kwargs=kwargs)
            self.sessions.append(reply["session"])
        self.description = reply["description"]
        self.single_observation_space = _spaces.from_description(self.description["observation_space"])
        self.single_action_space = _spaces.from_description(self.description["action_space"])
        self._autoreset = np.zeros(num_envs, dtype=bool)
        self.metadata = {"autoreset_mode": "NextStep"}

    def _batch(self, entries):
        results = self.connection.request("step_batch", steps=entries)["results"]
        for r in results:
            if r.get("type") == "error":
                raise from_reply(r)
        return results

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        entries = []
        for i, s in enumerate(self.sessions):
            e = {"session": s, "reset": True}
            if seed is not None:
                e["seed"] = int(seed) + i
            entries.append(e)
        results = self._batch(entries)
        self._autoreset[:] = False
        obs = [_spaces.from_wire(self.single_observation_space, r["observation"]) for r in results]
        return obs, [r["info"] for r in results]

    def step(self, actions):
        entries = []
        for i, s in enumerate(self.sessions):
            if self._autoreset[i]:
                entries.append({"session": s, "reset": True})
            else:
                entries.append({"session": s, "action": _spaces.to_wire(self.single_action_space, actions[i])})
        results = self._batch(entries)
        obs, rewards, term, trunc, infos = [], np.zeros(self.num_envs), np.zeros(self.num_envs, bool), \
            np.zeros(self.num_envs, bool), []
        for i, r in enumerate(results):
            obs.append(_spaces.from_wire(self.single_observation_space, r["observation"]))
            infos.append(r["info"])
            if not self._autoreset[i]:
                rewards[i] = r["reward"]
                term[i], trunc[i] = r["terminated"], r["truncated"]
        self._autoreset = term | trunc
        return obs, rewards, term, trunc, infos

    def close(self):
        for s in self.sessions:
            try:
                self.connection.request("close", session=s)
            except Exception:
                pass
        self.sessions = []
        if self._own_connection:
            self.connection.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
