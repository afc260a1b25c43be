"""When a search by meaning has found nothing: a relevance floor with a query-specific background.

A fixed cosine floor alone cannot tell "football results last night" from "how are election results checked": both
reach a profile about result sheets at about the same cosine. What differs is what else the query is close to. Each
query is therefore also compared with a background of everyday texts that have nothing to do with governance
(weather, sport, food, shopping, music, pets..., in English, Spanish, French and Indonesian:
matching/data/search_background.txt). The chance that a text answers the query is
estimated from two features, the cosine and the cosine's margin over the query's best background cosine, by a
logistic model; a text is a close match when that chance is above one half. A query about everyday life is closer
to the background than to any profile; a real question is not.

`fit_relevance` fits the model on labelled real and junk queries (matching/tools/search_floor.py runs it on
evaluation/search_floor_calibration.csv); encoders carry the result as `relevance_weights`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

BACKGROUND_PATH = Path(__file__).resolve().parent / "data" / "search_background.txt"


@cache
def _background() -> tuple[str, ...]:
    with open(BACKGROUND_PATH, encoding="utf-8") as handle:
        lines = (line.strip() for line in handle)
        return tuple(line for line in lines if line and not line.startswith("#"))


def search_background() -> list[str]:
    """The everyday texts a query is compared with (see the module docstring).

    Returns:
        the texts, to embed with the search's encoder.
    """
    return list(_background())


def background_best(queries: np.ndarray, background: np.ndarray) -> np.ndarray:
    """Each query's highest cosine with the background texts.

    Parameters:
        queries: (n, dim) or (dim,) unit query vectors.
        background: (m, dim) unit vectors of the background texts.

    Returns:
        (n,) float array (a 0-d array for one query vector); 0.0 where the background is empty.
    """
    q = np.asarray(queries, dtype=np.float32)
    b = np.asarray(background, dtype=np.float32)
    single = q.ndim == 1
    q2 = q.reshape(1, -1) if single else q
    best = (q2 @ b.T).max(axis=1) if b.shape[0] else np.zeros(q2.shape[0], dtype=np.float32)
    return best[0] if single else best


@dataclass(frozen=True)
class Relevance:
    """The calibrated relevance of a text to a search query.

    Parameters:
        floor: the query-to-text cosine a close match must exceed (kept for encoders with no fitted weights).
        weights: (intercept, w_score, w_margin) of a logistic model: the chance that the text is a real answer is
            sigmoid(intercept + w_score * score + w_margin * (score - the query's best background cosine)).
            None: no model, only the floor.
    """

    floor: float = 0.0
    weights: tuple[float, float, float] | None = None

    @classmethod
    def of(cls, encoder: object) -> Relevance:
        """The calibration an encoder carries.

        Parameters:
            encoder: an Encoder (or any object) with `relevance_floor` and `relevance_weights`.

        Returns:
            a Relevance with those values (0.0 and None when absent).
        """
        weights = getattr(encoder, "relevance_weights", None)
        return cls(
            float(getattr(encoder, "relevance_floor", 0.0)),
            None if weights is None else (float(weights[0]), float(weights[1]), float(weights[2])),
        )

    @property
    def uses_background(self) -> bool:
        """True when `close` needs the query's best background cosine."""
        return self.weights is not None

    def probability(self, scores: np.ndarray, background: float | np.ndarray = 0.0) -> np.ndarray:
        """The estimated chance that each scored text answers the query (needs `weights`).

        Parameters:
            scores: cosines between one query and texts (or, with an array `background`, between each query and
                its best text).
            background: the query's best background cosine (`background_best`), one number or one per score.

        Returns:
            a float array shaped like `scores`.

        Raises:
            ValueError: when there are no weights.
        """
        if self.weights is None:
            raise ValueError("this relevance has no fitted weights")
        s = np.asarray(scores, dtype=np.float64)
        intercept, w_score, w_margin = self.weights
        z = intercept + w_score * s + w_margin * (s - np.asarray(background, dtype=np.float64))
        return 1.0 / (1.0 + np.exp(-z))

    def close(self, scores: np.ndarray, background: float | np.ndarray = 0.0) -> np.ndarray:
        """Which scores are close matches: above the floor and, with weights, more likely an answer than not.

        Parameters:
            scores: cosines between one query and texts, as in `probability`; -inf (a text the caller left out) is
                never close.
            background: the query's best background cosine, one number or one per score (ignored without weights).

        Returns:
            a boolean array shaped like `scores`.
        """
        s = np.asarray(scores, dtype=np.float64)
        ok = s > self.floor  # also leaves out texts scored -inf (excluded by the caller)
        if self.weights is not None:
            b = np.broadcast_to(np.asarray(background, dtype=np.float64), s.shape)
            ok[ok] = self.probability(s[ok], b[ok]) > 0.5
        return ok


def fit_relevance(
    real_scores: np.ndarray,
    real_background: np.ndarray,
    junk_scores: np.ndarray,
    junk_background: np.ndarray,
    l2: float = 1.0,
) -> Relevance:
    """Fit the logistic model of `Relevance` on labelled queries (Newton's method on the L2-penalised log-loss).

    The loss is sum(log-loss) + l2 / 2 * (w_score^2 + w_margin^2); the intercept is not penalised. l2 = 1 is the
    usual default (scikit-learn's C = 1); it keeps the weights finite when the two groups are separable.

    Parameters:
        real_scores: for each real query, its cosine with a text that answers it.
        real_background: each real query's best background cosine.
        junk_scores: for each junk (nonsense or off-topic) query, its best cosine with any text.
        junk_background: each junk query's best background cosine.
        l2: the penalty on the two slopes (> 0).

    Returns:
        a Relevance with floor 0 and the fitted weights.
    """
    rs, rb = np.asarray(real_scores, dtype=np.float64), np.asarray(real_background, dtype=np.float64)
    js, jb = np.asarray(junk_scores, dtype=np.float64), np.asarray(junk_background, dtype=np.float64)
    if not len(rs) or not len(js) or rs.shape != rb.shape or js.shape != jb.shape or l2 <= 0:
        raise ValueError("fitting needs real and junk queries, each with a background score, and l2 > 0")
    s = np.r_[rs, js]
    x = np.c_[np.ones(len(s)), s, s - np.r_[rb, jb]]
    y = np.r_[np.ones(len(rs)), np.zeros(len(js))]
    penalty = np.diag([0.0, l2, l2])
    w = np.zeros(3)
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-12:
            break
    return Relevance(0.0, (float(w[0]), float(w[1]), float(w[2])))


@dataclass(frozen=True)
class MatchChance:
    """The calibrated relevance of a match between two texts: the estimated chance that a coordinator keeps it.

    A raw cosine means different things for different encoders (and for the same encoder on different language
    pairs); people and the optimisers' minimum-score settings read this chance instead. It is a logistic model of the
    cosine, fitted on the labelled sets (`fit_match_chance`; matching/tools/fit_match_chance.py): among each text's
    ten best candidates from other countries, the ones that share a specific theme with it are the matches a
    coordinator keeps.

    Parameters:
        weights: (intercept, slope): chance = sigmoid(intercept + slope * cosine). None: no calibration; the chance is
            then the cosine clipped to [0, 1] (the scale the app showed before calibration).
    """

    weights: tuple[float, float] | None = None

    @classmethod
    def of(cls, encoder: object) -> MatchChance:
        """The calibration an encoder carries (`match_chance_weights`; none when absent).

        Parameters:
            encoder: an Encoder or any object.

        Returns:
            a MatchChance.
        """
        weights = getattr(encoder, "match_chance_weights", None)
        return cls(None if weights is None else (float(weights[0]), float(weights[1])))

    def probability(self, scores: float | np.ndarray) -> np.ndarray:
        """The chance for each cosine.

        Parameters:
            scores: cosines between pairs of texts.

        Returns:
            a float array shaped like `scores`, in [0, 1].
        """
        s = np.asarray(scores, dtype=np.float64)
        if self.weights is None:
            return np.clip(s, 0.0, 1.0)
        intercept, slope = self.weights
        return 1.0 / (1.0 + np.exp(-(intercept + slope * s)))

    def score_for(self, chance: float) -> float:
        """The cosine at which the chance reaches `chance`: what a minimum chance means as a minimum score.

        Parameters:
            chance: a chance in [0, 1] (0 and 1 map to -1 and 1, the ends of the cosine scale).

        Returns:
            the cosine, within [-1, 1].
        """
        p = float(chance)
        if not 0.0 <= p <= 1.0:
            raise ValueError("a chance lies between 0 and 1")
        if self.weights is None:
            return p
        if p in (0.0, 1.0):
            return -1.0 if p == 0.0 else 1.0
        intercept, slope = self.weights
        return float(np.clip((np.log(p / (1.0 - p)) - intercept) / slope, -1.0, 1.0))


def fit_match_chance(scores: np.ndarray, kept: np.ndarray, l2: float = 1.0) -> MatchChance:
    """Fit `MatchChance` on labelled pairs (Newton's method on the L2-penalised log-loss; the intercept is free).

    Parameters:
        scores: cosines of the pairs.
        kept: True for the pairs that are right matches.
        l2: the penalty on the slope (> 0).

    Returns:
        the fitted MatchChance.
    """
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(kept, dtype=np.float64)
    if s.shape != y.shape or not y.any() or y.all() or l2 <= 0:
        raise ValueError("fitting needs kept and not kept pairs, one score each, and l2 > 0")
    x = np.c_[np.ones(len(s)), s]
    penalty = np.diag([0.0, l2])
    w = np.zeros(2)
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        step = np.linalg.solve((x * (p * (1 - p))[:, None]).T @ x + penalty, x.T @ (p - y) + penalty @ w)
        w -= step
        if np.abs(step).max() < 1e-12:
            break
    return MatchChance((float(w[0]), float(w[1])))
