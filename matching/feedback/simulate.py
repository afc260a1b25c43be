"""Offline simulation of learning from decisions on a labelled set.

The groups (countries) with labelled rows are split in two at random. For every labelled row of the first half, the
engine "shows" its `shown` best candidates (from other groups, by cosine), and a simulated coordinator keeps those
that share a label with it and drops the others: these are the judgements. A re-ranker fitted on them re-orders the
`depth` best candidates of every labelled row of the other half, and precision@k is measured there, before and
after. The learning curve refits on random subsets of the judgements (several draws per size) and reports the mean
gain for each size. Labels decide only the simulated judgements and the scoring, never a ranking directly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.errors import InputError
from matching.evaluate import relevance_matrix
from matching.feedback.model import FEATURE_NAMES, Reranker, fit_reranker
from matching.neighbours import top_k


@dataclass(frozen=True)
class CurvePoint:
    """One point of the learning curve.

    Parameters:
        judgements: how many judgements the re-rankers were fitted on.
        precision: the mean P@k after re-ranking, over the draws.
        spread: the standard deviation over the draws.
        draws: how many random subsets of that size were drawn.
    """

    judgements: int
    precision: float
    spread: float
    draws: int


@dataclass(frozen=True)
class Simulation:
    """The outcome of `simulate_decisions`.

    Parameters:
        k: the depth of the precision.
        train_groups: the groups whose queries gave the judgements.
        test_groups: the groups whose queries were measured.
        test_queries: how many labelled queries were measured.
        judgements: all the judgements the train half gives.
        kept: how many of them were "keep".
        before: P@k on the test half in the engine's own order.
        after: P@k on the test half re-ranked by the re-ranker fitted on every judgement.
        applied: P@k as the app would serve it: re-ranked only when the re-ranker is `useful`, else `before`.
        curve: the learning curve, by number of judgements.
        reranker: the re-ranker fitted on every judgement (None when they were one-sided).
    """

    k: int
    train_groups: tuple[str, ...]
    test_groups: tuple[str, ...]
    test_queries: int
    judgements: int  # all the judgements the train half gives
    kept: int
    before: float  # P@k on the test half, the engine's own order
    after: float  # P@k on the test half, re-ranked by the re-ranker fitted on every judgement
    applied: float  # P@k as the app would serve it: re-ranked only when the re-ranker is `useful`, else `before`
    curve: tuple[CurvePoint, ...]
    reranker: Reranker | None

    @property
    def gain(self) -> float:
        """after - before: the P@k gain of the re-ranker fitted on every judgement."""
        return self.after - self.before

    def needed(self, gain: float) -> int | None:
        """The fewest judgements needed for a gain.

        Parameters:
            gain: the P@k gain over `before` wanted.

        Returns:
            the smallest curve size whose mean P@k reaches before + gain, or None if none does.
        """
        return next((p.judgements for p in self.curve if p.precision - self.before >= gain - 1e-12), None)


def _precision(order: np.ndarray, queries: np.ndarray, rel: np.ndarray, k: int) -> float:
    if not len(queries):
        return 0.0
    return float(np.mean([rel[i, order[i, :k][order[i, :k] >= 0]].sum() / k for i in queries]))


def simulate_decisions(
    vectors: np.ndarray,
    texts: list[str],
    labels: list[tuple[str, ...]],
    groups: list[str],
    *,
    k: int = 5,
    shown: int = 5,
    depth: int = 20,
    train_share: float = 0.5,
    sizes: tuple[int, ...] = (10, 20, 50, 100, 200, 400, 800),
    draws: int = 5,
    seed: int = 0,
    lexical_vectors: np.ndarray | None = None,
    languages: list[str] | None = None,
) -> Simulation:
    """Simulate judgements on one half of the groups and measure P@k on the other half (module docstring).

    Parameters:
        vectors: (n, dim) unit rows, the engine's vectors of the labelled set.
        texts: the n texts (for the lexical feature and the language).
        labels: one tuple of labels per row; an empty tuple is a distractor (a candidate, never a query).
        groups: one group (country) per row; candidates always come from other groups.
        k: the depth of the precision.
        shown: how many candidates each judged query shows (each one gives one judgement).
        depth: how many candidates the re-ranker re-orders (at least k).
        train_share: the share of groups whose queries give judgements.
        sizes: the learning curve's numbers of judgements (those above the total are dropped; the total is added).
        draws: random subsets per size.
        seed: the random state of the split and the draws.
        lexical_vectors: hashing vectors of the texts (default: computed here).
        languages: the detected language of each text (default: detected here).

    Returns:
        a Simulation.
    """
    n = len(texts)
    if not (len(vectors) == len(labels) == len(groups) == n):
        raise InputError("simulate_decisions: vectors, texts, labels and groups must have one entry per row")
    if depth < k or shown < 1:
        raise InputError("simulate_decisions: depth must be at least k, and shown at least 1")
    rng = np.random.default_rng(seed)
    labelled_groups = sorted({g for g, lab in zip(groups, labels, strict=True) if lab})
    if len(labelled_groups) < 2:
        raise InputError("simulate_decisions needs labelled rows in at least two groups")
    shuffled = [labelled_groups[i] for i in rng.permutation(len(labelled_groups))]
    cut = min(len(shuffled) - 1, max(1, round(len(shuffled) * train_share)))
    train_groups, test_groups = set(shuffled[:cut]), set(shuffled[cut:])

    found = top_k(vectors, vectors, depth, query_groups=groups, candidate_groups=groups, exclude_self=True)
    idx, cos = found.indices, np.asarray(found.scores, dtype=float)
    if lexical_vectors is None:
        from matching.encoders import get_encoder

        lexical_vectors = get_encoder("hashing").encode([t or "" for t in texts])
    lex_rows = np.asarray(lexical_vectors, dtype=float)
    if languages is None:
        from matching.text import detect_language

        languages = [detect_language(t or "") for t in texts]
    lang = np.asarray(languages, dtype=object)
    safe = np.where(idx >= 0, idx, 0)
    lexical = np.einsum("id,ird->ir", lex_rows, lex_rows[safe])
    same = (lang[:, None] == lang[safe]).astype(float)
    # the same columns as decision_features: score, weaker (no directions here: the score), lexical, same_language
    features = np.stack([cos, cos, lexical, same], axis=2)
    assert features.shape[2] == len(FEATURE_NAMES)

    rel = relevance_matrix(labels)
    labelled = np.array([bool(lab) for lab in labels])
    group_arr = np.asarray(groups, dtype=object)
    train_q = np.flatnonzero(labelled & np.isin(group_arr, list(train_groups)))
    test_q = np.flatnonzero(labelled & np.isin(group_arr, list(test_groups)))

    rows, keep, lists = [], [], []
    for i in train_q:
        for r in range(min(shown, depth)):
            if idx[i, r] >= 0:
                rows.append(features[i, r])
                keep.append(bool(rel[i, idx[i, r]]))
                lists.append(int(i))
    x = np.asarray(rows, dtype=float).reshape(-1, len(FEATURE_NAMES))
    y = np.asarray(keep, dtype=bool)
    g = np.asarray(lists, dtype=object)

    def after(reranker: Reranker | None) -> float:
        if reranker is None:
            return _precision(idx, test_q, rel, k)
        order = idx.copy()
        for i in test_q:
            valid = idx[i] >= 0
            chances = reranker.predict(features[i][valid])
            pos = np.lexsort((np.arange(valid.sum()), -cos[i][valid], -chances))
            order[i, : valid.sum()] = idx[i][valid][pos]
        return _precision(order, test_q, rel, k)

    before = after(None)
    full = fit_reranker(x, y, groups=g, min_judgements=2)
    curve = []
    for size in sorted({s for s in sizes if s < len(y)} | {len(y)}):
        values = []
        for _ in range(draws if size < len(y) else 1):
            pick = rng.choice(len(y), size=size, replace=False) if size < len(y) else np.arange(len(y))
            fitted = fit_reranker(x[pick], y[pick], groups=g[pick], min_judgements=2, holdout=0)
            values.append(after(fitted))
        curve.append(CurvePoint(size, float(np.mean(values)), float(np.std(values)), len(values)))
    return Simulation(
        k=k,
        train_groups=tuple(sorted(train_groups)),
        test_groups=tuple(sorted(test_groups)),
        test_queries=len(test_q),
        judgements=len(y),
        kept=int(y.sum()),
        before=before,
        after=after(full),
        applied=after(full) if full is not None and full.useful else before,
        curve=tuple(curve),
        reranker=full,
    )
