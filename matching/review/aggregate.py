"""What a panel's scores add up to: each reviewer's weighted total for an item, then per item and per criterion the
mean with its spread (smallest, largest, population standard deviation), so a reader sees where reviewers agree."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from matching.errors import InputError


@dataclass(frozen=True)
class CriterionSpread:
    """The scores one item got on one criterion (or its weighted totals), across its reviewers.

    Parameters:
        mean: the mean of the reviewers' scores.
        minimum: the lowest score.
        maximum: the highest score.
        stdev: the population standard deviation (0 when all reviewers agree).
        count: how many reviewers scored.
    """

    mean: float
    minimum: float
    maximum: float
    stdev: float  # population standard deviation: 0 when all reviewers agree
    count: int


@dataclass(frozen=True)
class ItemResult:
    """One item's aggregate across its reviewers.

    Parameters:
        item: the item's id.
        rank: 1 for the best mean total; ties share a rank.
        total: the spread of the reviewers' weighted totals.
        criteria: criterion -> the spread of that criterion's scores.
        by_reviewer: reviewer -> that reviewer's weighted total.
    """

    item: str
    rank: int
    total: CriterionSpread
    criteria: dict[str, CriterionSpread]
    by_reviewer: dict[str, float]


def _spread(values: list[float]) -> CriterionSpread:
    mean = sum(values) / len(values)
    var = sum((v - mean) ** 2 for v in values) / len(values)
    return CriterionSpread(mean, min(values), max(values), math.sqrt(var), len(values))


def weighted_total(scores: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """sum(weight x score) / sum(weights): on the same scale as the scores."""
    missing = [c for c in weights if c not in scores]
    if missing:
        raise InputError(f"scores are missing for the criteria {', '.join(missing)}")
    return sum(weights[c] * scores[c] for c in weights) / sum(weights.values())


def aggregate_scores(
    scores: Mapping[tuple[str, str], Mapping[str, float]],
    weights: Mapping[str, float],
) -> list[ItemResult]:
    """Items ranked by the mean of their reviewers' weighted totals, best first (ties: the item id order).

    Parameters:
        scores: (item, reviewer) -> criterion -> score, for every completed review.
        weights: criterion -> weight (positive).

    Returns:
        One ItemResult per item that has at least one score (items without any score do not appear), best first.
    """
    if not weights or any(w <= 0 for w in weights.values()):
        raise InputError("every criterion needs a positive weight")
    by_item: dict[str, dict[str, Mapping[str, float]]] = {}
    for (item, reviewer), marks in scores.items():
        by_item.setdefault(item, {})[reviewer] = marks
    rows = []
    for item in sorted(by_item):
        reviews = by_item[item]
        totals = {reviewer: weighted_total(marks, weights) for reviewer, marks in sorted(reviews.items())}
        criteria = {c: _spread([float(reviews[r][c]) for r in sorted(reviews)]) for c in weights}
        rows.append((item, _spread(list(totals.values())), criteria, totals))
    rows.sort(key=lambda row: -row[1].mean)
    results, rank, previous = [], 0, None
    for position, (item, total, criteria, totals) in enumerate(rows, start=1):
        if previous is None or not math.isclose(total.mean, previous, abs_tol=1e-9):
            rank, previous = position, total.mean
        results.append(ItemResult(item, rank, total, criteria, totals))
    return results
