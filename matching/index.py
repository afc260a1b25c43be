"""A small exact index for request-time similarity: text vectors fitted once with their owners and groups.

A web page asks three things of the texts it holds in memory (people's challenges and reforms, library commitments,
course texts, the sentences of a text):

- the best owners for a query: each owner scores as its best text against any of the query's vectors, owners of the
  querying person's own group (country) and the person themself left out (`Index.best_per_owner`);
- the best sentence for a query among one owner's sentences, where an index is fitted on sentence vectors with the
  text each belongs to as owner (`Index.best_rows`);
- the directional score of one person's texts against every other owner's, pooled as the optimisers pool them
  ("best-mean": each source text takes its best target text, averaged), and the pair score of a peer exchange
  (`Index.scores_from`, `Index.scores_to`, `pair_scores`).

Every answer is exact: all rows are scored with one matrix product (numpy BLAS) and reduced per owner with the same
code the optimisers use (`matching.scoring`). faiss is not used here: a best-per-owner answer needs every row's score,
which the one product gives; faiss helps a top-k over rows (`matching.top_k`), not this.

Storage: the rows are kept sorted by owner. Vectors whose columns are mostly zero (the hashing encoder's word buckets)
are stored split, the well-filled columns dense and the rest in a sparse matrix, which cuts the memory of tens of
thousands of texts from hundreds of megabytes to tens; scores are the same sums either way. The vectors may come as a
scipy sparse matrix, so such a corpus is never held dense even while it is fitted, and `Index.vectors_at` gives rows
back (sparse if asked) for the next index to reuse.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.errors import InputError
from matching.scoring import _check_pool, _ops, combine_directions, group_key, reduce_by_owner

STORAGES = ("auto", "dense", "split")
# A column is dense when at least this share of the rows use it; "auto" splits when at least half the columns are not.
DENSE_FILL = 0.25


@dataclass(frozen=True, eq=False)
class OwnerMatches:
    """Owners ranked by their best text for a query, best first (ties: lower owner index first).

    Parameters:
        owners: (n,) int64 owner indices.
        scores: (n,) float32 scores: the dot product of the owner's best text with its best query row.
        rows: (n,) int64 the index row (in the order the index was fitted) of that best text.
        queries: (n,) int64 the query row it matched best.

    All four arrays are read-only. Iterating yields (owner, score, row, query) tuples of Python numbers.
    """

    owners: np.ndarray
    scores: np.ndarray
    rows: np.ndarray
    queries: np.ndarray

    def __post_init__(self):
        for array in (self.owners, self.scores, self.rows, self.queries):
            array.setflags(write=False)

    def __len__(self) -> int:
        return int(self.owners.shape[0])

    def __iter__(self) -> Iterator[tuple[int, float, int, int]]:
        for owner, score, row, query in zip(self.owners, self.scores, self.rows, self.queries, strict=True):
            yield int(owner), float(score), int(row), int(query)


@dataclass(frozen=True, eq=False)
class PairScores:
    """One person's scores with every owner of two indexes: `score`, `forward` and `backward`, each (n_owners,).

    Parameters:
        score: the pair score, the mean of the directions that exist (NaN when neither does).
        forward: the person's texts of the first kind (challenges) against each owner's second kind (reforms).
        backward: each owner's first kind against the person's second kind.

    The person's own entry is NaN in all three. The arrays are read-only.
    """

    score: np.ndarray
    forward: np.ndarray
    backward: np.ndarray

    def __post_init__(self):
        for array in (self.score, self.forward, self.backward):
            array.setflags(write=False)


def _split(rows, storage: str):
    """(dense columns, sparse columns, the dense part, the sparse columns as CSR or None) for rows about to be
    stored; `rows` is a dense array or a scipy CSR matrix."""
    every = np.arange(rows.shape[1])
    is_sparse = _is_sparse(rows)
    if storage == "dense" or rows.shape[0] == 0:
        return every, every[:0], _dense(rows), None
    fill = (rows.getnnz(axis=0) if is_sparse else np.count_nonzero(rows, axis=0)) / rows.shape[0]
    sparse_cols = np.flatnonzero(fill < DENSE_FILL)
    if storage == "auto" and sparse_cols.size * 2 < rows.shape[1]:
        return every, every[:0], _dense(rows), None
    dense_cols = np.flatnonzero(fill >= DENSE_FILL)
    if is_sparse:
        return dense_cols, sparse_cols, _dense(rows[:, dense_cols]), rows[:, sparse_cols].tocsr()
    from scipy import sparse

    part = np.take(rows, sparse_cols, axis=1)  # np.take: far faster than fancy indexing on wide rows
    r, c = np.nonzero(part)  # row-major, columns ascending within a row: canonical CSR order
    indptr = np.concatenate([[0], np.cumsum(np.bincount(r, minlength=rows.shape[0]))])
    matrix = sparse.csr_matrix((part[r, c], c, indptr), shape=part.shape)
    return dense_cols, sparse_cols, np.take(rows, dense_cols, axis=1), matrix


def _is_sparse(matrix) -> bool:
    """A scipy sparse matrix (checked without importing scipy, which `import matching` never does)."""
    return hasattr(matrix, "tocsr") and hasattr(matrix, "getnnz")


def _dense(rows) -> np.ndarray:
    out = rows.toarray() if _is_sparse(rows) else rows
    return np.ascontiguousarray(out, dtype=np.float32)


class Index:
    """Text vectors fitted once with the owner of each row and the group of each owner, for exact similarity queries.

    Scores are dot products, so cosines for L2-normalised rows (what the encoders give); a zero row (a text not
    embedded) scores 0 with everything. The index is read-only after fitting and safe to share between threads.

    Parameters:
        vectors: (n_rows, dim) array, one row per text, or a scipy sparse matrix of that shape (rows of many texts
            whose columns are mostly zero, never densified whole); converted to float32; must be finite.
        owners: (n_rows,) owner index of each row, in [0, n_owners); default: each row is its own owner.
        n_owners: the number of owners (owners without a row are allowed); default: the largest owner index + 1.
        groups: one group value per owner (a country, say) or None; compared stripped and case-folded, and an empty
            value or None is unknown, never equal to anything.
        storage: "dense", "split" (dense well-filled columns, the rest sparse) or "auto" (split when at least half
            the columns are used by fewer than a quarter of the rows).

    Attributes `n_owners` and `dim` say what was fitted; `len(index)` is the number of rows.

    Raises:
        InputError: shapes that do not fit, an owner out of range, non-finite values, an unknown storage.
    """

    def __init__(
        self,
        vectors: Any,
        owners: Sequence[int] | np.ndarray | None = None,
        *,
        n_owners: int | None = None,
        groups: Sequence[str | None] | None = None,
        storage: str = "auto",
    ):
        matrix: Any = (
            vectors.tocsr().astype(np.float32) if _is_sparse(vectors) else np.asarray(vectors, dtype=np.float32)
        )
        if matrix.ndim != 2:
            raise InputError(f"vectors must be a 2-d array (rows x dim), got shape {matrix.shape}")
        n_rows = matrix.shape[0]
        # a copy (np.asarray would share the caller's memory): later edits by the caller must not reach the index
        owner = np.arange(n_rows, dtype=np.int64) if owners is None else np.array(owners, dtype=np.int64).ravel()
        if owner.shape[0] != n_rows:
            raise InputError(f"one owner per row is needed: {n_rows} rows, {owner.shape[0]} owners")
        if n_owners is None:
            n_owners = int(owner.max()) + 1 if owner.size else 0
        if owner.size and (owner.min() < 0 or owner.max() >= n_owners):
            raise InputError(f"owner index out of range 0..{n_owners - 1}")
        if not np.isfinite(matrix.data if _is_sparse(matrix) else matrix).all():
            raise InputError("vectors must be finite (no NaN or infinity)")
        if groups is not None and len(groups) != n_owners:
            raise InputError(f"one group per owner is needed: {n_owners} owners, {len(groups)} groups")
        if storage not in STORAGES:
            raise InputError(f"unknown storage {storage!r} (choose from {', '.join(STORAGES)})")
        order = np.argsort(owner, kind="stable")  # rows of one owner stay in their fitted order
        counts = np.bincount(owner, minlength=n_owners).astype(np.int64)
        self.n_owners = int(n_owners)
        self.dim = int(matrix.shape[1])
        self._order = order
        self._owner = owner
        self._sorted_owner = owner[order]
        self._counts = counts
        self._starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        # Group codes per owner (-1: unknown); the code of a group value is looked up by its compared form.
        self._group_code: dict[str, int] = {}
        self._groups: np.ndarray | None = None
        if groups is not None:
            self._groups = np.array(
                [
                    self._group_code.setdefault(key, len(self._group_code)) if key else -1
                    for key in map(group_key, groups)
                ],
                dtype=np.int64,
            )
        # np.take: much faster than matrix[order] on wide dense rows
        sorted_rows = matrix[order] if _is_sparse(matrix) else np.take(matrix, order, axis=0)
        self._dense_cols, self._sparse_cols, self._dense, self._sparse = _split(sorted_rows, storage)
        self._position: np.ndarray | None = None  # where each fitted row is stored, made on first use
        for array in (self._order, self._owner, self._sorted_owner, self._counts, self._starts, self._dense):
            array.setflags(write=False)

    # -- what the index holds ---------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self._order.shape[0])

    @property
    def owners(self) -> np.ndarray:
        """(n_rows,) the owner of each row, in the order the index was fitted (read-only)."""
        return self._owner

    @property
    def split(self) -> bool:
        """True when the mostly-empty columns are stored sparse."""
        return self._sparse is not None

    @property
    def nbytes(self) -> int:
        """Bytes held by the stored vectors."""
        total = self._dense.nbytes
        if self._sparse is not None:
            total += self._sparse.data.nbytes + self._sparse.indices.nbytes + self._sparse.indptr.nbytes
        return int(total)

    def rows_of(self, owner: int) -> np.ndarray:
        """The rows (in fitted order) that belong to `owner`, in that order.

        Parameters:
            owner: an owner index.

        Returns:
            (r,) int64 row indices; empty for an owner without rows.
        """
        self._check_owner(owner)
        return self._order[self._starts[owner] : self._starts[owner + 1]].copy()

    def vectors_of(self, owner: int) -> np.ndarray:
        """The vectors of `owner`'s rows, in fitted order.

        Parameters:
            owner: an owner index.

        Returns:
            (r, dim) float32 array (a copy); (0, dim) for an owner without rows.
        """
        self._check_owner(owner)
        return self._gather(int(self._starts[owner]), int(self._starts[owner + 1]))

    def vectors_at(self, rows: Sequence[int] | np.ndarray, *, sparse: bool = False):
        """The stored vectors of some rows, for a new index that keeps them (an index rebuilt after a few edits).

        Parameters:
            rows: row indices in fitted order.
            sparse: return a scipy CSR matrix (no dense copy of mostly-zero columns) instead of an array.

        Returns:
            (len(rows), dim) float32: a new array, or a CSR matrix when `sparse`.

        Raises:
            InputError: a row out of range.
        """
        wanted = np.asarray(rows, dtype=np.int64).ravel()
        if wanted.size and (wanted.min() < 0 or wanted.max() >= len(self)):
            raise InputError(f"row out of range 0..{len(self) - 1}")
        if self._position is None:
            position = np.empty(len(self), dtype=np.int64)
            position[self._order] = np.arange(len(self), dtype=np.int64)
            self._position = position
        at = self._position[wanted]
        if not sparse:
            out = np.zeros((wanted.size, self.dim), dtype=np.float32)
            out[:, self._dense_cols] = self._dense[at]
            if self._sparse is not None:
                out[:, self._sparse_cols] = self._sparse[at].toarray()
            return out
        from scipy import sparse as sp

        pieces = [(sp.coo_matrix(self._dense[at]), self._dense_cols)]
        if self._sparse is not None:
            pieces.append((self._sparse[at].tocoo(), self._sparse_cols))
        # each stored part's columns mapped back to the vector's own columns
        data = np.concatenate([part.data for part, _cols in pieces]).astype(np.float32)
        row = np.concatenate([part.row for part, _cols in pieces])
        col = np.concatenate([cols[part.col] for part, cols in pieces])
        return sp.csr_matrix((data, (row, col)), shape=(wanted.size, self.dim), dtype=np.float32)

    # -- the three questions ----------------------------------------------------------------------------------------
    def best_per_owner(
        self,
        queries: np.ndarray,
        *,
        k: int | None = None,
        exclude_owner: int | None = None,
        exclude_group: str | None = None,
        eligible: np.ndarray | None = None,
        min_score: float | None = None,
    ) -> OwnerMatches:
        """The owners whose best text is closest to the query, each with that text and its score.

        An owner's score is the largest dot product between any of its rows and any query row.

        Parameters:
            queries: (m, dim) query vectors, or one (dim,) vector (a search box; a person's several challenges).
            k: at most this many owners (default: every owner that qualifies).
            exclude_owner: an owner never returned (the person asking, when they are one of the owners).
            exclude_group: owners of this group are never returned (the asker's country); None or "" excludes none.
            eligible: (n_owners,) boolean mask; only owners marked True are returned (filters, visibility).
            min_score: only owners scoring at least this.

        Returns:
            OwnerMatches, best first, ties to the lower owner index; owners without rows never appear.
        """
        q = self._queries(queries)
        if k is not None and k < 1:
            raise InputError("k must be at least 1")
        empty = np.zeros(0, dtype=np.int64)
        if q.shape[0] == 0 or len(self) == 0:
            return OwnerMatches(empty, np.zeros(0, dtype=np.float32), empty.copy(), empty.copy())
        sim = self._scores(q)  # (rows sorted by owner, m)
        best_query = np.argmax(sim, axis=1)  # first maximum: the lowest query row on a tie
        row_best = np.take_along_axis(sim, best_query[:, None], axis=1)[:, 0]
        owner_best = reduce_by_owner(row_best[:, None], self._counts, self._starts[:-1], "max", axis=0)[:, 0]
        keep = ~np.isnan(owner_best)
        if exclude_owner is not None:
            self._check_owner(exclude_owner)
            keep[exclude_owner] = False
        if exclude_group is not None and group_key(exclude_group):
            if self._groups is None:
                raise InputError("this index was fitted without groups, so it cannot exclude one")
            code = self._group_code.get(group_key(exclude_group))
            if code is not None:
                keep &= self._groups != code
        if eligible is not None:
            mask = np.asarray(eligible, dtype=bool).ravel()
            if mask.shape[0] != self.n_owners:
                raise InputError(f"eligible must have one entry per owner ({self.n_owners}), got {mask.shape[0]}")
            keep &= mask
        if min_score is not None:
            keep &= np.nan_to_num(owner_best, nan=-np.inf) >= min_score
        chosen = np.flatnonzero(keep)
        chosen = chosen[np.lexsort((chosen, -owner_best[chosen]))][:k]
        # Each chosen owner's best row: the first of its rows (in fitted order) that reaches the owner's best.
        hits = np.flatnonzero(row_best == owner_best[self._sorted_owner])
        hit_owner = self._sorted_owner[hits]  # non-decreasing (rows are stored by owner): no sort needed
        first = np.flatnonzero(np.r_[True, hit_owner[1:] != hit_owner[:-1]]) if hits.size else hits
        best_position = np.full(self.n_owners, -1, dtype=np.int64)
        best_position[hit_owner[first]] = hits[first]
        rows = best_position[chosen]
        return OwnerMatches(
            chosen.astype(np.int64),
            owner_best[chosen].astype(np.float32),
            self._order[rows].astype(np.int64),
            best_query[rows].astype(np.int64),
        )

    def best_rows(self, queries: np.ndarray, owners: Sequence[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each (query, owner) pair, the owner's row closest to that query: the best sentence of a text.

        Parameters:
            queries: (m, dim) vectors, or one (dim,) vector used for every owner.
            owners: (m,) owner indices, one per query (or any number with a single query).

        Returns:
            (rows, scores): (m,) int64 rows in fitted order (-1 for an owner without rows, ties to the earlier row)
            and (m,) float32 scores (NaN where there is no row).
        """
        who = np.asarray(owners, dtype=np.int64).ravel()
        q = self._queries(queries)
        if q.shape[0] == 1 and who.size != 1:
            q = np.repeat(q, who.size, axis=0)
        if q.shape[0] != who.size:
            raise InputError(f"one query per owner is needed: {q.shape[0]} queries, {who.size} owners")
        rows = np.full(who.size, -1, dtype=np.int64)
        scores = np.full(who.size, np.nan, dtype=np.float32)
        # One query for every owner (a search box against the sentences of a page's texts): one product over all
        # rows instead of one per owner.
        shared = self._scores(q[:1])[:, 0] if q.shape[0] > 1 and not (q != q[:1]).any() else None
        for i, owner in enumerate(who):
            self._check_owner(int(owner))
            lo, hi = int(self._starts[owner]), int(self._starts[owner + 1])
            if lo == hi:
                continue
            sim = shared[lo:hi] if shared is not None else self._scores(q[i : i + 1], lo, hi)[:, 0]
            best = int(np.argmax(sim))  # rows of an owner are in fitted order: ties go to the earlier row
            rows[i], scores[i] = self._order[lo + best], sim[best]
        return rows, scores

    def best_row(self, query: np.ndarray, owner: int) -> tuple[int, float]:
        """The row of `owner` closest to `query` (see `best_rows`).

        Parameters:
            query: one (dim,) vector.
            owner: an owner index.

        Returns:
            (row in fitted order, score), or (-1, NaN) for an owner without rows.
        """
        rows, scores = self.best_rows(query, [owner])
        return int(rows[0]), float(scores[0])

    def scores_from(self, sources: np.ndarray, pool: str = "best-mean") -> np.ndarray:
        """Directional scores of one set of source texts against each owner's texts (the owner is the target).

        With "best-mean", each source text takes its best row of the owner and the results are averaged: how much of
        the sources (a person's challenges) the owner's texts (their reforms) answer. "max" is the single best pair,
        "mean" the mean over all pairs.

        Parameters:
            sources: (m, dim) source vectors, or one (dim,) vector.
            pool: "best-mean", "max" or "mean".

        Returns:
            (n_owners,) float32 scores; NaN for an owner without rows, and everywhere when there is no source.
        """
        _check_pool(pool)
        on_target, on_source = _ops(pool)
        q = self._queries(sources)
        sim = self._scores(q)  # (rows, sources)
        per_owner = reduce_by_owner(sim, self._counts, self._starts[:-1], on_target, axis=0)  # (owners, sources)
        whole = np.array([q.shape[0]], dtype=np.int64)
        return reduce_by_owner(per_owner, whole, np.zeros(1, np.int64), on_source, axis=1)[:, 0]

    def scores_to(self, targets: np.ndarray, pool: str = "best-mean") -> np.ndarray:
        """Directional scores of each owner's texts against one set of target texts (the owner is the source).

        With "best-mean", each of the owner's rows takes its best target and the results are averaged over the
        owner's rows: how much of each owner's texts (their challenges) the targets (one person's reforms) answer.

        Parameters:
            targets: (m, dim) target vectors, or one (dim,) vector.
            pool: "best-mean", "max" or "mean".

        Returns:
            (n_owners,) float32 scores; NaN for an owner without rows, and everywhere when there is no target.
        """
        _check_pool(pool)
        on_target, on_source = _ops(pool)
        q = self._queries(targets)
        sim = self._scores(q)  # (rows, targets)
        whole = np.array([q.shape[0]], dtype=np.int64)
        per_row = reduce_by_owner(sim, whole, np.zeros(1, np.int64), on_target, axis=1)  # (rows, 1)
        return reduce_by_owner(per_row, self._counts, self._starts[:-1], on_source, axis=0)[:, 0]

    # -- internals ----------------------------------------------------------------------------------------------------
    def _check_owner(self, owner: int) -> None:
        if not 0 <= owner < self.n_owners:
            raise InputError(f"owner {owner} is out of range 0..{self.n_owners - 1}")

    def _queries(self, queries: np.ndarray) -> np.ndarray:
        q = np.asarray(queries, dtype=np.float32)
        if q.ndim == 1:
            q = q.reshape(1, -1)
        if q.ndim != 2 or q.shape[1] != self.dim:
            raise InputError(f"query vectors must have {self.dim} columns, got shape {q.shape}")
        return q

    def _scores(self, q: np.ndarray, lo: int = 0, hi: int | None = None) -> np.ndarray:
        """(hi - lo, m) dot products of stored rows lo..hi-1 (sorted by owner) with the query rows."""
        hi = len(self) if hi is None else hi
        whole = lo == 0 and hi == len(self)  # slicing a CSR matrix copies it: not for the common case
        out = (self._dense if whole else self._dense[lo:hi]) @ q[:, self._dense_cols].T
        if self._sparse is not None:
            out += (self._sparse if whole else self._sparse[lo:hi]) @ q[:, self._sparse_cols].T
        return np.ascontiguousarray(out, dtype=np.float32)

    def _gather(self, lo: int, hi: int) -> np.ndarray:
        out = np.zeros((hi - lo, self.dim), dtype=np.float32)
        out[:, self._dense_cols] = self._dense[lo:hi]
        if self._sparse is not None:
            out[:, self._sparse_cols] = self._sparse[lo:hi].toarray()
        return out


def pair_scores(first: Index, second: Index, person: int, pool: str = "best-mean") -> PairScores:
    """A person's peer-exchange scores with every other owner, in both directions and combined.

    `first` and `second` hold the two kinds of text of the same owners (challenges and reforms). The forward score of
    owner o is the person's `first` texts against o's `second` texts, the backward score o's `first` texts against the
    person's `second` texts, both pooled with `pool`; the pair score is the mean of the directions that exist, as the
    pairing optimiser scores a pair (`matching.pair_people`).

    Parameters:
        first: the index of the first kind (challenges), owners = people.
        second: the index of the second kind (reforms), the same owners.
        person: the owner index of the person being paired.
        pool: "best-mean", "max" or "mean".

    Returns:
        PairScores with (n_owners,) arrays; NaN for the person themself and where a direction has no text on a side.

    Raises:
        InputError: indexes with different owners or dimensions, or a person out of range.
    """
    if first.n_owners != second.n_owners or first.dim != second.dim:
        raise InputError("both indexes must have the same owners and the same vector length")
    first._check_owner(person)
    forward = second.scores_from(first.vectors_of(person), pool)
    backward = first.scores_to(second.vectors_of(person), pool)
    score = combine_directions(forward.astype(np.float32), backward.astype(np.float32))
    for array in (score, forward, backward):
        array[person] = np.nan
    return PairScores(score, forward, backward)
