"""A small REINFORCE agent in numpy, learning NAS-Bench-201 cells edge by edge through the bridge
(sequential mode: one softmax policy per edge, moving-average baseline)."""

import os

import numpy as np

import dsegym

address = os.environ.get("DSEGYM_ADDRESS", "tcp://127.0.0.1:5555")
rng = np.random.default_rng(0)
logits = np.zeros((6, 5))
baseline, lr = None, 0.5
rewards = []
with dsegym.make("nas/NB201-v0", address, latency="none", mode="sequential") as env:
    for episode in range(300):
        env.reset(seed=episode)
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        actions = [int(rng.choice(5, p=probs[e])) for e in range(6)]
        reward = 0.0
        for a in actions:
            _, r, terminated, truncated, _ = env.step(a)
            reward += r
        rewards.append(reward)
        baseline = reward if baseline is None else 0.9 * baseline + 0.1 * reward
        advantage = reward - baseline
        for e, a in enumerate(actions):
            grad = -probs[e]
            grad[a] += 1.0
            logits[e] += lr * advantage * grad
first, last = np.mean(rewards[:50]), np.mean(rewards[-50:])
print(f"mean reward of the first 50 episodes {first:.4f}, of the last 50 {last:.4f}")
print("improved" if last > first else "did not improve")
