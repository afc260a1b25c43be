"""Assign a whole cohort of mentor requests at once, under every mentor's free capacity.

A bipartite b-matching: each request gets at most `per_request` mentors, each mentor at most their
capacity. Its constraint matrix is totally unimodular, so the LP optimum HiGHS returns is integral
(dual simplex returns a vertex, so no branching is needed); with one mentor per request it is solved
as a minimum-cost full matching instead, which is exact and faster. With `coverage_first` each
request served is also worth a constant larger than any difference in fit, so the solver first gives
a mentor to as many requests as possible and only then maximises the total fit; a request nobody
eligible can take is reported, never forced.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from matching.errors import InfeasibleError, InputError
from matching.load import DEFAULT_LOAD_WEIGHT, gini, load_vector, penalty, room
from matching.mentors.rank import PREFERRED_BONUS, Mentor, MentorPool, MentorRequest, MentorSuggestion, _fold
from matching.pairing.graph import top_per_row
from matching.scoring import BLOCK_ELEMENTS, TextVectors, pool_block

# Each request's best eligible mentors, united with each mentor's best requests.
DEFAULT_CANDIDATES = 50
# Larger than any difference of two fits plus bonuses (cosines lie in [-1, 1]).
_COVERAGE_WEIGHT = 4.0


@dataclass(frozen=True)
class AssignmentResult:
    """A cohort's assignment (what `assign_mentors` returns).

    Parameters:
        assignments: the assigned mentors as MentorSuggestions (rank = order of a request's mentors), by request.
        unassigned: ids of the requests that got no mentor.
        report: requests, eligible_requests (with at least one eligible mentor), assigned_requests, assigned_share
            (of eligible requests), capacity_violations, mean_fit, objective (total fit), greedy_objective and
            greedy_assigned_requests (the baseline), seconds.
    """

    assignments: tuple[MentorSuggestion, ...]
    unassigned: tuple[str, ...]
    report: dict


def _edges(requests, pool: MentorPool, needs: TextVectors, candidates, min_score, preferred_bonus):
    """Candidate (request, mentor, fit, key) edges, from both sides, eligible only."""
    n_req, n_men = len(requests), len(pool.mentors)
    lang_cols = len(pool.language_index)
    wants = np.zeros((n_req, max(1, lang_cols)), dtype=bool)
    any_language = np.ones(n_req, dtype=bool)
    for r, req in enumerate(requests):
        folded = _fold(req.languages)
        if folded:
            any_language[r] = False
            for lang in folded:
                if lang in pool.language_index:
                    wants[r, pool.language_index[lang]] = True
    base = (pool.capacity > 0) & pool.has_text
    step = max(1, BLOCK_ELEMENTS // max(1, pool.experience.vectors.shape[0]))
    parts, col_parts = [], []
    for lo in range(0, n_req, step):
        hi = min(n_req, lo + step)
        fit = pool_block(needs, lo, hi, pool.experience, 0, n_men, "best-mean")
        ok = base[None, :] & ~np.isnan(fit)
        shared = (wants[lo:hi].astype(np.uint8) @ pool.speaks.T.astype(np.uint8)) > 0
        ok &= any_language[lo:hi, None] | shared
        key = fit.copy()
        for r in range(lo, hi):
            req = requests[r]
            if req.excluded_countries or req.excluded_mentors:
                ok[r - lo] &= pool.eligible(req)
            if req.preferred_countries:
                key[r - lo] += preferred_bonus * pool.preferred(req)
        if min_score is not None:
            ok &= fit >= min_score
        key[~ok] = -np.inf
        rr, cc, vv = top_per_row(key, min(candidates, n_men))
        parts.append((lo + rr, cc, vv, fit[rr, cc]))
        cr, rc, cv = top_per_row(np.ascontiguousarray(key.T), min(candidates, hi - lo))
        col_parts.append((lo + rc, cr, cv, fit[rc, cr]))
    rows = np.concatenate([p[0] for p in parts + col_parts]).astype(np.int64)
    cols = np.concatenate([p[1] for p in parts + col_parts]).astype(np.int64)
    keys = np.concatenate([p[2] for p in parts + col_parts]).astype(np.float64)
    fits = np.concatenate([p[3] for p in parts + col_parts]).astype(np.float64)
    _, first = np.unique(rows * n_men + cols, return_index=True)
    return rows[first], cols[first], fits[first], keys[first]


def _assign_one_each(rows, cols, gain, capacity, n_req) -> np.ndarray:
    """One mentor per request at most: a minimum-cost full matching (scipy's LAPJVsp) between
    requests and mentor places (one column per unit of capacity), plus one "nobody" column per
    request so that every request can stay unassigned. Exact, and far faster than the LP here."""
    from scipy import sparse
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    cap = capacity[cols]
    base = np.concatenate([[0], np.cumsum(capacity)])
    rep = np.repeat(np.arange(rows.size), cap)
    slot = base[cols[rep]] + (np.arange(rep.size) - np.repeat(np.cumsum(cap) - cap, cap))
    places = int(base[-1])
    top = float(gain.max()) + 1.0  # all costs positive: explicit zeros would not be edges
    r_idx = np.concatenate([rows[rep], np.arange(n_req)])
    c_idx = np.concatenate([slot, places + np.arange(n_req)])
    cost = np.concatenate([top - gain[rep], np.full(n_req, top)])
    graph = sparse.csr_matrix((cost, (r_idx, c_idx)), shape=(n_req, places + n_req))
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    owner = np.searchsorted(base, np.arange(places), side="right") - 1  # place -> mentor
    real = col_ind < places
    width = int(capacity.size)
    picked = row_ind[real].astype(np.int64) * width + owner[col_ind[real]]
    return np.isin(rows.astype(np.int64) * width + cols, picked)


def _assign_several(rows, cols, keys, per_request, capacity, n_req, weight) -> np.ndarray:
    """Up to `per_request` mentors each: a MILP where serving a request at all is worth `weight`
    (so coverage comes first) and every assignment its fit."""
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    m = rows.size
    served = np.unique(rows)
    ns = served.size
    pos = np.searchsorted(served, rows)
    inc_r = sparse.csr_matrix((np.ones(m), (rows, np.arange(m))), shape=(n_req, m))
    inc_m = sparse.csr_matrix((np.ones(m), (cols, np.arange(m))), shape=(capacity.size, m))
    cover = sparse.hstack([-sparse.csr_matrix((np.ones(m), (pos, np.arange(m))), shape=(ns, m)), sparse.identity(ns)])
    A = sparse.vstack(
        [
            sparse.hstack([inc_r, sparse.csr_matrix((n_req, ns))]),
            sparse.hstack([inc_m, sparse.csr_matrix((capacity.size, ns))]),
            cover,
        ]
    ).tocsr()
    ub = np.concatenate([np.full(n_req, per_request), capacity, np.zeros(ns)]).astype(float)
    c = -np.concatenate([keys, np.full(ns, weight)])
    out = milp(c, constraints=LinearConstraint(A, -np.inf, ub), integrality=np.ones(m + ns), bounds=Bounds(0, 1))
    if out.x is None:
        raise InfeasibleError(f"the mentor assignment failed: {out.message}")
    return out.x[:m] > 0.5


def _greedy(rows, cols, keys, per_request, capacity, n_req):
    left_r = np.full(n_req, per_request)
    left_m = capacity.copy()
    chosen = np.zeros(rows.size, bool)
    for e in np.lexsort((cols, rows, -keys)):
        if left_r[rows[e]] > 0 and left_m[cols[e]] > 0:
            chosen[e] = True
            left_r[rows[e]] -= 1
            left_m[cols[e]] -= 1
    return chosen


def assign_mentors(
    requests: Sequence[MentorRequest],
    mentors: Sequence[Mentor],
    needs: TextVectors,
    experience: TextVectors,
    *,
    per_request: int = 1,
    candidates: int = DEFAULT_CANDIDATES,
    min_score: float | None = None,
    preferred_bonus: float = PREFERRED_BONUS,
    coverage_first: bool = True,
    explain: bool = True,
    embed: Callable | None = None,
    load: Mapping[str, float] | None = None,
    max_load: int | None = None,
    load_weight: float = DEFAULT_LOAD_WEIGHT,
) -> AssignmentResult:
    """Mentors for a whole cohort at once: as many requests served as possible, then the maximum total fit.

    With one mentor per request, an exact minimum-cost matching; with several, a HiGHS MILP. Candidates are each
    request's best eligible mentors united with each mentor's best requests; eligibility is `MentorPool.eligible`.

    Parameters:
        requests: the requests, with unique ids.
        mentors: the mentors, with their free capacity.
        needs: one or more rows per request, owners in the order of `requests`.
        experience: one or more rows per mentor, owners in the order of `mentors`.
        per_request: the most mentors per request.
        candidates: list length per request and per mentor.
        min_score: never assign a mentor fitting under this.
        preferred_bonus: added to the fit of a mentor in a preferred country (for the choice only).
        coverage_first: serve as many requests as possible before maximising fit.
        explain: quote the best sentences and shared terms in each assignment.
        embed: a function from texts to normalised rows, for explanations across languages.
        load: mentor id -> current load across programmes (the load ledger); each assignment adds 1.
        max_load: the per-mentor cap on load plus new assignments (besides the mentor's own capacity).
        load_weight: the penalty at the cap, taken off a mentor's fit for the choice (see matching.load).

    Returns:
        AssignmentResult (with a load, or a cap, the report adds load_gini_before, load_gini_after,
        max_load_after and relevance_share: total fit over the optimum without the ledger).

    Raises:
        InputError: duplicate ids, vectors without one owner per request, per_request < 1.
    """
    t0 = time.perf_counter()
    if needs.n_owners != len(requests):
        raise InputError("need vectors must have one owner per request")
    if per_request < 1:
        raise InputError("mentors per request must be at least 1")
    if len({r.id for r in requests}) != len(requests):
        raise InputError("duplicate request ids")
    pool = MentorPool(mentors, experience)
    n_req = len(requests)
    rows, cols, fits, keys = _edges(requests, pool, needs, candidates, min_score, preferred_bonus)
    ledger = load is not None or max_load is not None
    loads = load_vector([m.id for m in mentors], load)
    capacity = np.maximum(pool.capacity, 0)
    if ledger:
        capacity = np.minimum(capacity, room(loads, max_load))
        keys = keys - penalty(loads, max_load, load_weight)[cols]
    gain = keys + (_COVERAGE_WEIGHT if coverage_first else 0.0)
    use = gain > 0
    rows, cols, fits, keys, gain = rows[use], cols[use], fits[use], keys[use], gain[use]
    m = rows.size
    chosen = np.zeros(m, bool)
    if m and per_request == 1:
        chosen = _assign_one_each(rows, cols, gain, capacity, n_req)
    elif m:
        chosen = _assign_several(
            rows,
            cols,
            keys,
            per_request,
            capacity,
            n_req,
            _COVERAGE_WEIGHT if coverage_first else 0.0,
        )
    base = _greedy(rows, cols, keys, per_request, capacity, n_req)

    assignments = []
    picked = np.flatnonzero(chosen)
    picked = picked[np.lexsort((cols[picked], -keys[picked], rows[picked]))]
    rank = 0
    for k, e in enumerate(picked):
        rank = 1 if k == 0 or rows[picked[k - 1]] != rows[e] else rank + 1
        req = requests[int(rows[e])]
        mentor = int(cols[e])
        preferred = int(pool.country[mentor]) in pool.codes(req.preferred_countries)
        assignments.append(pool.suggestion(req, mentor, rank, float(fits[e]), preferred, explain, embed))
    served = set(rows[chosen].tolist())
    report = {
        "requests": n_req,
        "eligible_requests": int(np.unique(rows).size),
        "assigned_requests": len(served),
        "assigned_share": round(len(served) / max(1, np.unique(rows).size), 4),
        "capacity_violations": capacity_violations(assignments, mentors, per_request),
        "mean_fit": round(float(fits[chosen].mean()), 6) if chosen.any() else None,
        "objective": round(float(fits[chosen].sum()), 6),
        "greedy_objective": round(float(fits[base].sum()), 6),
        "greedy_assigned_requests": int(np.unique(rows[base]).size),
        "seconds": round(time.perf_counter() - t0, 3),
    }
    if ledger:
        plain = assign_mentors(
            requests,
            mentors,
            needs,
            experience,
            per_request=per_request,
            candidates=candidates,
            min_score=min_score,
            preferred_bonus=preferred_bonus,
            coverage_first=coverage_first,
            explain=False,
        )
        after = loads + np.bincount(cols[chosen], minlength=len(mentors))
        report.update(
            load_gini_before=round(gini(loads), 6),
            load_gini_after=round(gini(after), 6),
            max_load_after=float(after.max()) if len(mentors) else 0.0,
            relevance_share=round(report["objective"] / plain.report["objective"], 6)
            if plain.report["objective"]
            else 1.0,
        )
    unassigned = tuple(req.id for r, req in enumerate(requests) if r not in served)
    return AssignmentResult(tuple(assignments), unassigned, report)


def capacity_violations(
    assignments: Sequence[MentorSuggestion], mentors: Sequence[Mentor], per_request: int = 1
) -> int:
    """Seats assigned beyond a mentor's capacity or a request's limit, plus repeated pairs (must be 0)."""
    capacity = {m.id: max(0, m.capacity) for m in mentors}
    load: dict[str, int] = {}
    per: dict[str, int] = {}
    seen = set()
    bad = 0
    for a in assignments:
        bad += (a.request_id, a.mentor_id) in seen or a.mentor_id not in capacity
        seen.add((a.request_id, a.mentor_id))
        load[a.mentor_id] = load.get(a.mentor_id, 0) + 1
        per[a.request_id] = per.get(a.request_id, 0) + 1
    bad += sum(max(0, n - capacity.get(m, 0)) for m, n in load.items())
    bad += sum(max(0, n - per_request) for n in per.values())
    return int(bad)
