"""Alternates for expected no-shows and the load ledger, on cases worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from matching import InputError, Person, choose_alternates, load_gini, no_show_rates, select_panel
from matching.roundtable.fair import fair_lottery


def _people():
    return [
        Person(id="w1", country="KE", gender="woman"),
        Person(id="m1", country="CO", gender="man"),
        Person(id="m2", country="ID", gender="man"),
        Person(id="w2", country="FR", gender="woman"),
    ]


def test_the_alternate_who_keeps_the_quota_goes_first():
    """w1 always drops out (rate 1), everyone else always comes. The relevance order offers the seat
    to m2, who cannot take it without leaving the women's minimum unreachable: one broken quota and
    one empty seat. The chosen list offers it to w2: nothing broken, nothing empty."""
    people = _people()
    rates = {"w1": 1.0}
    waiting = choose_alternates(
        people,
        ["w1", "m1"],
        ["m2", "w2"],
        rates,
        1,
        quotas=["gender=woman:1-"],
        relevance={"m2": 0.9, "w2": 0.5},
        seed=1,
        simulations=50,
    )
    assert waiting.ids == ("w2",)
    assert waiting.relevance_order == ("m2",)
    assert waiting.expected_violations == 0.0
    assert waiting.expected_violations_relevance_order == 1.0
    assert waiting.expected_empty_seats == 0.0
    assert waiting.expected_empty_seats_relevance_order == 1.0


def test_no_show_rates_take_the_highest_group_rate():
    people = _people()
    rates = no_show_rates(people, [("gender", "Woman", 0.3), ("country", "KE", 0.5)])
    assert rates == {"w1": 0.5, "m1": 0.0, "m2": 0.0, "w2": 0.3}
    with pytest.raises(InputError, match="between 0 and 1"):
        no_show_rates(people, [("gender", "woman", 1.2)])


def test_alternates_input_errors():
    people = _people()
    with pytest.raises(InputError, match="unknown person id 'zz'"):
        choose_alternates(people, ["w1"], ["zz"], {}, 1)
    with pytest.raises(InputError, match="already invited"):
        choose_alternates(people, ["w1"], ["w1"], {}, 1)
    with pytest.raises(InputError, match="0 or more"):
        choose_alternates(people, ["w1"], ["m1"], {}, -1)


def test_gini_by_hand():
    assert load_gini([1, 1, 1]) == 0.0
    assert load_gini([0, 0, 0, 1]) == pytest.approx(0.75)  # (2*4-4-1)*1 / (4*1)
    assert load_gini([1, 3]) == pytest.approx(0.25)  # |1-3| / (2 * 2 * 2)
    assert load_gini([]) == 0.0


def test_roundtable_never_exceeds_the_cap_and_spreads_load():
    """Four candidates, two seats, no quotas: relevance alone picks a and b. With a at the cap it is
    skipped; with b's load, the penalty (0.1 * (1/2)^2 = 0.025) drops b below c (0.79 vs 0.78)."""
    people = [Person(id=x, country=x.upper()) for x in "abcd"]
    rel = np.array([0.9, 0.8, 0.78, 0.1])
    plain = select_panel(people, rel, 2, diversity=0)
    assert [x.id for x in plain.invited] == ["a", "b"]
    capped = select_panel(people, rel, 2, diversity=0, load={"a": 2, "b": 1}, max_load=2)
    assert {x.id for x in capped.invited} == {"b", "c"}
    spread = select_panel(people, rel, 2, diversity=0, load={"b": 1}, max_load=2)
    assert {x.id for x in spread.invited} == {"a", "c"}
    assert spread.report["max_load_after"] == 1
    assert spread.report["relevance_share"] == pytest.approx((0.9 + 0.78) / (0.9 + 0.8))
    assert spread.report["load_gini_before"] == pytest.approx(0.75)
    assert spread.report["load_gini_after"] == pytest.approx((2 * 2 + 2 * 3 + 2 * 4 - 5 * 3) / (4 * 3))


def test_lottery_skips_people_at_the_cap():
    people = [Person(id=x, country=x.upper()) for x in "abcde"]
    rel = np.array([0.9, 0.8, 0.7, 0.6, 0.5])
    lottery = fair_lottery(people, rel, 2, relevance_share=0, load={"a": 3}, max_load=3, seed=1)
    assert "a" not in lottery.probabilities
    assert lottery.probabilities == pytest.approx({x: 0.5 for x in "bcde"})
    assert lottery.report["max_load_after"] == 3
