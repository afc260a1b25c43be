"""Reviewer assignment and score aggregation, on instances small enough to check by brute force or by hand."""

from __future__ import annotations

import itertools
import math

import pytest

from matching import InfeasibleError, InputError, aggregate_scores, assign_reviewers


def brute_force_spread(items, reviewers, k, conflicts):
    """The smallest possible spread of loads, by trying every choice of k reviewers for every item."""
    options = [
        [c for c in itertools.combinations(reviewers, k) if not any((i, r) in conflicts for r in c)] for i in items
    ]
    best = None
    for choice in itertools.product(*options):
        loads = dict.fromkeys(reviewers, 0)
        for chosen in choice:
            for r in chosen:
                loads[r] += 1
        spread = max(loads.values()) - min(loads.values())
        best = spread if best is None else min(best, spread)
    return best


def check(result, items, reviewers, k, conflicts):
    for item in items:
        chosen = result.reviewers_of[item]
        assert len(chosen) == k
        assert len(set(chosen)) == k
        assert not any((item, r) in conflicts for r in chosen)
    loads = dict.fromkeys(reviewers, 0)
    for _, r in result.pairs():
        loads[r] += 1
    assert loads == result.loads
    assert result.spread == max(loads.values()) - min(loads.values())


CASES = [
    # (items, reviewers, k, conflicts, the smallest spread computed by hand)
    (["a", "b", "c"], ["x", "y", "z"], 2, set(), 0),  # 6 reviews over 3 reviewers: 2 each
    (["a", "b", "c", "d"], ["x", "y", "z"], 2, set(), 1),  # 8 over 3: loads 3, 3, 2
    (["a", "b", "c", "d", "e"], ["x", "y"], 1, {("a", "x"), ("b", "x")}, 1),  # y must take a and b: 3 and 2
    # a and b must both go to y and z (2 each); c then adds one to x and one to y or z: loads 1, 3, 2 -> spread 2
    (["a", "b", "c"], ["x", "y", "z"], 2, {("a", "x"), ("b", "x")}, 2),
    (["a", "b", "c", "d"], ["w", "x", "y"], 1, {("a", "w"), ("b", "w"), ("c", "w"), ("d", "w")}, 2),
]


@pytest.mark.parametrize(("items", "reviewers", "k", "conflicts", "spread"), CASES)
def test_smallest_spread_matches_hand_and_brute_force(items, reviewers, k, conflicts, spread):
    assert brute_force_spread(items, reviewers, k, conflicts) == spread
    result = assign_reviewers(items, reviewers, k, conflicts)
    check(result, items, reviewers, k, conflicts)
    assert result.spread == spread
    assert result.balanced == (spread <= 1)


def test_random_small_instances_agree_with_brute_force():
    import random

    rng = random.Random(7)
    for _ in range(40):
        items = [f"i{n}" for n in range(rng.randint(1, 4))]
        reviewers = [f"r{n}" for n in range(rng.randint(2, 4))]
        k = rng.randint(1, 2)
        conflicts = {(i, r) for i in items for r in reviewers if rng.random() < 0.25}
        free = {i: sum((i, r) not in conflicts for r in reviewers) for i in items}
        if min(free.values()) < k:
            with pytest.raises(InfeasibleError):
                assign_reviewers(items, reviewers, k, conflicts)
            continue
        result = assign_reviewers(items, reviewers, k, conflicts)
        check(result, items, reviewers, k, conflicts)
        assert result.spread == brute_force_spread(items, reviewers, k, conflicts)


def test_no_conflicts_loads_within_one_on_a_larger_panel():
    items = [f"n{i}" for i in range(23)]
    reviewers = [f"r{i}" for i in range(7)]
    result = assign_reviewers(items, reviewers, 3)
    assert sorted(set(result.loads.values())) == [9, 10]  # 69 reviews over 7 reviewers: six of 10, one of 9
    assert result.balanced


def test_too_few_free_reviewers_is_refused_naming_the_item():
    with pytest.raises(InfeasibleError) as caught:
        assign_reviewers(["a", "b"], ["x", "y", "z"], 2, {("b", "x"), ("b", "y")})
    assert caught.value.conflicts == ("b",)
    assert "b: 1 free" in str(caught.value)


def test_panel_smaller_than_per_item_is_refused():
    with pytest.raises(InfeasibleError, match="only 1"):
        assign_reviewers(["a"], ["x"], 2)


def test_bad_input():
    with pytest.raises(InputError):
        assign_reviewers(["a", "a"], ["x"], 1)
    with pytest.raises(InputError):
        assign_reviewers(["a"], ["x"], 0)


def test_same_input_same_answer():
    args = ([f"i{n}" for n in range(6)], ["p", "q", "r", "s"], 2, {("i1", "p")})
    assert assign_reviewers(*args) == assign_reviewers(*args)


def test_aggregation_by_hand():
    weights = {"impact": 2, "evidence": 1}
    scores = {
        ("A", "r1"): {"impact": 8, "evidence": 5},  # (16 + 5) / 3 = 7
        ("A", "r2"): {"impact": 5, "evidence": 8},  # (10 + 8) / 3 = 6
        ("B", "r1"): {"impact": 9, "evidence": 9},  # 9
        ("B", "r3"): {"impact": 3, "evidence": 6},  # 4
        ("C", "r2"): {"impact": 5, "evidence": 8},  # 6
        ("C", "r3"): {"impact": 8, "evidence": 5},  # 7
    }
    results = aggregate_scores(scores, weights)
    assert [r.item for r in results] == ["A", "B", "C"]  # all three means are 6.5: ties keep the id order
    a, b, c = results
    assert a.total.mean == pytest.approx(6.5)
    assert (a.total.minimum, a.total.maximum) == (pytest.approx(6), pytest.approx(7))
    assert a.total.stdev == pytest.approx(0.5)
    assert b.total.mean == pytest.approx(6.5)
    assert b.total.stdev == pytest.approx(2.5)
    assert a.rank == b.rank == c.rank == 1  # a three-way tie
    assert a.criteria["impact"].mean == pytest.approx(6.5)
    assert a.criteria["impact"].stdev == pytest.approx(1.5)
    assert b.by_reviewer == {"r1": pytest.approx(9), "r3": pytest.approx(4)}


def test_aggregation_ranks_and_spread():
    weights = {"q": 1}
    scores = {("A", "r1"): {"q": 4}, ("B", "r1"): {"q": 6}, ("B", "r2"): {"q": 10}, ("C", "r2"): {"q": 4}}
    results = aggregate_scores(scores, weights)
    assert [(r.item, r.rank) for r in results] == [("B", 1), ("A", 2), ("C", 2)]
    assert results[0].total.stdev == pytest.approx(2.0)
    assert math.isclose(results[1].total.stdev, 0.0)


def test_aggregation_refuses_missing_criteria_and_bad_weights():
    with pytest.raises(InputError):
        aggregate_scores({("A", "r"): {"q": 1}}, {"q": 1, "z": 1})
    with pytest.raises(InputError):
        aggregate_scores({("A", "r"): {"q": 1}}, {"q": 0})
