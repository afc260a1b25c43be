"""Text vectors held in memory for search: dense columns and sparse columns stored apart.

Why split: the app's encoders mix dense parts (sentence models) with hashed word counts that are almost all zeros
(the hashing encoder, and the lexical third of the hybrid one). Keeping the mostly-zero columns in a CSR matrix cuts
the memory of 40,000 texts from hundreds of megabytes to tens and makes a query a few milliseconds. Scores are exact
either way: a column is in exactly one of the two parts. The split is chosen once from the data (`Layout.fit`) and
kept for the life of the process, so rows from an earlier index can be reused as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

# A column goes to the dense part when at least this share of the sampled rows use it.
DENSE_FILL = 0.25


@dataclass(frozen=True)
class Layout:
    dim: int
    dense_cols: np.ndarray
    sparse_cols: np.ndarray
    sample_size: int = 0  # how many non-empty vectors the split was chosen from

    @classmethod
    def fit(cls, sample: np.ndarray, dim: int) -> Layout:
        """Columns used by many of the sample's (non-empty) rows go dense; no sample means everything sparse."""
        rows = sample[np.any(sample != 0, axis=1)] if len(sample) else sample
        fill = np.zeros(dim) if len(rows) == 0 else np.count_nonzero(rows, axis=0) / len(rows)
        dense = np.flatnonzero(fill >= DENSE_FILL)
        rest = np.flatnonzero(fill < DENSE_FILL)
        return cls(dim, dense, rest, len(rows))

    def split(self, vectors: np.ndarray) -> tuple[np.ndarray, sparse.csr_matrix]:
        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        return (
            np.ascontiguousarray(vectors[:, self.dense_cols]),
            sparse.csr_matrix(vectors[:, self.sparse_cols], dtype=np.float32),
        )


class TextVectors:
    """One kind of text (challenges or reforms): row i is text i, in the order the index gives."""

    def __init__(self, layout: Layout, dense: np.ndarray, sparse_part: sparse.csr_matrix):
        self.layout = layout
        self.dense = dense
        self.sparse = sparse_part.tocsr()

    @classmethod
    def empty(cls, layout: Layout) -> TextVectors:
        return cls(
            layout,
            np.zeros((0, len(layout.dense_cols)), dtype=np.float32),
            sparse.csr_matrix((0, len(layout.sparse_cols)), dtype=np.float32),
        )

    @classmethod
    def assemble(
        cls, layout: Layout, pieces: list[tuple[np.ndarray, np.ndarray, sparse.csr_matrix]], n: int
    ) -> TextVectors:
        """Rows from several sources: each piece is (target row positions, dense rows, sparse rows)."""
        dense = np.zeros((n, len(layout.dense_cols)), dtype=np.float32)
        positions, blocks = [], []
        for rows, dense_rows, sparse_rows in pieces:
            if len(rows) == 0:
                continue
            dense[rows] = dense_rows
            positions.append(np.asarray(rows, dtype=np.int64))
            blocks.append(sparse_rows)
        if not blocks:
            return cls(layout, dense, sparse.csr_matrix((n, len(layout.sparse_cols)), dtype=np.float32))
        stacked = sparse.vstack(blocks, format="csr", dtype=np.float32)
        order = np.concatenate(positions)
        # Row r of `stacked` belongs at position order[r]: invert the permutation to gather rows in final order.
        inverse = np.empty(n, dtype=np.int64)
        inverse.fill(-1)
        inverse[order] = np.arange(len(order))
        missing = np.flatnonzero(inverse < 0)
        if len(missing):  # rows no piece covered stay zero
            filler = sparse.csr_matrix((len(missing), stacked.shape[1]), dtype=np.float32)
            inverse[missing] = np.arange(stacked.shape[0], stacked.shape[0] + len(missing))
            stacked = sparse.vstack([stacked, filler], format="csr")
        return cls(layout, dense, stacked[inverse])

    def __len__(self) -> int:
        return self.dense.shape[0]

    def rows(self, indices: np.ndarray) -> tuple[np.ndarray, sparse.csr_matrix]:
        return self.dense[indices], self.sparse[indices]

    def scores(self, queries: np.ndarray) -> np.ndarray:
        """(n_texts, n_queries) dot products; queries are full vectors of the layout's dimension."""
        queries = np.asarray(queries, dtype=np.float32).reshape(-1, self.layout.dim)
        out = np.zeros((len(self), len(queries)), dtype=np.float32)
        if len(self) == 0:
            return out
        for j, query in enumerate(queries):  # one matrix-vector product per query: the fastest BLAS path here
            if len(self.layout.dense_cols):
                out[:, j] = self.dense @ query[self.layout.dense_cols]
            if len(self.layout.sparse_cols):
                out[:, j] += self.sparse @ query[self.layout.sparse_cols]
        return out

    @property
    def nbytes(self) -> int:
        return int(self.dense.nbytes + self.sparse.data.nbytes + self.sparse.indices.nbytes + self.sparse.indptr.nbytes)


@dataclass
class TextSet:
    """The texts of one kind, sorted by owner row: ids, owner rows, the texts themselves and their vectors."""

    ids: np.ndarray
    owners: np.ndarray
    texts: list[str]
    stamps: dict  # (id, updated_at) -> row, for reuse by the next build
    present: np.ndarray  # a cached vector exists
    vectors: TextVectors

    def best_per_owner(self, scores: np.ndarray, n_owners: int) -> tuple[np.ndarray, np.ndarray]:
        """For each owner: the best score among its texts (-inf without texts) and that text's row (-1)."""
        best = np.full(n_owners, -np.inf, dtype=np.float32)
        where = np.full(n_owners, -1, dtype=np.int64)
        if len(scores) == 0:
            return best, where
        # Texts are sorted by owner: one reduceat gives each owner's maximum, and the first text equal to it is
        # that owner's best text (linear time; a sort would be n log n on every search).
        starts = np.flatnonzero(np.r_[True, self.owners[1:] != self.owners[:-1]])
        group_max = np.maximum.reduceat(scores, starts)
        best[self.owners[starts]] = group_max
        hits = np.flatnonzero(scores == np.repeat(group_max, np.diff(np.r_[starts, len(scores)])))
        groups = np.searchsorted(starts, hits, side="right") - 1  # non-decreasing: hits are in text order
        first = np.r_[True, groups[1:] != groups[:-1]]
        where[self.owners[starts]] = hits[first]
        return best, where
