"""A waiting list chosen for expected no-shows: alternates ordered to keep the quotas after dropouts.

    rates = no_show_rates(people, [("country", "KE", 0.3), ("sector", "government", 0.2)])
    waiting = choose_alternates(people, panel_ids, candidate_ids, rates, length=6, quotas=[...], seed=1)
    waiting.ids                                  # the waiting list, in order
    waiting.expected_violations                  # beside waiting.expected_violations_relevance_order

A relevance-ordered waiting list refills the head-count after declines but not the balance: when the
two women from one region both decline, the next most relevant people are often neither. Here the
list is built one place at a time: each place goes to the candidate who most lowers the expected
number of broken quotas (then expected empty seats, then relevance), over simulated dropouts.

The simulation (also used for the report): every invitee drops out with their rate; the freed seats
are offered down the waiting list in order; a waitlisted person declines with their own rate, and one
who accepts is seated unless that would break a maximum, or leave fewer open seats than the minimums
still short would need (someone who lowers the shortfall is always seated). Broken quotas of the final
panel are counted (each quota or cap row once). Both lists are scored on the same seeded draws.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from matching.errors import InputError
from matching.roundtable.quotas import Constraints, MaxPer, Quota, resolve_max_per, resolve_quotas
from matching.scoring import Person

DEFAULT_SIMULATIONS = 1000


@dataclass(frozen=True)
class Alternates:
    """A waiting list chosen for expected no-shows, and its expected outcome beside the relevance order's.

    Parameters:
        ids: the waiting list, in order.
        relevance_order: the relevance-ordered list of the same length (the baseline).
        expected_violations: quotas expected broken after dropouts and substitutions with `ids`.
        expected_violations_relevance_order: the same with `relevance_order`.
        expected_empty_seats: seats expected left empty with `ids`.
        expected_empty_seats_relevance_order: the same with `relevance_order`.
        simulations: how many seeded dropout draws the figures average.
        seed: the simulation's seed.
    """

    ids: tuple[str, ...]
    relevance_order: tuple[str, ...]
    expected_violations: float
    expected_violations_relevance_order: float
    expected_empty_seats: float
    expected_empty_seats_relevance_order: float
    simulations: int
    seed: int


def no_show_rates(people: Sequence[Person], rates: Iterable[tuple[str, str, float]]) -> dict[str, float]:
    """Each person's no-show rate: the highest rate among the groups they belong to (0 in none).

    Parameters:
        people: the people.
        rates: (column, value, rate) triples, a rate per group (values compared case-insensitively;
            `languages` matches anyone listing the language).

    Returns:
        id -> rate for every person.

    Raises:
        InputError: a rate outside [0, 1].
    """
    table: dict[str, dict[str, float]] = {}
    for column, value, rate in rates:
        if not np.isfinite(rate) or not 0 <= rate <= 1:
            raise InputError(f"the no-show rate of {column}={value} must be between 0 and 1, not {rate!r}")
        by_value = table.setdefault(column, {})
        key = value.strip().casefold()
        by_value[key] = max(by_value.get(key, 0.0), float(rate))
    out = {}
    for p in people:
        best = 0.0
        for column, by_value in table.items():
            for v in p.values(column):
                best = max(best, by_value.get(v, 0.0))
        out[p.id] = best
    return out


class _Simulation:
    """Seeded dropout draws for one panel, with the state after any prefix of a waiting list."""

    def __init__(self, cons: Constraints, panel: np.ndarray, rate: np.ndarray, simulations: int, seed: int):
        rng = np.random.default_rng(seed)
        self.cons = cons
        self.member = cons.member.astype(np.int32)
        u = rng.random((simulations, rate.size))
        self.shows = u >= rate[None, :]  # people (all of them) showing up / accepting in each draw
        stay = self.shows[:, panel]
        self.counts = stay.astype(np.int32) @ self.member[panel]  # (S, rows)
        self.open = (~stay).sum(axis=1).astype(np.int32)

    def need(self, counts: np.ndarray) -> np.ndarray:
        return np.maximum(self.cons.low[None, :] - counts, 0).sum(axis=1)

    def step(self, counts: np.ndarray, open_: np.ndarray, person: int) -> tuple[np.ndarray, np.ndarray]:
        """The state after offering the freed seats to `person` (next on the list)."""
        m = self.member[person][None, :]
        after = counts + m
        under_max = (after <= self.cons.high[None, :]).all(axis=1)
        need_before, need_after = self.need(counts), self.need(after)
        fits = (need_after <= open_ - 1) | (need_after < need_before)
        seat = self.shows[:, person] & (open_ > 0) & under_max & fits
        return np.where(seat[:, None], after, counts), open_ - seat.astype(np.int32)

    def broken(self, counts: np.ndarray) -> np.ndarray:
        low, high = self.cons.low[None, :], self.cons.high[None, :]
        return ((counts < low) | (counts > high)).sum(axis=1)


def choose_alternates(
    people: Sequence[Person],
    panel_ids: Sequence[str],
    candidate_ids: Sequence[str],
    no_show: Mapping[str, float],
    length: int,
    *,
    quotas: Sequence[Quota | str] = (),
    max_per: Sequence[MaxPer | str] = (),
    seats: int | None = None,
    relevance: Mapping[str, float] | None = None,
    seed: int = 0,
    simulations: int = DEFAULT_SIMULATIONS,
) -> Alternates:
    """A waiting list of at most `length` candidates chosen to keep the quotas after expected dropouts.

    Parameters:
        people: everyone (the panel and the candidates among them).
        panel_ids: the invited panel.
        candidate_ids: who may be waitlisted (eligible, not invited), most relevant first.
        no_show: id -> no-show (or decline) rate; missing ids count as 0.
        length: the waiting list's length (at most; fewer when there are fewer candidates).
        quotas: `Quota`s or specs (percentages of `seats`).
        max_per: `MaxPer`s or specs.
        seats: the seats percentages are taken of (default: the panel's size).
        relevance: id -> relevance, breaking ties and ordering the baseline (default: the candidates' order).
        seed: the simulation's seed.
        simulations: seeded dropout draws.

    Returns:
        Alternates: the list, the relevance-ordered baseline of the same length and both expected outcomes.

    Raises:
        InputError: an unknown or repeated id, a candidate in the panel, a bad length or simulation count.
    """
    if length < 0:
        raise InputError("the waiting list length must be 0 or more")
    if simulations < 1:
        raise InputError("at least one simulation is needed")
    index = {p.id: i for i, p in enumerate(people)}
    for x in [*panel_ids, *candidate_ids, *no_show]:
        if x not in index:
            raise InputError(f"unknown person id {x!r}")
    if set(panel_ids) & set(candidate_ids):
        raise InputError("a waiting list candidate is already invited")
    if len(set(candidate_ids)) != len(candidate_ids):
        raise InputError("repeated waiting list candidate")
    seats = len(panel_ids) if seats is None else seats
    cons = Constraints(people, resolve_quotas(quotas, seats), resolve_max_per(max_per))
    rate = np.zeros(len(people))
    for pid, r in no_show.items():
        if not np.isfinite(r) or not 0 <= r <= 1:
            raise InputError(f"the no-show rate of {pid!r} must be between 0 and 1, not {r!r}")
        rate[index[pid]] = r
    panel = np.array([index[x] for x in panel_ids], dtype=np.int64)
    cand = [index[x] for x in candidate_ids]
    rel = np.array([relevance.get(x, 0.0) if relevance else -k for k, x in enumerate(candidate_ids)], dtype=np.float64)
    by_relevance = [cand[k] for k in np.argsort(-rel, kind="stable")]
    sim = _Simulation(cons, panel, rate, simulations, seed)
    length = min(length, len(cand))

    def run(order: Sequence[int]) -> tuple[float, float]:
        counts, open_ = sim.counts, sim.open
        for i in order:
            counts, open_ = sim.step(counts, open_, i)
        return float(sim.broken(counts).mean()), float(open_.mean())

    chosen: list[int] = []
    left = list(by_relevance)
    counts, open_ = sim.counts, sim.open
    scale = max(float(np.abs(rel).max()), 1e-9)
    rel_of = dict(zip(cand, rel, strict=True))
    kind = {i: (cons.member[i].tobytes(), rate[i]) for i in cand}
    for _ in range(length):
        best, best_key, best_state = -1, None, None
        seen = set()
        for i in left:  # people of one quota type and rate differ only by relevance: try the first of each
            if kind[i] in seen:
                continue
            seen.add(kind[i])
            c, o = sim.step(counts, open_, i)
            key = (float(sim.broken(c).mean()), float(o.mean()), -rel_of[i] / scale)
            if best_key is None or key < best_key:
                best, best_key, best_state = i, key, (c, o)
        assert best_state is not None
        chosen.append(best)
        left.remove(best)
        counts, open_ = best_state
    ours, ours_empty = run(chosen)
    base, base_empty = run(by_relevance[:length])
    return Alternates(
        ids=tuple(people[i].id for i in chosen),
        relevance_order=tuple(people[i].id for i in by_relevance[:length]),
        expected_violations=ours,
        expected_violations_relevance_order=base,
        expected_empty_seats=ours_empty,
        expected_empty_seats_relevance_order=base_empty,
        simulations=simulations,
        seed=seed,
    )
