"""The one bridge between the app and the `matching` library.

- `encoder()`: the configured encoder (MATCHING_ENCODER, MATCHING_MODEL), loaded once per process.
- `DatabaseEmbeddingCache`: the library's EmbeddingCache protocol on the `embedding_cache` table.
- `embed_texts(texts)`: vectors through that cache, embedding only the misses. It writes, so call it from background
  jobs and CLI commands, never from a GET request.
- `cached_vectors(texts)`: read-only lookup for request time; texts not embedded yet come back as missing.
- `embed_query(text)`: a short query (search box) embedded in memory, with a small per-process LRU; never stored.
- `match_chance()`, `min_score_for()`, `fit_percent()`: the calibrated relevance of a match (the chance that a
  coordinator keeps it): what people see as a fit, and what a minimum fit typed in percent means as a raw score.
- `relevance()`, `background_vectors()`: the encoder's calibrated relevance for the search box and the vectors of
  the everyday background texts it compares a query with (read from the cache, which `embed_background()` fills
  from jobs; embedded in memory once per process when missing).
- `profile_texts(ids)` and `owned_vectors(per_owner, vectors)`: people as the engine reads them, each profile's
  challenges and reforms as embedded (`embedded_text`), and one vector row per text with its owner
  (`matching.TextVectors`), for the optimisers (peer exchange, roundtables, mentoring).
- `text_index(texts, owners, ...)`: the adapter from the app's rows to the engine's request-time similarity: texts
  with their owners (people, commitments, courses, the sentences of a text) and groups (countries), their cached
  vectors read as `cached_vectors` reads them, fitted once into a `matching.Index` that answers "best per owner,
  not my group, not me", "best sentence for this query" and the directional scores of a pair.

Feature services turn their ORM rows into texts and owners and call these; similarity at request time is the
Index's (no hand-written cosine top-k in the app); `matching` never sees a model or a session.
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
from learning_hub.models import Challenge, EmbeddingCacheEntry, Reform, embedded_text

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


def identity() -> str:
    """The app's encoder identity: part of every cache key, and of the in-memory indexes' fingerprints."""
    return encoder().identity


def cache_keys(texts: Sequence[str]) -> list[str]:
    """The embedding-cache key of each text for the app's encoder (what a person's removal deletes)."""
    enc = encoder()
    return [matching.cache_key(enc, text) for text in texts]


def profile_texts(profile_ids: Sequence[int]) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """{profile id: (its challenges, its reforms)}, each in id order and as embedded; profiles without texts are left
    out. Who may take part (listed, filters) is the caller's query; this reads only the texts."""
    ids = sorted(set(profile_ids))
    challenges: dict[int, list[str]] = {}
    reforms: dict[int, list[str]] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        for pid, text in db.session.execute(
            db.select(Challenge.profile_id, Challenge.text)
            .where(Challenge.profile_id.in_(chunk))
            .order_by(Challenge.id)
        ):
            challenges.setdefault(pid, []).append(text)
        for pid, title, description in db.session.execute(
            db.select(Reform.profile_id, Reform.title, Reform.description)
            .where(Reform.profile_id.in_(chunk))
            .order_by(Reform.id)
        ):
            reforms.setdefault(pid, []).append(embedded_text(title, description))
    return {
        pid: (tuple(challenges.get(pid, ())), tuple(reforms.get(pid, ())))
        for pid in ids
        if pid in challenges or pid in reforms
    }


def owned_vectors(
    per_owner: Sequence[Sequence[str]], vectors: Mapping[str, np.ndarray], dim: int
) -> matching.TextVectors:
    """One row per text with a vector in `vectors`, owner i = the i-th entry of `per_owner` (texts without a vector
    are left out: an owner may end with no row, and the engine scores it as missing)."""
    rows = [
        np.array([vectors[t] for t in texts if t in vectors], dtype=np.float32).reshape(-1, dim) for texts in per_owner
    ]
    return matching.TextVectors.from_lists(rows, dim=dim)


def text_index(
    texts: Sequence[str],
    owners: Sequence[int] | np.ndarray | None = None,
    *,
    n_owners: int | None = None,
    groups: Sequence[str | None] | None = None,
    skip_missing: bool = False,
    storage: str = "auto",
) -> tuple[matching.Index, np.ndarray]:
    """A `matching.Index` over the cached vectors of `texts` (read-only: nothing is embedded), and the present mask.

    `owners[i]` is the owner of text i (default: each text its own owner); `groups` one value per owner (a country).
    A text not embedded yet is a zero row (it scores 0 with everything), or with `skip_missing` is left out: index
    row r is then text `np.flatnonzero(present)[r]`."""
    vectors, present = cached_vectors(texts)
    owner = np.arange(len(texts), dtype=np.int64) if owners is None else np.asarray(owners, dtype=np.int64)
    if n_owners is None:
        n_owners = int(owner.max()) + 1 if owner.size else 0
    if skip_missing:
        vectors, owner = vectors[present], owner[present]
    return matching.Index(vectors, owner, n_owners=n_owners, groups=groups, storage=storage), present


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


def match_chance() -> matching.MatchChance:
    """The configured encoder's calibrated relevance of a match between two texts: the estimated chance that a
    coordinator keeps it. Every score people see goes through it (the `fit` filter), and so does every minimum-fit
    setting a coordinator types (`min_score_for`)."""
    return matching.MatchChance.of(encoder())


def min_score_for(percent: float | None) -> float | None:
    """The raw score the optimisers take for a minimum fit given in percent (None: no minimum)."""
    return None if percent is None else match_chance().score_for(min(100.0, max(0.0, float(percent))) / 100.0)


def fit_percent(score: float | None) -> float | None:
    """A raw score as the calibrated fit in percent (the inverse of `min_score_for`), e.g. to fill a form."""
    return None if score is None else round(float(match_chance().probability(float(score))) * 100.0, 1)


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
