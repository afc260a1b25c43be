"""The encoder interface and the helpers its implementations share."""

from __future__ import annotations

import abc
from functools import cache
from importlib import metadata

import numpy as np

POOLINGS = ("mean", "weighted", "first")


class Encoder(abc.ABC):
    """Turns texts into L2-normalised float32 row vectors, so that a dot product is a cosine.

    Get one with `get_encoder`; subclass it for an encoder of your own (the constructor takes no parameters here).
    Attributes every encoder has: `name` (its registry name), `identity` (name, model, version and settings: two
    encoders with the same identity give the same vectors, which is what cache keys rely on), `dim`, and `cacheable`
    (False when vectors depend on a fitted corpus). An empty text gets a zero vector (cosine 0 with everything).

    Calibration attributes tell a search box when a query matches nothing (matching/relevance.py):
    `relevance_floor`, the cosine between a short query and a text below which they are not a close match;
    `relevance_weights`, the logistic model of `matching.Relevance` fitted for the encoder on real and off-topic
    queries (python -m matching.tools.search_floor), None when not fitted; and `needs_shared_words`, True for
    bag-of-words encoders, whose similarity without a shared word is hashing noise, not meaning.
    """

    name: str = ""
    cacheable: bool = True
    relevance_floor: float = 0.0
    relevance_weights: tuple[float, float, float] | None = None
    needs_shared_words: bool = False

    @property
    @abc.abstractmethod
    def identity(self) -> str:
        """Stable description of everything that determines the vectors."""

    @property
    @abc.abstractmethod
    def dim(self) -> int:
        """Length of the vectors."""

    @abc.abstractmethod
    def encode(self, texts: list[str], progress: bool | None = False) -> np.ndarray:
        """Embed texts with the model (no cache: see `embed`).

        Parameters:
            texts: the texts.
            progress: a progress bar on stderr: True, False, or None (when stderr is a terminal).

        Returns:
            (len(texts), dim) float32 array with L2-normalised (or zero) rows.
        """

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.identity}>"


@cache
def package_version(distribution: str) -> str:
    """The installed version (memoised: identities are built for every cache key, metadata reads cost ~1 ms)."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


def l2_normalise(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length in place (zero rows stay zero); returns float32."""
    matrix = np.ascontiguousarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    np.divide(matrix, norms, out=matrix, where=norms > 0)
    return matrix


def pool_chunks(
    chunk_vectors: np.ndarray,
    owners: np.ndarray,
    n_texts: int,
    pooling: str,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """Pool the vectors of each text's chunks into one normalised vector per text.

    `owners[c]` is the text index of chunk c, non-decreasing (chunks of a text in reading order).
    mean: average of the unit chunk vectors; weighted: the same weighted by chunk length
    (`weights`); first: the first chunk only (about the title and summary of a long text).
    """
    if pooling not in POOLINGS:
        raise ValueError(f"unknown pooling {pooling!r} (choose from {', '.join(POOLINGS)})")
    dim = chunk_vectors.shape[1]
    pooled = np.zeros((n_texts, dim), dtype=np.float32)
    if len(owners) == 0:
        return pooled
    present, starts = np.unique(owners, return_index=True)  # owners are sorted: chunks in text order
    if pooling == "first":
        pooled[present] = chunk_vectors[starts]
    else:
        vectors = chunk_vectors if pooling == "mean" or weights is None else chunk_vectors * weights[:, None]
        pooled[present] = np.add.reduceat(vectors, starts, axis=0)
    return l2_normalise(pooled)
