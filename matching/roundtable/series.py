"""Fair chances across a series of roundtables: each lottery maximises the minimum cumulative invitations.

    series = fair_series(people, [relevance_1, ..., relevance_6], seats=12, quotas=[...], seed=2026)
    series.rounds[r].panel       # the panel drawn for roundtable r
    series.cumulative            # id -> past invitations + expected invitations over the series

Run one deterministic selection per roundtable and the same visible people are invited every time.
Here the roundtables of a series are planned together: one maximin problem over a lottery per
roundtable maximises the minimum, over everyone eligible for at least one of them, of past invitations
plus expected invitations over the whole series, each roundtable under its own quotas, caps and
relevance share (column generation as in fair_lottery, with one pricing MILP per roundtable and one
master LP for all). Planning them one at a time, each maximising the minimum so far, gave 0.55 of the
series' LP bound on 6 x 12 seats from 150 synthetic people: the early lotteries spent chances on people
who would have had theirs later. Someone invited three times before never gets a higher chance than an
interchangeable person (same quota memberships and relevance, same chances elsewhere in the series)
never invited.

Roundtable r draws with seed `seed + r`, recorded in its report.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from matching.errors import InputError
from matching.roundtable.fair import (
    DEFAULT_REL_GAP,
    DEFAULT_RELEVANCE_SHARE,
    WARM_PANELS,
    FairLottery,
    _floor,
    prepare,
    solve_lotteries,
)
from matching.roundtable.quotas import MaxPer, Quota
from matching.scoring import Person


@dataclass(frozen=True)
class FairSeries:
    """One lottery per roundtable, and cumulative expected invitations of everyone eligible for at least one.

    Parameters:
        rounds: one FairLottery per roundtable of the series, in order.
        cumulative: per id, past invitations plus the expected invitations of the series.
        report: the series' figures (minimum cumulative expected invitations, bounds, seconds...).
    """

    rounds: tuple[FairLottery, ...]
    cumulative: dict[str, float]
    report: dict


def fair_series(
    people: Sequence[Person],
    relevances: Sequence[np.ndarray],
    seats: int,
    *,
    quotas: Sequence[Quota | str] = (),
    max_per: Sequence[MaxPer | str] = (),
    exclude: Sequence[str] = (),
    min_relevance: float | None = None,
    relevance_share: float = DEFAULT_RELEVANCE_SHARE,
    history: Mapping[str, float] | None = None,
    seed: int | None = None,
    gap: float = 1e-6,
    max_iterations: int = 2000,
    max_seconds: float | None = None,
    time_limit: float = 20.0,
    rel_gap: float = DEFAULT_REL_GAP,
    leximin: bool = True,
) -> FairSeries:
    """Fair lotteries for the roundtables of a series, maximising the minimum cumulative expected invitations.

    Parameters:
        people: the candidates (ids and group attributes).
        relevances: one (n,) relevance vector per roundtable, in order.
        seats: the seats of each roundtable.
        quotas: quota specs or Quota objects held by every panel.
        max_per: caps per group value held by every panel.
        exclude: ids in no panel.
        min_relevance: the eligibility floor, per roundtable.
        relevance_share: each lottery's expected relevance is at least this share of its best feasible panel's.
        history: invitations before the series, per id.
        seed: the draws' seed (a fresh one is chosen and recorded when None).
        gap: stop the column generation when the bound and the lotteries are this close.
        max_iterations: the most column-generation rounds.
        max_seconds: stop early with the best lotteries so far.
        time_limit: seconds allowed to each MILP.
        rel_gap: stop once the smallest cumulative figure is within this share of the upper bound (0: exact).
        leximin: then raise the smallest among those not held at the minimum (a second stage).

    Returns:
        A FairSeries with one lottery per roundtable and the cumulative expected invitations.

    Raises:
        QuotaInfeasibleError: when a roundtable has no feasible panel among the eligible.
        InputError: for a bad share, seed or input.
    """
    t0 = time.perf_counter()
    if not relevances:
        raise InputError("a series needs at least one roundtable")
    if seed is None:
        seed = secrets.randbits(62)
    elif not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"the seed must be a whole number at least 0, not {seed!r}")
    if not 0 <= relevance_share <= 1:
        raise InputError(f"the relevance share must be between 0 and 1, not {relevance_share}")
    setups = [
        prepare(
            people,
            rel,
            seats,
            quotas=quotas,
            max_per=max_per,
            exclude=exclude,
            min_relevance=min_relevance,
            history=history,
            time_limit=time_limit,
        )
        for rel in relevances
    ]
    floors = [_floor(st, relevance_share) for st in setups]
    seeds = [int(seed) + r for r in range(len(setups))]
    rounds = solve_lotteries(setups, floors, seeds, gap, max_iterations, max_seconds, WARM_PANELS, rel_gap, leximin)
    cumulative: dict[str, float] = {}
    for lot in rounds:
        lot.report["requested_relevance_share"] = relevance_share
        del lot.report["cumulative"], lot.report["min_cumulative"]  # per roundtable they would miss the others
        for pid, p in lot.probabilities.items():
            cumulative[pid] = cumulative.get(pid, float((history or {}).get(pid, 0.0))) + p
    eligible = {pid for lot in rounds for pid in lot.probabilities}
    cumulative = {pid: cumulative.get(pid, 0.0) for pid in sorted(eligible)}
    report = {
        "seed": int(seed),
        "roundtables": len(rounds),
        "seats": seats,
        "eligible": len(eligible),
        "min_cumulative": min(cumulative.values()),
        "mean_cumulative": float(np.mean(list(cumulative.values()))),
        "min_probability": [lot.report["min_probability"] for lot in rounds],
        "relevance_share": [lot.report["relevance_share"] for lot in rounds],
        "seconds": round(time.perf_counter() - t0, 3),
    }
    return FairSeries(tuple(rounds), cumulative, report)
