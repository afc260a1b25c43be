"""What the optimisers' benchmarks share: synthetic embeddings shaped like all-MiniLM-L6-v2's, and the report line.

The synthetic vectors copy what MiniLM does on the OGP commitments (measured there: mean cosine 0.38 across countries
and 0.50 within one, top-1 neighbour about 0.69, strong hubs, k-occurrence skew about 3): a shared direction of varying
weight (hubness), a Zipf-distributed topic, a country direction, and noise, in 384 dimensions. No model is needed, so
the figures time the optimisers alone.
"""

from __future__ import annotations

import numpy as np

DIM = 384


def synthetic_vectors(
    n: int,
    groups: np.ndarray | None = None,
    *,
    topics: int = 300,
    group_strength: float = 0.12,
    seed: int = 0,
    dim: int = DIM,
) -> np.ndarray:
    """`n` L2-normalised float32 rows that look like MiniLM embeddings of reform texts (see module doc)."""
    rng = np.random.default_rng(seed)
    space = np.random.default_rng(12345)  # the same "model space" for every call
    common = space.normal(size=dim)
    common /= np.linalg.norm(common)
    centres = space.normal(size=(topics, dim))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    countries = space.normal(size=(256, dim))
    countries /= np.linalg.norm(countries, axis=1, keepdims=True)
    weights = 1.0 / np.arange(1, topics + 1) ** 0.8
    topic = rng.choice(topics, size=n, p=weights / weights.sum())
    a2 = rng.uniform(0.15, 0.45, n)
    b2 = rng.uniform(0.1, 0.35, n)
    g2 = np.full(n, group_strength if groups is not None else 0.0)
    noise = rng.normal(size=(n, dim))
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    v = np.sqrt(a2)[:, None] * common + np.sqrt(b2)[:, None] * centres[topic]
    if groups is not None:
        v += np.sqrt(g2)[:, None] * countries[np.asarray(groups) % 256]
    v += np.sqrt(np.clip(1 - a2 - b2 - g2, 0.05, None))[:, None] * noise
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return v.astype(np.float32)


def line(label: str, value: str) -> None:
    """One figure of the benchmark's report: a label column, then the value."""
    print(f"  {label:44s} {value}")
