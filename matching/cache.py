"""Embedding cache: never embed the same text twice with the same encoder.

A key is the encoder's identity (name, model, version, settings) and the SHA-256 of the
normalised text, so changing any of those changes the key. `EmbeddingCache` is the protocol
the web app backs with its own table; `SQLiteEmbeddingCache` and `MemoryEmbeddingCache` are
the library's implementations. `embed` encodes only the misses, in batches, storing each
batch as it finishes (an interrupted run keeps what it paid for).
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from matching.encoders.base import Encoder, l2_normalise
from matching.progress import progress_bar
from matching.text import normalise_text

# SQLite's default limit on bound parameters is 999 in old builds: stay under it.
_SQL_CHUNK = 900


@runtime_checkable
class EmbeddingCache(Protocol):
    """Where vectors are kept between runs: any store from key strings (`cache_key`) to float32 vectors.

    The web app implements it on its own table; `MemoryEmbeddingCache` and `SQLiteEmbeddingCache` are the library's.
    """

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The vectors stored for some keys.

        Parameters:
            keys: cache keys (duplicates allowed).

        Returns:
            {key: float32 vector} for the keys that have one; missing keys are left out.
        """

    def put_many(self, mapping: Mapping[str, np.ndarray]) -> None:
        """Store (or replace) vectors by key.

        Parameters:
            mapping: {key: vector}.
        """


def cache_key(encoder: Encoder, text: str) -> str:
    """The key a text's vector is cached under for an encoder.

    Parameters:
        encoder: the encoder; its `identity` (name, model, version, settings) goes into the key.
        text: the text; its `normalise_text` form goes into the key.

    Returns:
        `<sha256(identity)[:16]>:<sha256(normalised text)>`, 81 characters.
    """
    identity = hashlib.sha256(encoder.identity.encode("utf-8")).hexdigest()[:16]
    digest = hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
    return f"{identity}:{digest}"


class MemoryEmbeddingCache:
    """An `EmbeddingCache` in a dict in memory (`vectors`), for tests and single runs. It takes no parameters."""

    def __init__(self):
        self.vectors: dict[str, np.ndarray] = {}

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The vectors stored for some keys.

        Parameters:
            keys: cache keys.

        Returns:
            {key: vector} for the keys that have one.
        """
        return {key: self.vectors[key] for key in keys if key in self.vectors}

    def put_many(self, mapping: Mapping[str, np.ndarray]) -> None:
        """Store (or replace) copies of vectors as float32.

        Parameters:
            mapping: {key: vector}.
        """
        for key, vector in mapping.items():
            self.vectors[key] = np.asarray(vector, dtype=np.float32).copy()

    def __len__(self) -> int:
        return len(self.vectors)


class SQLiteEmbeddingCache:
    """An `EmbeddingCache` in one SQLite table (key, dim, float32 bytes); safe to share between threads.

    Use it as a context manager, or call `close()`.

    Parameters:
        path: the database file, created with its table if missing.

    Raises:
        sqlite3.Error, OSError: the path is a directory, not a database, or not writable.
    """

    def __init__(self, path: str):
        self.path = str(path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False)
        with self._db:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS embeddings "
                "(key TEXT PRIMARY KEY, dim INTEGER NOT NULL, vector BLOB NOT NULL)"
            )

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The vectors stored for some keys (a truncated row counts as missing).

        Parameters:
            keys: cache keys.

        Returns:
            {key: float32 vector} for the keys that have one.
        """
        found: dict[str, np.ndarray] = {}
        keys = list(dict.fromkeys(keys))
        with self._lock:
            for start in range(0, len(keys), _SQL_CHUNK):
                part = keys[start : start + _SQL_CHUNK]
                marks = ",".join("?" * len(part))
                for key, dim, blob in self._db.execute(
                    f"SELECT key, dim, vector FROM embeddings WHERE key IN ({marks})", part
                ):
                    vector = np.frombuffer(blob, dtype=np.float32)
                    if len(vector) == dim:  # a truncated row is treated as a miss
                        found[key] = vector.copy()
        return found

    def put_many(self, mapping: Mapping[str, np.ndarray]) -> None:
        """Store (or replace) vectors by key, in one transaction.

        Parameters:
            mapping: {key: vector}.
        """
        rows = [
            (key, int(np.asarray(v).size), np.ascontiguousarray(v, dtype=np.float32).tobytes())
            for key, v in mapping.items()
        ]
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO embeddings (key, dim, vector) VALUES (?, ?, ?)", rows)

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def embed(
    texts: Sequence[str],
    encoder: Encoder,
    cache: EmbeddingCache | None = None,
    *,
    titles: Sequence[str] | None = None,
    batch_size: int = 256,
    progress: bool | None = False,
) -> np.ndarray:
    """Vectors for `texts`, taken from `cache` where present; only the misses are encoded.

    Texts equal after normalisation are encoded once. Misses are encoded in batches, each stored as it finishes (an
    interrupted run keeps what it paid for). Encoders that are not cacheable (fitted on a corpus, like TF-IDF) bypass
    the cache.

    Parameters:
        texts: the texts (None counts as empty).
        encoder: the encoder.
        cache: where vectors are looked up and stored; None embeds everything.
        titles: one title per text, or None. Each title is embedded on its own and added to its text's vector before
            normalising (an empty title adds nothing): a short title states the topic a long description buries.
        batch_size: misses encoded per batch.
        progress: a progress bar on stderr: True, False, or None (when stderr is a terminal).

    Returns:
        (len(texts), dim) float32 array with L2-normalised (or zero) rows, in the order of `texts`.

    Raises:
        ValueError: `titles` of another length than `texts`.
    """
    if titles is not None:
        if len(titles) != len(texts):
            raise ValueError("titles must have one entry per text")
        body = embed(texts, encoder, cache, batch_size=batch_size, progress=progress)
        titled = [i for i, title in enumerate(titles) if title and title.strip()]
        if titled:
            body[titled] += embed([titles[i] for i in titled], encoder, cache, batch_size=batch_size, progress=progress)
        return l2_normalise(body)
    texts = [t or "" for t in texts]
    if cache is None or not encoder.cacheable:
        return encoder.encode(texts, progress=progress)
    keys = [cache_key(encoder, text) for text in texts]
    unique = dict.fromkeys(keys)
    found = cache.get_many(list(unique))
    first_text: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=False):
        first_text.setdefault(key, text)
    missing = [key for key in unique if key not in found]
    with progress_bar(len(missing), f"embedding ({encoder.name})", progress) as bar:
        for start in range(0, len(missing), batch_size):
            batch = missing[start : start + batch_size]
            vectors = encoder.encode([first_text[key] for key in batch])
            fresh = dict(zip(batch, vectors, strict=False))
            cache.put_many(fresh)
            found.update(fresh)
            bar.update(len(batch))
    dim = encoder.dim if not found else len(next(iter(found.values())))
    out = np.empty((len(texts), dim), dtype=np.float32)
    for row, key in enumerate(keys):
        out[row] = found[key]
    return out
