"""Roundtables: quotas parsed exactly, panels optimal and feasible, substitutes that keep quotas,
and infeasibility that names the conflict."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.errors import InfeasibleError, InputError
from matching.roundtable import select_panel
from matching.roundtable.infeasible import QuotaInfeasibleError
from matching.roundtable.quotas import Constraints, MaxPer, Quota, next_substitute, parse_max_per, parse_quota
from matching.scoring import Person


@pytest.mark.parametrize(
    ("spec", "seats", "expected"),
    [
        ("country=KE:2-", 12, ("country", "KE", 2, None)),
        ("sector=civil_society:40%-60%", 12, ("sector", "civil_society", 5, 7)),
        ("gender=woman:40%-", 10, ("gender", "woman", 4, None)),
        ("gender = woman : -50%", 9, ("gender", "woman", None, 4)),
        ("country=Côte d'Ivoire:1-1", 5, ("country", "Côte d'Ivoire", 1, 1)),
    ],
)
def test_parse_quota(spec, seats, expected):
    """Counts as written; a percentage minimum rounds up and a maximum rounds down."""
    q = parse_quota(spec, seats)
    assert (q.column, q.value, q.min, q.max) == expected
    assert q.label == spec.strip()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("country:2-", "expected COLUMN=VALUE:MIN-MAX"),
        ("country=KE", "expected COLUMN=VALUE:MIN-MAX"),
        ("country=KE:-", "give a minimum, a maximum or both"),
        ("country=KE:3-2", "minimum 3 is above maximum 2"),
        ("country=KE:150%-", "more than 100%"),
        ("country=KE:1.5-", "whole numbers"),
        ("country=KE:two-", "expected COLUMN=VALUE:MIN-MAX"),
    ],
)
def test_bad_quota_syntax(spec, message):
    with pytest.raises(InputError, match=message):
        parse_quota(spec, 10)


def test_percent_quota_without_a_whole_number_is_infeasible():
    with pytest.raises(InfeasibleError, match="no whole number of seats"):
        parse_quota("gender=woman:42%-43%", 10)


def test_parse_max_per():
    assert parse_max_per("country=3") == MaxPer("country", 3)
    with pytest.raises(InputError, match="COLUMN=N"):
        parse_max_per("country<3")


def people_for(seed, n):
    rng = np.random.default_rng(seed)
    people = [
        Person(
            id=f"p{i}",
            country=f"c{rng.integers(3)}",
            sector=["gov", "cso"][rng.integers(2)],
            gender=["woman", "man"][rng.integers(2)],
            languages=(("en",), ("en", "fr"))[rng.integers(2)],
        )
        for i in range(n)
    ]
    return people, rng.random(n)


def brute_force(people, rel, seats, quotas, caps, pins=(), exclude=(), diversity=0.0):
    """The best objective over every panel of exactly `seats`, or None if none is feasible."""
    cons = Constraints(people, quotas, caps)
    allowed = [i for i, p in enumerate(people) if p.id not in exclude]
    best = None
    for panel in itertools.combinations(allowed, seats):
        if not {people[i].id for i in panel} >= set(pins) or cons.broken(panel):
            continue
        value = rel[list(panel)].sum() + diversity * len({people[i].country for i in panel})
        best = value if best is None else max(best, value)
    return best


QUOTA_POOL = [
    "sector=gov:1-",
    "sector=cso:-2",
    "gender=woman:50%-",
    "country=c0:1-",
    "languages=fr:1-",
    "country=c1:-1",
    "gender=man:2-",
    "sector=gov:3-",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(3, 9),
    seats=st.integers(1, 4),
    quota_idx=st.lists(st.integers(0, len(QUOTA_POOL) - 1), max_size=3, unique=True),
    cap=st.sampled_from([None, 1, 2]),
    n_pins=st.integers(0, 2),
    n_excl=st.integers(0, 2),
    diversity=st.sampled_from([0.0, 0.05, 0.3]),
)
def test_panel_is_optimal_and_feasible_or_provably_infeasible(
    seed, n, seats, quota_idx, cap, n_pins, n_excl, diversity
):
    """Against brute force: the same best objective, or infeasible exactly when no panel exists."""
    seats = min(seats, n)
    people, rel = people_for(seed, n)
    quotas = [parse_quota(QUOTA_POOL[i], seats) for i in quota_idx]
    caps = [MaxPer("country", cap)] if cap else []
    pins = [p.id for p in people[:n_pins]]
    exclude = [p.id for p in people[n_pins : n_pins + n_excl]]
    expected = brute_force(people, rel, seats, quotas, caps, pins, exclude, diversity)
    if expected is None:
        with pytest.raises(QuotaInfeasibleError):
            select_panel(
                people, rel, seats, quotas=quotas, max_per=caps, pins=pins, exclude=exclude, diversity=diversity
            )
        return
    panel = select_panel(
        people, rel, seats, quotas=quotas, max_per=caps, pins=pins, exclude=exclude, diversity=diversity
    )
    ids = [x.id for x in panel.invited]
    assert len(ids) == seats
    assert set(pins) <= set(ids)
    assert not set(exclude) & set(ids)
    index = {p.id: i for i, p in enumerate(people)}
    chosen = [index[x] for x in ids]
    assert Constraints(people, quotas, caps).broken(chosen) == []
    value = rel[chosen].sum() + diversity * len({people[i].country for i in chosen})
    assert value == pytest.approx(expected, abs=1e-6)
    assert panel.report["violations"] == 0
    for q, row in zip(quotas, panel.report["quotas"], strict=False):
        assert row["quota"] == q.label
        assert (q.min or 0) <= row["achieved"] <= (q.max if q.max is not None else n)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(5, 12),
    seats=st.integers(2, 4),
    quota_idx=st.lists(st.integers(0, len(QUOTA_POOL) - 1), max_size=3, unique=True),
)
def test_every_listed_substitute_keeps_every_quota(seed, n, seats, quota_idx):
    """For each invitee who declines, the first eligible waitlisted substitute keeps every quota, and
    an invitee is reported without a substitute only when nobody outside the panel could replace them."""
    people, rel = people_for(seed, n)
    quotas = [QUOTA_POOL[i] for i in quota_idx]
    try:
        panel = select_panel(people, rel, seats, quotas=quotas, max_per=["country=2"], waitlist=n)
    except QuotaInfeasibleError:
        return
    parsed = [parse_quota(q, seats) for q in quotas]
    cons = Constraints(people, parsed, [MaxPer("country", 2)])
    index = {p.id: i for i, p in enumerate(people)}
    invited = [x.id for x in panel.invited]
    waiting = [x.id for x in panel.waitlist]
    outside = [p.id for p in people if p.id not in invited]
    for declined in invited:
        sub = next_substitute(invited, declined, waiting, people, quotas, ["country=2"])
        anyone = [w for w in outside if not cons.broken(index[x] for x in [*invited, w] if x != declined)]
        if sub is None:
            assert declined in panel.report["invitees_without_substitute"]
            assert anyone == []
        else:
            assert sub == next(w for w in waiting if w in anyone)
    ranks = [x.relevance for x in panel.waitlist]
    assert ranks == sorted(ranks, reverse=True)


def test_infeasible_quotas_name_the_conflict_and_a_relaxation_that_works():
    """Government and civil society at least half each, plus a partner seat, cannot fit in 4 seats."""
    people = [
        Person(id=f"p{i}", country=f"c{i}", sector=s)
        for i, s in enumerate(["government"] * 4 + ["civil_society"] * 4 + ["partner"] * 2 + ["academia"] * 3)
    ]
    quotas = ["sector=government:50%-", "sector=civil_society:50%-", "sector=partner:1-", "country=c12:-1"]
    with pytest.raises(QuotaInfeasibleError) as caught:
        select_panel(people, np.linspace(1, 0, 13), 4, quotas=quotas)
    err = caught.value
    assert set(err.conflicts) == {"sector=government:50%-", "sector=civil_society:50%-", "sector=partner:1-"}
    assert "smallest relaxation" in str(err)
    assert "\n" not in str(err)
    ((label, side, old, new),) = err.relaxation
    assert side == "min"
    assert new == old - 1
    q = parse_quota(label, 4)
    relaxed = [parse_quota(x, 4) for x in quotas if x != label]
    relaxed.append(Quota(q.column, q.value, new, q.max, label))
    assert len(select_panel(people, np.linspace(1, 0, 13), 4, quotas=relaxed).invited) == 4


def test_pins_that_break_a_cap_are_named():
    people = [Person(id=f"p{i}", country="KE" if i < 3 else f"c{i}") for i in range(6)]
    with pytest.raises(QuotaInfeasibleError) as caught:
        select_panel(people, np.ones(6), 4, max_per=["country=2"], pins=["p0", "p1", "p2"])
    assert "max-per country=2" in caught.value.conflicts
    assert "pin p0" in caught.value.conflicts
    assert "raise max-per country=2 to 3" in str(caught.value)


def test_input_errors():
    people, rel = people_for(1, 6)
    with pytest.raises(InputError, match="unknown id 'zz' in the pins"):
        select_panel(people, rel, 3, pins=["zz"])
    with pytest.raises(InputError, match="both pinned and excluded"):
        select_panel(people, rel, 3, pins=["p1"], exclude=["p1"])
    with pytest.raises(QuotaInfeasibleError, match="only 6 eligible people for 7 seats"):
        select_panel(people, rel, 7)
    with pytest.raises(InputError, match="not among the invited"):
        next_substitute(["p0", "p1"], "p2", ["p3"], people)


def test_people_without_text_are_only_invited_when_pinned():
    people, _ = people_for(2, 4)
    rel = np.array([np.nan, 0.5, 0.4, np.nan])
    panel = select_panel(people, rel, 3, pins=["p3"])
    assert {x.id for x in panel.invited} == {"p1", "p2", "p3"}
    assert next(x for x in panel.invited if x.id == "p3").pinned
