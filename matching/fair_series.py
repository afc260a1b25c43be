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
from matching.fair_lottery import DEFAULT_RELEVANCE_SHARE, FairLottery, _floor, prepare, solve_lotteries
from matching.roundtable_quotas import MaxPer, Quota
from matching.scoring import Person


@dataclass(frozen=True)
class FairSeries:
    """One lottery per roundtable, and cumulative expected invitations (history included) of everyone
    eligible for at least one roundtable."""

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
) -> FairSeries:
    """Fair lotteries for the roundtables of a series, one relevance vector per roundtable, in order.

    `history`: invitations before the series; other arguments as for fair_lottery (the same quotas,
    caps, exclusions, floor and share for every roundtable)."""
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
    rounds = solve_lotteries(setups, floors, seeds, gap, max_iterations, max_seconds)
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
