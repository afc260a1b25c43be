"""Ranking quality against labels: precision@k and nDCG@10, with the protocol of the labelled data sets.

A query is a row with at least one label; its candidates are all other rows (from other groups
when groups are given), unlabelled rows included as distractors; a candidate is relevant when
it shares at least one label with the query. Labels are never used to rank, only to score.
"""

from __future__ import annotations

import time

import numpy as np

from matching.neighbours import top_k
from matching.types import Metrics

NDCG_DEPTH = 10


def parse_labels(value: str, separator: str = "|") -> tuple[str, ...]:
    return tuple(sorted({part.strip() for part in (value or "").split(separator) if part.strip()}))


def relevance_matrix(labels: list[tuple[str, ...]]) -> np.ndarray:
    """rel[i, j] is True when rows i and j share a label."""
    names = sorted({name for row in labels for name in row})
    index = {name: i for i, name in enumerate(names)}
    onehot = np.zeros((len(labels), max(len(names), 1)), dtype=np.float32)
    for row, row_labels in enumerate(labels):
        for name in row_labels:
            onehot[row, index[name]] = 1.0
    return (onehot @ onehot.T) > 0


def _eligible(n: int, groups: list[str] | None) -> np.ndarray:
    eligible = ~np.eye(n, dtype=bool)
    if groups is not None:
        codes = np.unique(np.asarray(groups, dtype=object), return_inverse=True)[1]
        eligible &= codes[:, None] != codes[None, :]
    return eligible


def _discounts() -> np.ndarray:
    return 1.0 / np.log2(np.arange(2, NDCG_DEPTH + 2))


def score_rankings(
    ranked: np.ndarray, labels: list[tuple[str, ...]], groups: list[str] | None, k: int
) -> tuple[float, float, int]:
    """Mean P@k and nDCG@10 of rankings (row i: candidate indices for query i, -1 padded)."""
    rel = relevance_matrix(labels)
    rel &= _eligible(len(labels), groups)
    queries = np.array([bool(row) for row in labels])
    discounts = _discounts()
    precision, ndcg = [], []
    for i in np.flatnonzero(queries):
        row = ranked[i]
        hits = np.array([j >= 0 and rel[i, j] for j in row], dtype=float)
        precision.append(hits[:k].sum() / k)
        ideal = discounts[: min(NDCG_DEPTH, int(rel[i].sum()))].sum()
        depth = min(NDCG_DEPTH, len(hits))
        ndcg.append(float(hits[:depth] @ discounts[:depth]) / ideal if ideal > 0 else 0.0)
    return float(np.mean(precision)), float(np.mean(ndcg)), int(queries.sum())


def evaluate_vectors(
    vectors: np.ndarray,
    labels: list[tuple[str, ...]],
    groups: list[str] | None = None,
    k: int = 5,
    method: str = "",
) -> Metrics:
    """Rank each labelled row's candidates by cosine similarity and score the rankings (protocol: module docstring).

    Parameters:
        vectors: (n, dim) L2-normalised rows, one per labelled-set row.
        labels: one tuple of labels per row (an empty tuple: a distractor, never a query).
        groups: one group per row (the country): candidates come from other groups only; None: every other row.
        k: the depth of the precision.
        method: the name to report.

    Returns:
        Metrics with P@k, nDCG@10 and the number of queries.
    """
    started = time.perf_counter()
    depth = max(k, NDCG_DEPTH)
    found = top_k(vectors, vectors, depth, query_groups=groups, candidate_groups=groups, exclude_self=True)
    precision, ndcg, queries = score_rankings(found.indices, labels, groups, k)
    return Metrics(method, k, precision, ndcg, queries, time.perf_counter() - started)


def evaluate_random(labels: list[tuple[str, ...]], groups: list[str] | None = None, k: int = 5) -> Metrics:
    """The expected P@k and nDCG@10 of a uniformly random ranking, exactly (no sampling).

    Parameters:
        labels: one tuple of labels per row, as for `evaluate_vectors`.
        groups: one group per row, or None.
        k: the depth of the precision.

    Returns:
        Metrics named "random".
    """
    rel = relevance_matrix(labels)
    eligible = _eligible(len(labels), groups)
    rel &= eligible
    discounts = _discounts()
    precision, ndcg = [], []
    for i in (i for i, row in enumerate(labels) if row):
        share = rel[i].sum() / max(eligible[i].sum(), 1)  # chance that any one position is relevant
        precision.append(share)
        ideal = discounts[: min(NDCG_DEPTH, int(rel[i].sum()))].sum()
        ndcg.append(share * discounts.sum() / ideal if ideal > 0 else 0.0)
    return Metrics("random", k, float(np.mean(precision)), float(np.mean(ndcg)), len(precision))
