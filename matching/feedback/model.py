"""A re-ranker learned from keep/drop judgements.

A judgement is one suggestion someone saw with its score and either kept (a coordinator locked a pair, a mentor
accepted) or dropped (rejected, declined). Each is described by a few numbers (`FEATURE_NAMES`):

- `score`: the score the engine showed (the pooled cosine of the default encoder);
- `weaker`: the weaker of the two directions (challenge -> reform and back), the score itself when only one is known;
- `lexical`: the cosine of the two shown texts under the hashing encoder (shared words, no model needed);
- `same_language`: 1.0 when both texts are detected in the same language.

`fit_reranker` fits a logistic regression on standardised features; `Reranker` keeps the fitted numbers with the
standardisation folded in (weights and bias), so `predict` is a dot product and a sigmoid and the stored form is
JSON. A re-ranked list orders candidates by the predicted chance of being kept.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from matching.errors import InputError

FEATURE_NAMES = ("score", "weaker", "lexical", "same_language")
MIN_JUDGEMENTS = 30  # below this, or with only one kind of label, no re-ranker is fitted


def lexical_similarity(texts_a: Sequence[str], texts_b: Sequence[str]) -> np.ndarray:
    """The cosine of each pair of texts under the hashing encoder (words shared, weighted by log tf).

    Parameters:
        texts_a: the first text of each pair.
        texts_b: the second text of each pair (the same length as texts_a).

    Returns:
        a float array of length n, in [-1, 1]; 0 when a text is empty.
    """
    if len(texts_a) != len(texts_b):
        raise InputError("lexical_similarity needs two lists of the same length")
    if not len(texts_a):
        return np.zeros(0, dtype=float)
    from matching.encoders import get_encoder

    encoder = get_encoder("hashing")
    a = encoder.encode([t or "" for t in texts_a])
    b = encoder.encode([t or "" for t in texts_b])
    return np.einsum("ij,ij->i", np.asarray(a, dtype=float), np.asarray(b, dtype=float))


def _same_language(texts_a: Sequence[str], texts_b: Sequence[str]) -> np.ndarray:
    from matching.text import detect_language

    return np.array(
        [
            1.0 if detect_language(a or "") == detect_language(b or "") else 0.0
            for a, b in zip(texts_a, texts_b, strict=True)
        ]
    )


def decision_features(
    scores: Sequence[float],
    texts_a: Sequence[str],
    texts_b: Sequence[str],
    *,
    forward: Sequence[float | None] | None = None,
    backward: Sequence[float | None] | None = None,
    lexical: Sequence[float] | None = None,
) -> np.ndarray:
    """The feature rows (`FEATURE_NAMES`, in that order) of n shown suggestions.

    Parameters:
        scores: the score shown for each suggestion.
        texts_a: the first text shown with each suggestion (for a pair: its challenge sentence).
        texts_b: the second text shown (for a pair: the reform sentence that matched).
        forward: one directional score per suggestion when known (None entries: unknown); the weaker of the two
            directions is a feature, the shown score standing in when neither is known.
        backward: the other direction, likewise.
        lexical: precomputed lexical similarities (default: `lexical_similarity(texts_a, texts_b)`).

    Returns:
        an (n, 4) float array.
    """
    n = len(scores)
    if len(texts_a) != n or len(texts_b) != n:
        raise InputError("decision_features: scores and texts must have the same length")
    score = np.asarray(scores, dtype=float)
    weaker = score.copy()
    for i in range(n):
        values = (v[i] for v in (forward, backward) if v is not None)
        known = [float(x) for x in values if x is not None and not math.isnan(x)]
        if known:
            weaker[i] = min(known)
    lex = np.asarray(lexical, dtype=float) if lexical is not None else lexical_similarity(texts_a, texts_b)
    same = _same_language(texts_a, texts_b) if n else np.zeros(0)
    return np.column_stack([score, weaker, lex, same]) if n else np.zeros((0, len(FEATURE_NAMES)))


@dataclass(frozen=True)
class Reranker:
    """A fitted logistic regression: P(keep) = sigmoid(features @ weights + bias).

    Parameters:
        weights: one weight per feature, on the raw (unstandardised) features.
        bias: the intercept.
        feature_names: the features, in order.
        judgements: how many judgements it was fitted on.
        kept: how many of them were "keep".
        metrics: held-out figures of the fit (accuracy, log loss; `auc` and `auc_shown_score` when both labels
            were held out: the re-ranker's and the shown score's chance of putting a kept suggestion above a dropped
            one of the same list).
    """

    weights: tuple[float, ...]
    bias: float
    feature_names: tuple[str, ...] = FEATURE_NAMES
    judgements: int = 0
    kept: int = 0
    metrics: dict = field(default_factory=dict)

    @property
    def useful(self) -> bool:
        """True when, on the held-out judgements, it told kept from dropped better than the shown score alone did.

        The app applies a re-ranker only when this holds: one that cannot beat the score it would replace is kept
        for the record but not used.
        """
        auc, base = self.metrics.get("auc"), self.metrics.get("auc_shown_score")
        return auc is not None and base is not None and auc > base

    def predict(self, features: np.ndarray) -> np.ndarray:
        """The chance of being kept of each suggestion.

        Parameters:
            features: an (n, len(feature_names)) array.

        Returns:
            n chances in (0, 1).
        """
        x = np.asarray(features, dtype=float)
        if x.ndim != 2 or x.shape[1] != len(self.weights):
            raise InputError(f"Reranker.predict needs an (n, {len(self.weights)}) array, got {x.shape}")
        z = x @ np.asarray(self.weights, dtype=float) + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))

    def to_dict(self) -> dict:
        """The re-ranker as plain data.

        Returns:
            a JSON-ready dict that `Reranker.from_dict` reads back.
        """
        return {
            "weights": list(self.weights),
            "bias": self.bias,
            "feature_names": list(self.feature_names),
            "judgements": self.judgements,
            "kept": self.kept,
            "metrics": dict(self.metrics),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Reranker:
        """The re-ranker stored by `to_dict`.

        Parameters:
            data: what `to_dict` returned.

        Returns:
            the Reranker.

        Raises:
            InputError: the stored features are not this engine's.
        """
        names = tuple(data.get("feature_names", ()))
        if names != FEATURE_NAMES:
            raise InputError(f"stored re-ranker has features {names}, this engine uses {FEATURE_NAMES}")
        return cls(
            weights=tuple(float(w) for w in data["weights"]),
            bias=float(data["bias"]),
            feature_names=names,
            judgements=int(data.get("judgements", 0)),
            kept=int(data.get("kept", 0)),
            metrics=dict(data.get("metrics", {})),
        )


def fit_reranker(
    features: np.ndarray,
    labels: Sequence[bool] | np.ndarray,
    *,
    groups: Sequence | np.ndarray | None = None,
    min_judgements: int = MIN_JUDGEMENTS,
    c: float = 1.0,
    holdout: float = 0.25,
    seed: int = 0,
) -> Reranker | None:
    """Fit a re-ranker on judgements; None when there are too few, or only one kind of label.

    Parameters:
        features: (n, len(FEATURE_NAMES)) rows from `decision_features`.
        labels: True for "keep", False for "drop", one per row.
        groups: the list each judgement was made in (a run, a request, a roundtable), or None. With groups, the
            features are centred within each list before fitting (the model learns what made one suggestion of a
            list kept rather than another, not which lists scored high), whole lists are held out, and the held-out
            AUC counts only kept/dropped pairs of the same list: the question a re-ranker answers.
        min_judgements: the fewest judgements worth fitting on.
        c: the inverse L2 regularisation strength of scikit-learn's LogisticRegression.
        holdout: the share of judgements (or of lists) held out for the metrics; the model is then refitted on all
            of them. 0 skips the metrics (and `useful` is then False).
        seed: the random state of the hold-out split.

    Returns:
        the Reranker, or None.
    """
    x = np.asarray(features, dtype=float)
    y = np.asarray(labels, dtype=bool)
    if x.ndim != 2 or len(x) != len(y):
        raise InputError("fit_reranker: one label per feature row")
    g = np.asarray(groups, dtype=object) if groups is not None else np.zeros(len(y), dtype=object)
    if len(g) != len(y):
        raise InputError("fit_reranker: one group per feature row")
    if len(y) < max(min_judgements, 2) or y.all() or not y.any():
        return None
    metrics = {}
    if holdout > 0 and len(y) >= 8:
        rng = np.random.default_rng(seed)
        if groups is not None:
            names = np.unique(g)
            held = set(names[rng.permutation(len(names))][: max(1, round(len(names) * holdout))])
            test = np.array([v in held for v in g])
        else:
            test = np.zeros(len(y), dtype=bool)
            test[rng.permutation(len(y))[: max(1, round(len(y) * holdout))]] = True
        train = ~test
        if y[train].any() and not y[train].all() and y[test].any() and not y[test].all():
            probe = _fit(x[train], y[train], g[train] if groups is not None else None, c)
            metrics = _metrics(probe.predict(x[test]), y[test])
            auc, base = _auc(probe.predict(x[test]), y[test], g[test]), _auc(x[test][:, 0], y[test], g[test])
            if auc is not None and base is not None:
                metrics["auc"], metrics["auc_shown_score"] = auc, base
    fitted = _fit(x, y, g if groups is not None else None, c)
    return Reranker(fitted.weights, fitted.bias, FEATURE_NAMES, len(y), int(y.sum()), metrics)


def _centred(x: np.ndarray, groups: np.ndarray) -> np.ndarray:
    out = x.copy()
    for name in np.unique(groups):
        rows = groups == name
        out[rows] -= x[rows].mean(axis=0)
    return out


def _fit(x: np.ndarray, y: np.ndarray, groups: np.ndarray | None, c: float) -> Reranker:
    from sklearn.linear_model import LogisticRegression

    fit_on = _centred(x, groups) if groups is not None else x
    mean = fit_on.mean(axis=0)
    scale = fit_on.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=1000)
    model.fit((fit_on - mean) / scale, y)
    coef = model.coef_[0] / scale  # fold the standardisation into the weights
    bias = float(model.intercept_[0] - (coef * mean).sum())
    if groups is not None:  # centred fit: shift the bias so that the raw features' mean gets the same chance
        bias -= float((coef * x.mean(axis=0)).sum())
    return Reranker(tuple(float(w) for w in coef), bias)


def _metrics(p: np.ndarray, y: np.ndarray) -> dict:
    eps = 1e-12
    return {
        "heldout": len(y),
        "accuracy": float(((p >= 0.5) == y).mean()),
        "log_loss": float(-np.mean(y * np.log(p + eps) + (~y) * np.log(1 - p + eps))),
    }


def _auc(p: np.ndarray, y: np.ndarray, groups: np.ndarray | None = None) -> float | None:
    """The chance that a kept judgement gets a higher value than a dropped one of the same group (ties count half);
    None when no group has both."""
    groups = np.zeros(len(y), dtype=object) if groups is None else groups
    wins = total = 0.0
    for name in np.unique(groups):
        rows = groups == name
        pos, neg = p[rows & y], p[rows & ~y]
        wins += (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
        total += len(pos) * len(neg)
    return float(wins / total) if total else None


def rerank(features: np.ndarray, reranker: Reranker | None) -> tuple[np.ndarray, np.ndarray]:
    """The order of n candidates under a re-ranker (best first) and each one's chance of being kept.

    Parameters:
        features: (n, len(FEATURE_NAMES)) rows; column 0 is the shown score.
        reranker: the fitted re-ranker, or None (switched off, or too few judgements): the shown score's order.

    Returns:
        (order, chances): `order` lists row positions best first (ties broken by the shown score, then position);
        `chances` is None-free: the predicted chance, or the shown score itself when there is no re-ranker.
    """
    x = np.asarray(features, dtype=float)
    if len(x) == 0:
        return np.zeros(0, dtype=int), np.zeros(0)
    chances = reranker.predict(x) if reranker is not None else x[:, 0].copy()
    order = np.lexsort((np.arange(len(x)), -x[:, 0], -chances))
    return order, chances
