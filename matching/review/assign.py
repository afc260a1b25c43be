"""Assign reviewers to the items of a review panel: every item gets exactly `per_item` reviewers, nobody reviews an
item they have a conflict of interest with, and the reviewers' loads are as even as the conflicts allow.

A small integer programme solved by HiGHS through `scipy.optimize.milp`: one binary variable per allowed
(item, reviewer) pair, two integer variables `high` and `low` bounding every reviewer's load, and the objective
`high - low` (the spread of loads). Without conflicts the optimum is a spread of 0 or 1 (loads floor(T/R) and
ceil(T/R) for T = items x per_item assignments over R reviewers); conflicts can force a wider spread, which the result
reports rather than hides. A tiny secondary cost (each pair's position in a fixed order) makes the answer the same
on every run for the same input.

Infeasible inputs are refused with an `InfeasibleError` naming the items: an item with fewer than `per_item`
reviewers free of conflicts cannot be covered, whatever the loads.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from matching.errors import InfeasibleError, InputError


@dataclass(frozen=True)
class ReviewAssignment:
    """What `assign_reviewers` returns.

    Parameters:
        reviewers_of: item -> the reviewers assigned to it (in the order the reviewers were given).
        loads: reviewer -> how many items they review (every reviewer given appears, with 0 if none).
        spread: the largest load minus the smallest.
        balanced: whether the loads are within one of each other (spread <= 1).
    """

    reviewers_of: dict[str, tuple[str, ...]]
    loads: dict[str, int]
    spread: int
    balanced: bool

    def pairs(self) -> list[tuple[str, str]]:
        """Every (item, reviewer) pair assigned, item by item.

        Returns:
            The (item, reviewer) pairs, in the order of the items and of each item's reviewers.
        """
        return [(item, reviewer) for item, chosen in self.reviewers_of.items() for reviewer in chosen]


def _check(items: Sequence[str], reviewers: Sequence[str], per_item: int) -> None:
    if per_item < 1:
        raise InputError("each item needs at least one reviewer (per_item >= 1)")
    if len(set(items)) != len(items):
        raise InputError("the items are not unique")
    if len(set(reviewers)) != len(reviewers):
        raise InputError("the reviewers are not unique")
    if items and len(reviewers) < per_item:
        raise InfeasibleError(
            f"{per_item} reviewers are needed for each item but the panel has only {len(reviewers)}",
            conflicts=("panel",),
        )


def assign_reviewers(
    items: Sequence[str],
    reviewers: Sequence[str],
    per_item: int,
    conflicts: Iterable[tuple[str, str]] = (),
) -> ReviewAssignment:
    """Give every item `per_item` distinct reviewers, never a conflicted one, with the smallest spread of loads.

    Parameters:
        items: the ids of the items to review (nominations, applications...).
        reviewers: the ids of the panel's reviewers.
        per_item: how many reviewers each item gets.
        conflicts: (item, reviewer) pairs that must never be assigned; pairs naming unknown ids are ignored.

    Returns:
        A ReviewAssignment: each item's reviewers, every reviewer's load, and the spread of the loads.

    Raises:
        InfeasibleError: fewer reviewers than `per_item`, or items with fewer than `per_item` reviewers free of
            conflicts (their ids are in `conflicts` of the error, and the message says how many are free).
        InputError: duplicate ids or per_item < 1.
    """
    items, reviewers = list(items), list(reviewers)
    _check(items, reviewers, per_item)
    barred = set(conflicts)
    edges = [(i, r) for i, item in enumerate(items) for r, who in enumerate(reviewers) if (item, who) not in barred]
    free = np.bincount([i for i, _ in edges], minlength=len(items)) if items else np.zeros(0, int)
    short = [(items[i], int(free[i])) for i in range(len(items)) if free[i] < per_item]
    if short:
        listed = "; ".join(f"{item}: {n} free" for item, n in short)
        raise InfeasibleError(
            f"{len(short)} item(s) have fewer than {per_item} reviewers free of conflicts of interest ({listed}); "
            "add reviewers to the panel or review fewer per item",
            conflicts=[item for item, _ in short],
        )
    if not items:
        return ReviewAssignment({}, dict.fromkeys(reviewers, 0), 0, True)
    chosen = _solve(edges, len(items), len(reviewers), per_item)
    reviewers_of: dict[str, list[str]] = {item: [] for item in items}
    loads = dict.fromkeys(reviewers, 0)
    for (i, r), picked in zip(edges, chosen, strict=True):
        if picked:
            reviewers_of[items[i]].append(reviewers[r])
            loads[reviewers[r]] += 1
    spread = max(loads.values()) - min(loads.values())
    return ReviewAssignment({k: tuple(v) for k, v in reviewers_of.items()}, loads, spread, spread <= 1)


def _solve(edges, n_items: int, n_reviewers: int, per_item: int) -> np.ndarray:
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    m = len(edges)
    rows = np.array([i for i, _ in edges])
    cols = np.array([r for _, r in edges])
    ones = np.ones(m)
    by_item = sparse.csr_matrix((ones, (rows, np.arange(m))), shape=(n_items, m))
    by_reviewer = sparse.csr_matrix((ones, (cols, np.arange(m))), shape=(n_reviewers, m))
    high = sparse.csr_matrix(np.ones((n_reviewers, 1)))
    none = sparse.csr_matrix((n_items, 1))
    # columns: the m pairs, then high, then low
    A = sparse.vstack(
        [
            sparse.hstack([by_item, none, none]),  # each item: exactly per_item reviewers
            sparse.hstack([by_reviewer, -high, 0 * high]),  # load - high <= 0
            sparse.hstack([by_reviewer, 0 * high, -high]),  # load - low >= 0
        ]
    ).tocsr()
    lower = np.concatenate([np.full(n_items, per_item), np.full(n_reviewers, -np.inf), np.zeros(n_reviewers)])
    upper = np.concatenate([np.full(n_items, per_item), np.zeros(n_reviewers), np.full(n_reviewers, np.inf)])
    # The spread dominates: the tie-break over all pairs sums to less than 1.
    tie = (np.arange(m) + 1.0) / (m * (m + 1.0))
    c = np.concatenate([tie, [1.0, -1.0]])
    out = milp(
        c,
        constraints=LinearConstraint(A, lower, upper),
        integrality=np.ones(m + 2),
        bounds=Bounds(np.zeros(m + 2), np.concatenate([np.ones(m), [n_items, n_items]])),
    )
    if out.x is None:  # cannot happen once every item has per_item free reviewers; said plainly if it does
        raise InfeasibleError(f"the reviewer assignment failed: {out.message}", conflicts=("solver",))
    return out.x[:m] > 0.5
