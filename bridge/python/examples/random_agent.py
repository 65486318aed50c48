"""Random search on NAS-Bench-201 through the bridge.

    dsegym serve &            # with DSEGYM_DATA_DIR set
    PYTHONPATH=bridge/python /usr/bin/python3 bridge/python/examples/random_agent.py
"""

import os

import dsegym

address = os.environ.get("DSEGYM_ADDRESS", "tcp://127.0.0.1:5555")
with dsegym.make("nas/NB201-v0", address, latency="none") as env:
    env.action_space.seed(0)
    best, best_action = -1.0, None
    for episode in range(100):
        env.reset(seed=episode)
        action = env.action_space.sample()
        _, reward, terminated, truncated, info = env.step(action)
        if reward > best:
            best, best_action = reward, action
    print(f"best valid accuracy {100 * best:.2f} % for cell {best_action.tolist()} after 100 designs")
    print("best valid", best)
