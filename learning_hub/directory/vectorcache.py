"""The directory's reads and writes of the engine's embedding cache, with the encoder's identity read only once.

Why not engine.cached_vectors/embed_texts directly: in this version of `matching`, an encoder's `identity` reads
installed-package metadata on every access (measured: 0.6 ms for the hashing encoder, 2.6 ms for the hybrid one)
and `matching.cache_key` reads it once per text. Rebuilding the index over 35,000 texts would spend 90 s on that
with the default encoder, and showing 60 matched sentences 160 ms. Here the identity is read once per encoder
object and pinned; keys, vectors and the cache table are exactly the engine's (same `cache_key`, same
`DatabaseEmbeddingCache`), so the two paths share every cached vector.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from flask import current_app

import matching
from learning_hub import engine
from learning_hub.database import slow_work


class PinnedEncoder:
    """An encoder whose identity (and dimension) were read once; everything else is the wrapped encoder's."""

    def __init__(self, encoder):
        self.encoder = encoder
        self.identity = encoder.identity
        self.name, self.dim, self.cacheable = encoder.name, encoder.dim, encoder.cacheable

    def encode(self, texts, progress=False):
        return self.encoder.encode(texts, progress=progress)


def pinned() -> PinnedEncoder:
    """The app's encoder, pinned; re-pinned if the app's encoder object changes (tests swap it)."""
    enc = engine.encoder()
    holder = current_app.extensions.setdefault("directory", {})
    current = holder.get("pinned")
    if current is None or current.encoder is not enc:
        current = PinnedEncoder(enc)
        holder["pinned"] = current
    return current


def identity() -> str:
    return pinned().identity


def keys(texts: Sequence[str]) -> list[str]:
    enc = pinned()
    return [matching.cache_key(enc, text) for text in texts]


def cached_vectors(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Read-only, as engine.cached_vectors: (vectors, present mask); texts not embedded yet are zero rows."""
    enc = pinned()
    if not enc.cacheable:
        return engine.cached_vectors(texts)
    vectors = np.zeros((len(texts), enc.dim), dtype=np.float32)
    present = np.zeros(len(texts), dtype=bool)
    if not texts:
        return vectors, present
    text_keys = keys(texts)
    found = engine.DatabaseEmbeddingCache(enc.identity).get_many(text_keys)
    for i, key in enumerate(text_keys):
        vector = found.get(key)
        if vector is not None:
            vectors[i] = vector
            present[i] = True
    return vectors, present


def embed_texts(texts: Sequence[str], progress: bool = False) -> np.ndarray:
    """As engine.embed_texts (embeds and stores only what the cache lacks). Writes: jobs and CLI only."""
    enc = pinned()
    cache = engine.DatabaseEmbeddingCache(enc.identity) if enc.cacheable else None
    with slow_work("embedding"):
        return matching.embed(list(texts), enc, cache, progress=progress)
