"""Peer-exchange pairs: exact optimum on tiny instances, every constraint on random ones."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.errors import InfeasibleError, InputError
from matching.pairing import count_violations, pair_people
from matching.pairing.graph import build_candidates
from matching.scoring import Person, TextVectors, combine_directions, group_codes, pool_scores


def unit_rows(rng, n, dim=6):
    v = rng.normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def instance(seed, n, countries=3, dim=6):
    rng = np.random.default_rng(seed)
    people = [Person(id=f"p{i}", country=f"c{rng.integers(countries)}") for i in range(n)]
    ch = TextVectors(unit_rows(rng, n, dim), np.arange(n), n)
    rf = TextVectors(unit_rows(rng, n, dim), np.arange(n), n)
    return people, ch, rf


def pair_matrix(ch, rf):
    d = pool_scores(ch, rf)
    return combine_directions(d, d.T.copy())


def brute_force(people, s, caps, bonus=0.0, allow_same=False, min_score=None):
    n = len(people)
    edges = [
        (a, b)
        for a, b in itertools.combinations(range(n), 2)
        if (allow_same or people[a].country != people[b].country) and (min_score is None or s[a, b] >= min_score)
    ]
    best = 0.0
    for r in range(len(edges) + 1):
        for subset in itertools.combinations(edges, r):
            deg = np.zeros(n, int)
            for a, b in subset:
                deg[a] += 1
                deg[b] += 1
            if np.all(deg <= caps):
                best = max(best, sum(s[a, b] for a, b in subset) + bonus * np.count_nonzero(deg))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_optimal_against_brute_force(seed):
    """Tiny instances: the total score equals the brute-force optimum (k = 1 makes odd cycles likely)."""
    n = 4 + seed % 3
    k = 1 + seed % 2
    people, ch, rf = instance(seed, n)
    result = pair_people(people, ch, rf, k=k, bonus=0.0, candidates=n, explain=False, exact=True)
    expected = brute_force(people, pair_matrix(ch, rf), np.full(n, k))
    assert result.report["objective"] == pytest.approx(expected, abs=1e-5)
    assert result.optimal
    assert result.report["upper_bound"] >= result.report["objective"] - 1e-6


@pytest.mark.parametrize("seed", range(6))
def test_bonus_objective_optimal_against_brute_force(seed):
    """With the coverage bonus, score plus bonus per matched person is the brute-force optimum."""
    n = 6
    people, ch, rf = instance(100 + seed, n)
    result = pair_people(people, ch, rf, k=1, bonus=0.5, candidates=n, explain=False, exact=True)
    value = result.report["objective"] + result.bonus * result.report["matched_people"]
    expected = brute_force(people, pair_matrix(ch, rf), np.ones(n, int), bonus=result.bonus)
    assert value == pytest.approx(expected, abs=1e-5)


def test_odd_cycle_is_repaired_to_an_integral_pairing():
    """Three people from three countries, k = 1: the LP takes every pair at 1/2; the answer has one pair."""
    v = np.eye(3, dtype=np.float32)
    people = [Person(id=x, country=x) for x in "abc"]
    both = TextVectors(np.ones((3, 3), np.float32) / np.sqrt(3), np.arange(3), 3)
    result = pair_people(people, both, TextVectors(v, np.arange(3), 3), k=1, bonus=0.0, explain=False)
    assert len(result.pairs) == 1
    assert not result.lp_integral
    assert result.optimal
    assert result.report["upper_bound"] == pytest.approx(1.5 * result.report["objective"], rel=1e-5)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(2, 14),
    k=st.integers(0, 3),
    allow_same=st.booleans(),
    min_score=st.one_of(st.none(), st.floats(-0.5, 0.5)),
    n_exclude=st.integers(0, 4),
    n_lock=st.integers(0, 2),
    bonus=st.sampled_from([0.0, 0.1, 1.0]),
    exact=st.sampled_from([None, False]),
)
def test_no_constraint_is_ever_violated(seed, n, k, allow_same, min_score, n_exclude, n_lock, bonus, exact):
    """Random instances: per-person limits, countries, exclusions, locks and the floor all hold."""
    rng = np.random.default_rng(seed)
    people, ch, rf = instance(seed, n, countries=2)
    people = [
        Person(id=p.id, country=p.country, per_person=int(rng.integers(0, 3)) if rng.random() < 0.3 else None)
        for p in people
    ]
    caps = np.array([k if p.per_person is None else p.per_person for p in people])
    all_pairs = list(itertools.combinations(range(n), 2))
    rng.shuffle(all_pairs)
    lock, used = [], np.zeros(n, int)
    for a, b in all_pairs[:n_lock]:
        if used[a] < caps[a] and used[b] < caps[b]:
            lock.append((people[a].id, people[b].id))
            used[a] += 1
            used[b] += 1
    exclude = [(people[a].id, people[b].id) for a, b in all_pairs[n_lock : n_lock + n_exclude]]
    result = pair_people(
        people,
        ch,
        rf,
        k=k,
        allow_same_country=allow_same,
        exclude=exclude,
        lock=lock,
        min_score=min_score,
        bonus=bonus,
        candidates=4,
        exact=exact,
        explain=False,
    )
    assert result.report["violations"] == 0
    assert (
        count_violations(
            result.pairs, people, k, allow_same_country=allow_same, exclude=exclude, lock=lock, min_score=min_score
        )
        == 0
    )
    keys = [frozenset((p.a_id, p.b_id)) for p in result.pairs]
    assert len(keys) == len(set(keys))
    assert {frozenset(x) for x in lock} <= set(keys)
    assert result.report["upper_bound"] >= result.report["objective"] - 1e-6
    if bonus == 0.0:
        assert result.report["objective"] >= result.report["greedy_objective"] - 1e-6
    assert set(result.report) == {
        "objective",
        "upper_bound",
        "greedy_objective",
        "people",
        "matched_people",
        "full_people",
        "min_pair_score",
        "violations",
        "seconds",
    }


def test_bonus_matches_more_people():
    """A hub everyone likes: without the bonus two strong pairs win; with it everybody gets a pair."""
    hub = np.array([[1, 0, 0]], np.float32)
    spokes = np.array([[0.9, 0.436, 0], [0.9, 0, 0.436], [0.0, 0.7071, 0.7071]], np.float32)
    vec = np.vstack([hub, spokes])
    people = [Person(id=f"p{i}", country=f"c{i}") for i in range(4)]
    tv = TextVectors(vec, np.arange(4), 4)
    plain = pair_people(people, tv, tv, k=2, bonus=0.0, explain=False)
    lifted = pair_people(people, tv, tv, k=1, bonus=1.0, explain=False)
    assert lifted.report["matched_people"] == 4
    assert plain.report["objective"] >= lifted.report["objective"]


def test_pooling_over_several_texts():
    """best-mean averages each challenge's best reform; max takes the single best pair."""
    ch = TextVectors(np.array([[1, 0], [0, 1]], np.float32), np.array([0, 0]), 2)
    rf = TextVectors(np.array([[1, 0], [1, 0]], np.float32), np.array([1, 1]), 2)
    assert pool_scores(ch, rf, "best-mean")[0, 1] == pytest.approx(0.5)
    assert pool_scores(ch, rf, "max")[0, 1] == pytest.approx(1.0)
    assert pool_scores(ch, rf, "mean")[0, 1] == pytest.approx(0.5)
    assert np.isnan(pool_scores(ch, rf)[1, 0])  # person 1 has no challenge


def dense_lists(s, take):
    return [list(np.argsort(-row, kind="stable")[:take]) for row in s]


def test_candidate_graph_matches_dense_top_lists():
    """Both-sides candidates: exactly the union of each person's top-L eligible partners."""
    people, ch, rf = instance(5, 40, countries=4)
    groups = group_codes([p.country for p in people])
    graph = build_candidates(ch, rf, groups=groups, per_side=3, hub_correction=0.0)
    s = pair_matrix(ch, rf).astype(np.float64)
    s[groups[:, None] == groups[None, :]] = -np.inf
    expected = {(min(a, b), max(a, b)) for a, row in enumerate(dense_lists(s, 3)) for b in row}
    assert set(zip(graph.i.tolist(), graph.j.tolist(), strict=False)) == expected
    assert np.allclose(graph.score, s[graph.i, graph.j], atol=1e-6)


def test_hub_corrected_lists_match_a_dense_computation():
    """Lists chosen from each shortlist by score minus the mean of both people's best scores."""
    people, ch, rf = instance(6, 50, countries=5)
    groups = group_codes([p.country for p in people])
    graph = build_candidates(ch, rf, groups=groups, per_side=3, hub_correction=1.0)
    s = pair_matrix(ch, rf).astype(np.float64)
    s[groups[:, None] == groups[None, :]] = -np.inf
    shortlists = dense_lists(s, 12)
    local = np.array([np.mean(s[a, row[:3]]) for a, row in enumerate(shortlists)])
    expected = set()
    for a, row in enumerate(shortlists):
        adjusted = [(-(s[a, b] - (local[a] + local[b]) / 2), b) for b in row]
        expected |= {(min(a, b), max(a, b)) for _, b in sorted(adjusted)[:3]}
    assert set(zip(graph.i.tolist(), graph.j.tolist(), strict=False)) == expected


def test_directional_excerpts_and_reason():
    """a is the one whose challenge meets b's reform (the stronger direction); excerpts quote those texts."""
    e = np.eye(3, dtype=np.float32)
    people = [
        Person("co", "CO", challenges=("Courts are slow.",), reforms=("We publish every tender.",)),
        Person("ke", "KE", challenges=("Tenders are secret.",), reforms=("We trained judges.",)),
    ]
    ch = TextVectors(np.vstack([e[1], e[0]]), np.arange(2), 2)
    rf = TextVectors(np.vstack([e[0], e[2]]), np.arange(2), 2)
    pair = pair_people(people, ch, rf, k=1).pairs[0]
    assert (pair.a_id, pair.b_id) == ("ke", "co")
    assert (pair.a_to_b, pair.b_to_a, pair.score) == pytest.approx((1.0, 0.0, 0.5))
    assert pair.a_challenge_excerpt == "Tenders are secret."
    assert pair.b_reform_excerpt == "We publish every tender."
    assert pair.terms == ("tenders",)
    assert "co's reform answers ke's challenge (1.00)" in pair.reason
    assert "shared terms: tenders" in pair.reason


def test_input_errors():
    people, ch, rf = instance(1, 4, countries=4)
    with pytest.raises(InputError, match="unknown id 'zz'"):
        pair_people(people, ch, rf, k=1, exclude=[("p0", "zz")])
    with pytest.raises(InputError, match="both locked and excluded"):
        pair_people(people, ch, rf, k=1, exclude=[("p0", "p1")], lock=[("p1", "p0")])
    with pytest.raises(InfeasibleError, match="'p0' has 2 locked pairs but at most 1"):
        pair_people(people, ch, rf, k=1, lock=[("p0", "p1"), ("p0", "p2")])
    with pytest.raises(InputError, match="0 or more"):
        pair_people(people, ch, rf, k=-1)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_exact_step_matches_a_plain_milp(seed):
    """Instances where the LP is fractional and the local repair falls short: reduced-cost fixing plus
    the exact MILP reach the plain MILP's optimum."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    from matching.pairing.solver import incidence, solve

    people, ch, rf = instance(seed, 60, countries=5, dim=4)
    groups = group_codes([p.country for p in people])
    graph = build_candidates(ch, rf, groups=groups, per_side=3, hub_correction=0.0)
    cap = np.ones(60)
    none = np.zeros(0, np.int64)
    sol = solve(60, graph.i, graph.j, graph.score, cap, none, 0.0, exact=True)
    repaired = solve(60, graph.i, graph.j, graph.score, cap, none, 0.0, exact=False)
    assert not sol.integral_lp
    assert graph.score[repaired.chosen].sum() < graph.score[sol.chosen].sum()
    inc = incidence(60, graph.i, graph.j)
    ref = milp(
        -graph.score, constraints=LinearConstraint(inc, -np.inf, cap), integrality=np.ones(graph.m), bounds=Bounds(0, 1)
    )
    assert sol.optimal
    assert graph.score[sol.chosen].sum() == pytest.approx(-ref.fun, abs=1e-6)
    assert sol.lp_value >= -ref.fun - 1e-9
