"""The fair lottery's warm start and its leximin second stage, on cases worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from matching import Person, fair_lottery
from matching.roundtable.fair import _dealt, _floor, _marginal_lp, prepare


def test_leximin_second_stage_splits_what_the_minimum_leaves():
    """One seat; a and b have relevance 1, c 0.2; the expected relevance must reach 0.95 of 1, so
    p_c * 0.2 + (1 - p_c) * 1 >= 0.95 gives p_c <= 0.0625: the maximin is 0.0625 (c). Leximin then
    splits the rest evenly: a = b = (1 - 0.0625) / 2 = 0.46875."""
    people = [Person(id=x, country=x.upper()) for x in "abc"]
    rel = np.array([1.0, 1.0, 0.2])
    lottery = fair_lottery(people, rel, 1, relevance_share=0.95, seed=0, rel_gap=0)
    assert lottery.report["min_probability"] == pytest.approx(0.0625)
    assert lottery.probabilities == pytest.approx({"a": 0.46875, "b": 0.46875, "c": 0.0625})
    assert lottery.report["held_at_minimum"] == 1
    assert lottery.report["second_stage_min"] == pytest.approx(0.46875)


def test_dealt_panels_all_keep_every_quota_and_cover_everyone():
    rng = np.random.default_rng(3)
    n = 60
    people = [
        Person(id=f"p{i}", country=f"C{rng.integers(8)}", gender=str(rng.choice(["woman", "man"]))) for i in range(n)
    ]
    rel = rng.uniform(0.2, 0.9, n)
    s = prepare(people, rel, 6, quotas=["gender=woman:50%-"], max_per=["country=2"])
    bound, (x,) = _marginal_lp([s], [_floor(s, 0.9)])
    panels = _dealt(s, x, 100, seed=1)
    assert len(panels) >= 100
    seen = np.zeros(s.rows.size, bool)
    for p in panels:
        assert len(p) == 6
        assert s.cons.broken(s.rows[p]) == []
        seen[p] = True
    assert seen[x > 1e-9].all()
    lottery = fair_lottery(people, rel, 6, quotas=["gender=woman:50%-"], max_per=["country=2"], relevance_share=0.9)
    assert lottery.report["min_probability"] >= 0.95 * bound - 1e-9
