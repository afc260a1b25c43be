"""The one bridge between the app and the `matching` library.

- `encoder()`: the configured encoder (MATCHING_ENCODER, MATCHING_MODEL), loaded once per process.
- `DatabaseEmbeddingCache`: the library's EmbeddingCache protocol on the `embedding_cache` table.
- `embed_texts(texts)`: vectors through that cache, embedding only the misses. It writes, so call it from background
  jobs and CLI commands, never from a GET request.
- `cached_vectors(texts)`: read-only lookup for request time; texts not embedded yet come back as missing.
- `embed_query(text)`: a short query (search box) embedded in memory, with a small per-process LRU; never stored.
- `relevance()`, `background_vectors()`: the encoder's calibrated relevance for the search box and the vectors of
  the everyday background texts it compares a query with (read from the cache, which `embed_background()` fills
  from jobs; embedded in memory once per process when missing).

Feature services turn their ORM rows into texts and call these; `matching` never sees a model or a session.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence

import numpy as np
from flask import current_app
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

import matching
from learning_hub.database import short_transaction, slow_work
from learning_hub.extensions import db
from learning_hub.models import EmbeddingCacheEntry

_lock = threading.Lock()
_QUERY_CACHE_SIZE = 512
_IN_CHUNK = 500  # keys per IN (...) query


def encoder():
    """The app's encoder, created on first use and shared by threads of this process."""
    holder = current_app.extensions.setdefault("matching", {})
    if "encoder" not in holder:
        with _lock:
            if "encoder" not in holder:
                options = {}
                if current_app.config.get("MATCHING_MODEL"):
                    options["model"] = current_app.config["MATCHING_MODEL"]
                holder["encoder"] = matching.get_encoder(current_app.config["MATCHING_ENCODER"], **options)
                holder["queries"] = OrderedDict()
    return holder["encoder"]


class DatabaseEmbeddingCache:
    """matching.EmbeddingCache on the app's database. `put_many` commits the current session."""

    def __init__(self, encoder_identity: str):
        self.encoder_identity = encoder_identity[:200]

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        keys = list(dict.fromkeys(keys))
        with short_transaction():
            for start in range(0, len(keys), _IN_CHUNK):
                rows = db.session.execute(
                    db.select(EmbeddingCacheEntry.key, EmbeddingCacheEntry.dim, EmbeddingCacheEntry.vector).where(
                        EmbeddingCacheEntry.key.in_(keys[start : start + _IN_CHUNK])
                    )
                )
                for key, dim, blob in rows:
                    vector = np.frombuffer(blob, dtype="<f4")
                    if vector.size == dim:
                        found[key] = vector.astype(np.float32)
        return found

    def put_many(self, mapping: Mapping[str, np.ndarray]) -> None:
        if not mapping:
            return
        rows = [
            {
                "key": key,
                "encoder": self.encoder_identity,
                "dim": int(np.asarray(vec).size),
                "vector": np.ascontiguousarray(vec, dtype="<f4").tobytes(),
            }
            for key, vec in mapping.items()
        ]
        insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
        # Two jobs may embed the same text at once: the first row wins, the vectors are identical anyway.
        with short_transaction():
            db.session.execute(insert(EmbeddingCacheEntry).values(rows).on_conflict_do_nothing(index_elements=["key"]))
        db.session.commit()


def cache() -> DatabaseEmbeddingCache:
    return DatabaseEmbeddingCache(encoder().identity)


def embed_texts(texts: Sequence[str], progress: bool = False) -> np.ndarray:
    """(n, dim) vectors, embedding and storing only the texts not cached yet. Writes: jobs and CLI only.

    The model runs with no transaction open (`slow_work`): the cache is read and written in short transactions of
    their own, so web requests never wait behind inference for SQLite's write lock. The caller's session must have
    no pending changes."""
    enc = encoder()
    with slow_work("embedding"):
        return matching.embed(list(texts), enc, cache() if enc.cacheable else None, progress=progress)


def cached_vectors(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Read-only: (vectors, present mask). Rows of texts not embedded yet are zeros with mask False."""
    enc = encoder()
    vectors = np.zeros((len(texts), enc.dim), dtype=np.float32)
    present = np.zeros(len(texts), dtype=bool)
    if not texts:
        return vectors, present
    if not enc.cacheable:  # e.g. a corpus-fitted encoder: nothing is stored, embed on the spot
        return enc.encode(list(texts)), np.ones(len(texts), dtype=bool)
    keys = [matching.cache_key(enc, text) for text in texts]
    found = cache().get_many(keys)
    for i, key in enumerate(keys):
        if key in found:
            vectors[i] = found[key]
            present[i] = True
    return vectors, present


def missing_texts(texts: Sequence[str]) -> list[str]:
    """The texts among these that have no cached vector yet."""
    _vectors, present = cached_vectors(texts)
    return [text for text, ok in zip(texts, present, strict=False) if not ok]


def embed_query(text: str) -> np.ndarray:
    """One query vector, kept in a per-process LRU (not in the database: a search is a GET and writes nothing)."""
    enc = encoder()
    queries: OrderedDict = current_app.extensions["matching"]["queries"]
    key = matching.normalise_text(text)
    with _lock:
        if key in queries:
            queries.move_to_end(key)
            return queries[key]
    vector = enc.encode([text])[0]
    with _lock:
        queries[key] = vector
        while len(queries) > _QUERY_CACHE_SIZE:
            queries.popitem(last=False)
    return vector


def relevance() -> matching.Relevance:
    """The configured encoder's calibration of a close match in the search box."""
    return matching.Relevance.of(encoder())


def embed_background() -> None:
    """Store the background texts' vectors in the embedding cache (jobs and CLI), when the encoder uses them, so that
    no request has to embed them."""
    if relevance().uses_background:
        embed_texts(matching.search_background())


def background_vectors() -> np.ndarray:
    """The background texts' vectors (`matching.search_background`), read from the embedding cache where present and
    embedded in memory otherwise, once per process (a search is a GET and writes nothing)."""
    enc = encoder()
    holder = current_app.extensions["matching"]
    if "background" not in holder:
        texts = matching.search_background()
        vectors, present = cached_vectors(texts)
        if not present.all():
            missing = [i for i, ok in enumerate(present) if not ok]
            vectors[missing] = enc.encode([texts[i] for i in missing])
        with _lock:
            holder.setdefault("background", vectors)
    return holder["background"]
