"""Mentors: filters before fit, and cohort assignments that respect every capacity."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.mentors import Mentor, MentorPool, MentorRequest, rank_mentors
from matching.mentors.assign import assign_mentors, capacity_violations
from matching.scoring import TextVectors

E = np.eye(4, dtype=np.float32)


def tv(rows):
    rows = np.asarray(rows, np.float32)
    return TextVectors(rows, np.arange(len(rows)), len(rows))


def test_rank_filters_then_ranks():
    """Language, free capacity, excluded countries and excluded mentors filter; fit ranks."""
    mentors = [
        Mentor("best_but_full", "perfect", "KE", ("en",), capacity=0),
        Mentor("spanish_only", "perfect", "CO", ("es",), capacity=2),
        Mentor("excluded_country", "good", "ID", ("en",), capacity=1),
        Mentor("declined", "good", "FR", ("en",), capacity=1),
        Mentor("good", "good", "GH", ("EN", "fr"), capacity=1),
        Mentor("weak", "weak", "BR", ("en",), capacity=3),
    ]
    exp = tv([E[0], E[0], E[0] * 0.9 + E[1] * 0.1, E[0], E[0] * 0.8 + E[1] * 0.6, E[1]])
    req = MentorRequest("r1", "need", "KE", ("en",), excluded_countries=("id",), excluded_mentors=("declined",))
    found = rank_mentors(req, mentors, E[:1], exp, k=5)
    assert [s.mentor_id for s in found] == ["good", "weak"]
    assert [s.rank for s in found] == [1, 2]
    assert found[0].score == pytest.approx(0.8)


def test_preferred_country_is_a_bonus_not_a_filter():
    mentors = [Mentor(x, "x", country, ("en",)) for x, country in (("a", "KE"), ("b", "CO"), ("c", "ID"))]
    exp = tv([E[0], E[0] * 0.98 + E[1] * 0.199, E[1]])
    req = MentorRequest("r", "need", languages=("en",), preferred_countries=("CO",))
    found = rank_mentors(req, mentors, E[:1], exp, k=3)
    assert [s.mentor_id for s in found] == ["b", "a", "c"]
    assert found[0].preferred
    assert not found[1].preferred


def test_request_without_languages_reaches_every_language():
    mentors = [Mentor("a", "x", languages=("fr",)), Mentor("b", "x", languages=("id",))]
    found = MentorPool(mentors, tv([E[0], E[1]])).rank(MentorRequest("r"), E[:1], k=5, explain=False)
    assert [s.mentor_id for s in found] == ["a", "b"]


def brute_force(fit, eligible, caps):
    """Max (number assigned, total fit) over all one-mentor-each assignments."""
    n_req, n_men = fit.shape
    best = (0, 0.0)
    options = [[None] + [m for m in range(n_men) if eligible[r, m]] for r in range(n_req)]
    for choice in itertools.product(*options):
        load = np.bincount([m for m in choice if m is not None], minlength=n_men)
        if np.all(load <= caps):
            pairs = [(r, m) for r, m in enumerate(choice) if m is not None]
            value = (len(pairs), sum(fit[r, m] for r, m in pairs))
            best = max(best, value, key=lambda v: (v[0], round(v[1], 9)))
    return best


@pytest.mark.parametrize("seed", range(8))
def test_assignment_is_optimal_against_brute_force(seed):
    """Coverage first, then total fit: the same as enumerating every assignment."""
    rng = np.random.default_rng(seed)
    n_req, n_men = 5, 3
    langs = [("en",), ("es",), ("en", "es")]
    mentors = [
        Mentor(f"m{i}", "x", languages=langs[rng.integers(3)], capacity=int(rng.integers(0, 3))) for i in range(n_men)
    ]
    requests = [MentorRequest(f"r{i}", "x", languages=langs[rng.integers(2)]) for i in range(n_req)]
    vec = rng.normal(size=(n_req + n_men, 3)).astype(np.float32)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True)
    fit = vec[:n_req] @ vec[n_req:].T
    eligible = np.array(
        [[bool(set(r.languages) & set(m.languages)) and m.capacity > 0 for m in mentors] for r in requests]
    )
    result = assign_mentors(requests, mentors, tv(vec[:n_req]), tv(vec[n_req:]), explain=False)
    count, total = brute_force(fit, eligible, np.array([m.capacity for m in mentors]))
    assert result.report["assigned_requests"] == count
    assert result.report["objective"] == pytest.approx(total, abs=1e-5)
    assert result.report["capacity_violations"] == 0


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    n_req=st.integers(1, 12),
    n_men=st.integers(1, 6),
    per_request=st.integers(1, 3),
    min_score=st.one_of(st.none(), st.floats(-0.5, 0.5)),
)
def test_assignments_never_break_a_constraint(seed, n_req, n_men, per_request, min_score):
    """Random cohorts: capacities, per-request limits, languages, exclusions and the floor all hold."""
    rng = np.random.default_rng(seed)
    langs = [("en",), ("es",), ("fr", "en"), ()]
    mentors = [
        Mentor(f"m{i}", "x", f"c{rng.integers(3)}", langs[rng.integers(4)], int(rng.integers(0, 3)))
        for i in range(n_men)
    ]
    requests = [
        MentorRequest(
            f"r{i}",
            "x",
            f"c{rng.integers(3)}",
            langs[rng.integers(4)],
            excluded_countries=("c0",) if rng.random() < 0.3 else (),
            excluded_mentors=("m0",) if rng.random() < 0.3 else (),
        )
        for i in range(n_req)
    ]
    vec = rng.normal(size=(n_req + n_men, 4)).astype(np.float32)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True)
    result = assign_mentors(
        requests,
        mentors,
        tv(vec[:n_req]),
        tv(vec[n_req:]),
        per_request=per_request,
        min_score=min_score,
        candidates=3,
        explain=False,
    )
    assert capacity_violations(result.assignments, mentors, per_request) == 0
    by_id = {m.id: (k, m) for k, m in enumerate(mentors)}
    for a in result.assignments:
        req = next(r for r in requests if r.id == a.request_id)
        _k, mentor = by_id[a.mentor_id]
        assert mentor.capacity > 0
        assert mentor.id not in req.excluded_mentors
        assert mentor.country not in req.excluded_countries
        assert not req.languages or set(req.languages) & set(mentor.languages)
        assert min_score is None or a.score >= min_score - 1e-6
    served = {a.request_id for a in result.assignments}
    assert set(result.unassigned) == {r.id for r in requests} - served


def test_several_mentors_each_serve_more_requests_first():
    """With two mentors per request allowed, nobody gets a second mentor while someone has none."""
    mentors = [Mentor("m0", "x", capacity=2), Mentor("m1", "x", capacity=1)]
    requests = [MentorRequest("r0", "x"), MentorRequest("r1", "x")]
    result = assign_mentors(requests, mentors, tv([E[0], E[1]]), tv([E[0], E[0]]), per_request=2, explain=False)
    assert result.report["assigned_requests"] == 2
    assert result.report["capacity_violations"] == 0


def test_reason_names_the_shared_terms():
    mentors = [Mentor("m", "We built an open contracting portal for public procurement.", languages=("en",))]
    req = MentorRequest("r", "How do we publish public procurement contracts?", languages=("en",))
    found = rank_mentors(req, mentors, E[:1], tv([E[0]]))
    assert "public procurement" in found[0].terms
    assert "public procurement" in found[0].reason
