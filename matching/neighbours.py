"""Exact top-k cosine neighbours, optionally excluding the query itself and its own group.

Two backends with the same results: faiss `IndexFlatIP` when faiss is importable (its fused
matrix-product-and-heap is the fastest exact search here), and blocked numpy otherwise.
Both re-score the pairs they keep with the same numpy expression and order them by
(score descending, candidate index ascending), so they agree exactly except where two
candidates tie on score at the k-th place.
"""

from __future__ import annotations

import numpy as np

from matching.errors import InputError
from matching.progress import progress_bar
from matching.types import Neighbours

BACKENDS = ("auto", "faiss", "numpy")
# Bytes of score matrix per numpy block: bounds memory whatever the number of candidates.
BLOCK_BYTES = 128 * 1024 * 1024
RESCORE_BYTES = 64 * 1024 * 1024


def faiss_available() -> bool:
    try:
        import faiss  # noqa: F401
    except ImportError:
        return False
    return True


def _group_codes(query_groups, candidate_groups, m: int, n: int):
    """Integer codes, equal exactly when the group values are equal; None means no group (-1)."""
    if query_groups is None or candidate_groups is None:
        return None, None
    if len(query_groups) != m or len(candidate_groups) != n:
        raise InputError("groups must have one value per query and per candidate")
    table: dict = {}
    codes = [
        [-1 if g is None else table.setdefault(g, len(table)) for g in groups]
        for groups in (query_groups, candidate_groups)
    ]
    return np.asarray(codes[0], dtype=np.int64), np.asarray(codes[1], dtype=np.int64)


def top_k(
    queries: np.ndarray,
    candidates: np.ndarray | None = None,
    k: int = 10,
    *,
    query_groups=None,
    candidate_groups=None,
    exclude_self: bool | None = None,
    block_size: int | None = None,
    backend: str = "auto",
    progress: bool | None = False,
) -> Neighbours:
    """The k best candidates for each query by dot product (cosine, for normalised rows), exactly.

    faiss `IndexFlatIP` when importable, else blocked numpy: the same results (both re-score the pairs they keep with
    one numpy expression and order them by score, then candidate index).

    Parameters:
        queries: (m, dim) query vectors.
        candidates: (n, dim) candidate vectors; None searches the queries against themselves.
        k: the neighbours per query.
        query_groups: one group per query (a country); a candidate whose group equals the query's is never returned.
            None (the value) is no group. Needs `candidate_groups`, except in a self-search, where it serves both.
        candidate_groups: one group per candidate.
        exclude_self: drop candidate j == query i (default: True in a self-search).
        block_size: queries per block (default: bounded by memory).
        backend: "auto", "faiss" or "numpy".
        progress: a progress bar on stderr: True, False, or None (when stderr is a terminal).

    Returns:
        Neighbours with (m, k) indices and scores, best first; -1 / -inf padding where fewer than k are eligible.

    Raises:
        InputError: shapes that do not fit, k < 1, an unknown backend, groups of the wrong length.
    """
    if backend not in BACKENDS:
        raise InputError(f"unknown neighbours backend {backend!r} (choose from {', '.join(BACKENDS)})")
    self_search = candidates is None
    if self_search:
        candidates = queries
        candidate_groups = query_groups if candidate_groups is None else candidate_groups
    if exclude_self is None:
        exclude_self = self_search
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    candidates = np.ascontiguousarray(candidates, dtype=np.float32)
    if queries.ndim != 2 or candidates.ndim != 2 or queries.shape[1] != candidates.shape[1]:
        raise InputError("queries and candidates must be 2-D arrays with the same number of columns")
    m, n = len(queries), len(candidates)
    if exclude_self and m != n:
        raise InputError("exclude_self needs the queries and the candidates to be the same rows")
    if k < 1:
        raise InputError("k must be at least 1")
    qcodes, ccodes = _group_codes(query_groups, candidate_groups, m, n)
    if backend == "auto":
        backend = "faiss" if faiss_available() else "numpy"
    search = _faiss_search if backend == "faiss" else _numpy_search
    # One candidate more than asked, re-scored exactly, so the two backends' last-bit differences
    # in their matrix products cannot swap the k-th and (k+1)-th candidates.
    depth = k + 1
    indices = np.full((m, depth), -1, dtype=np.int64)
    if m and n:
        with progress_bar(m, "neighbours", progress, unit="query") as bar:
            search(queries, candidates, depth, qcodes, ccodes, exclude_self, block_size, indices, bar)
    found = _rescore(queries, candidates, indices)
    return Neighbours(found.indices[:, :k].copy(), found.scores[:, :k].copy())


def _rescore(queries, candidates, indices) -> Neighbours:
    """Exact scores for the kept pairs, ordered by (score desc, index asc), -inf for padding."""
    valid = indices >= 0
    safe = np.where(valid, indices, 0)
    scores = np.zeros(indices.shape, dtype=np.float32)
    rows = max(1, RESCORE_BYTES // (4 * candidates.shape[1] * max(indices.shape[1], 1)))
    for start in range(0, len(indices), rows):  # in blocks: the gathered vectors are k times the queries
        stop = start + rows
        gathered = candidates[safe[start:stop]]
        scores[start:stop] = np.einsum("ij,ikj->ik", queries[start:stop], gathered, dtype=np.float32)
    scores[~valid] = -np.inf
    order = np.lexsort((np.where(valid, indices, np.iinfo(np.int64).max), -scores), axis=1)
    indices = np.take_along_axis(indices, order, axis=1)
    scores = np.take_along_axis(scores, order, axis=1)
    return Neighbours(np.ascontiguousarray(indices), np.ascontiguousarray(scores))


def _excluded(rows, cols, qcodes, ccodes, exclude_self) -> np.ndarray:
    """Boolean (len(rows), cols.shape[1]) mask of query/candidate pairs that must not be returned."""
    mask = np.zeros(cols.shape, dtype=bool)
    if exclude_self:
        mask |= cols == rows[:, None]
    if qcodes is not None:
        q = qcodes[rows][:, None]
        mask |= (q >= 0) & (ccodes[cols] == q)
    return mask


def _numpy_search(queries, candidates, k, qcodes, ccodes, exclude_self, block_size, out, bar):
    m, n = len(queries), len(candidates)
    rows_per_block = block_size or max(16, min(4096, BLOCK_BYTES // (4 * n)))
    # Sorting candidates by group turns "same group" into one contiguous column range per query.
    if ccodes is not None:
        order = np.argsort(ccodes, kind="stable")
        sorted_codes = ccodes[order]
        cand = candidates[order]
    else:
        order, cand = None, candidates
    position = np.argsort(order) if order is not None else None  # where candidate j went
    take = min(k, n)
    for start in range(0, m, rows_per_block):
        stop = min(start + rows_per_block, m)
        scores = queries[start:stop] @ cand.T
        if ccodes is not None:
            for r, code in enumerate(qcodes[start:stop]):
                if code >= 0:
                    lo, hi = np.searchsorted(sorted_codes, [code, code + 1])
                    scores[r, lo:hi] = -np.inf
        if exclude_self:
            rows = np.arange(start, stop)
            positions = position[rows] if position is not None else rows
            scores[np.arange(stop - start), positions] = -np.inf
        best = (
            np.argpartition(scores, n - take, axis=1)[:, n - take :]
            if take < n
            else np.broadcast_to(np.arange(n), (stop - start, n)).copy()
        )
        kept = np.take_along_axis(scores, best, axis=1)
        best = order[best] if order is not None else best
        best[~np.isfinite(kept)] = -1
        out[start:stop, :take] = best
        bar.update(stop - start)


def _faiss_search(queries, candidates, k, qcodes, ccodes, exclude_self, block_size, out, bar):
    import faiss

    m, n = len(queries), len(candidates)
    index = faiss.IndexFlatIP(candidates.shape[1])
    index.add(candidates)
    eligible = np.full(m, n - int(exclude_self), dtype=np.int64)
    if qcodes is not None:  # how many candidates each query may have at all
        counts = np.bincount(ccodes[ccodes >= 0], minlength=int(max(qcodes.max(), ccodes.max())) + 1)
        eligible -= np.where(qcodes >= 0, counts[np.maximum(qcodes, 0)], 0)
        if exclude_self:
            eligible += qcodes >= 0  # the query itself was counted in its own group
    want = np.minimum(eligible, k)
    rows_per_block = block_size or 4096
    for start in range(0, m, rows_per_block):
        pending = np.arange(start, min(start + rows_per_block, m))
        # Over-fetch, drop excluded pairs, and fetch deeper only for the rows still short of k.
        fetch = min(n, k + int(exclude_self) + (2 * k + 16 if qcodes is not None else 0))
        while len(pending):
            _, found = index.search(queries[pending], fetch)
            bad = (found < 0) | _excluded(pending, np.maximum(found, 0), qcodes, ccodes, exclude_self)
            kept = np.where(bad, -1, found)
            good = (~bad).sum(axis=1)
            done = (good >= want[pending]) | (fetch >= n)
            for row, cols in zip(pending[done], kept[done], strict=False):
                cols = cols[cols >= 0][:k]
                out[row, : len(cols)] = cols
            bar.update(int(done.sum()))
            pending = pending[~done]
            fetch = min(n, fetch * 4)
