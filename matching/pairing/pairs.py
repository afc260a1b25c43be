"""Peer-exchange pairs: the maximum total score under every constraint, explained.

    result = pair_people(people, challenges, reforms, k=2)   # TextVectors from the web app's cache
    result.pairs[0].reason, result.report["objective"], result.report["upper_bound"]

Each person is in at most k pairs (their own `per_person` if set), pairs cross countries unless
allowed, excluded pairs never appear, locked pairs always do, and no pair scores under `min_score`
(locked pairs excepted: a coordinator chose them). The objective adds a small bonus for each person
with at least one pair, so that more people get one at a tiny cost in total score; the result
reports that cost against the bound.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from matching.errors import InfeasibleError, InputError
from matching.explain import TermWeights, excerpt, explain_best
from matching.load import DEFAULT_LOAD_WEIGHT, gini, load_vector, penalty, room
from matching.pairing.graph import add_edges, build_candidates
from matching.pairing.solver import greedy, solve
from matching.scoring import Person, TextVectors, group_codes

REPORT_KEYS = (
    "objective",
    "upper_bound",
    "greedy_objective",
    "people",
    "matched_people",
    "full_people",
    "min_pair_score",
    "violations",
    "seconds",
)
# The coverage bonus is this fraction of the median candidate pair score (scale-free across
# encoders). Measured on MiniLM-shaped data at N = 10,000, k = 2 with a quality floor that leaves
# supply scarce (matching/README.md, Optimisers): 0.1 lifted the people with a pair from 90.8% to
# 99.2% of the most any pairing can cover, for 0.4% of total score.
DEFAULT_BONUS = 0.1
# Each person's own top list in the candidate graph (united over both endpoints, hub-corrected).
DEFAULT_CANDIDATES = 10


@dataclass(frozen=True)
class Pair:
    """One suggested pair, oriented so that `a`'s challenge meets `b`'s reform in the stronger direction.

    Parameters:
        a_id: the id of the person whose challenge is answered in the stronger direction.
        b_id: the id of the other person.
        score: the pair score (the mean of the directions that exist).
        a_to_b: a's challenges against b's reforms (NaN if either has none).
        b_to_a: b's challenges against a's reforms (NaN if either has none).
        locked: the pair was locked by a coordinator.
        a_challenge_excerpt: the sentence of a's challenge that matched best, shortened.
        b_reform_excerpt: the sentence of b's reform that matched best, shortened.
        terms: key terms both texts share.
        reason: one readable line: the directions' scores, the shared terms, whether locked.
    """

    a_id: str
    b_id: str
    score: float
    a_to_b: float
    b_to_a: float
    locked: bool = False
    a_challenge_excerpt: str = ""
    b_reform_excerpt: str = ""
    terms: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class PairingResult:
    """The pairs, best first, and the figures a coordinator needs to trust them (what `pair_people` returns).

    Parameters:
        pairs: the pairs, best score first.
        report: exactly the REPORT.json keys: objective, upper_bound (the LP bound over the candidate graph),
            greedy_objective, people, matched_people, full_people, min_pair_score, violations, seconds.
        matchable_people: people with at least one eligible candidate (judge coverage against them).
        greedy_matched_people: people the greedy baseline matched.
        optimal: the pairing is proven optimal on the candidate graph.
        lp_integral: the LP relaxation was already integral.
        candidate_edges: the number of candidate pairs the solver chose from.
        bonus: the coverage bonus per matched person, in score units.
        timings: seconds spent on the graph, the LP, the repair and the whole solve.
    """

    pairs: tuple[Pair, ...]
    report: dict
    matchable_people: int
    greedy_matched_people: int
    optimal: bool
    lp_integral: bool
    candidate_edges: int
    bonus: float
    timings: dict = field(default_factory=dict)


def _index(people: Sequence[Person]) -> dict[str, int]:
    index: dict[str, int] = {}
    for p, person in enumerate(people):
        if person.id in index:
            raise InputError(f"duplicate person id {person.id!r}")
        index[person.id] = p
    return index


def _resolve_pairs(pairs: Iterable[tuple[str, str]], index: dict[str, int], what: str) -> list:
    out = []
    for a, b in pairs:
        for x in (a, b):
            if x not in index:
                raise InputError(f"unknown id {x!r} in the {what} pairs")
        if a == b:
            raise InputError(f"{what} pair pairs {a!r} with itself")
        out.append((index[a], index[b]))
    return out


def capacities(people: Sequence[Person], k: int) -> np.ndarray:
    caps = np.array([k if p.per_person is None else p.per_person for p in people], dtype=np.int64)
    if k < 0 or (caps < 0).any():
        raise InputError("pairs per person must be 0 or more")
    return caps


def check_requests(
    people: Sequence[Person],
    k: int,
    exclude: Iterable[tuple[str, str]] = (),
    lock: Iterable[tuple[str, str]] = (),
) -> tuple[np.ndarray, list[tuple[int, int]], list[tuple[int, int]]]:
    """Validate limits, exclusions and locks before any scoring (so a command fails fast).

    Returns (capacities, excluded index pairs, locked index pairs, each once). Unknown ids and a pair
    both locked and excluded are InputErrors; more locks than someone's limit is an InfeasibleError.
    """
    index = _index(people)
    cap = capacities(people, k)
    excl = _resolve_pairs(exclude, index, "excluded")
    locks = list(dict.fromkeys(tuple(sorted(p)) for p in _resolve_pairs(lock, index, "locked")))
    clash = {tuple(sorted(p)) for p in excl} & set(locks)
    if clash:
        a, b = sorted(clash)[0]
        raise InputError(f"pair {people[a].id!r}-{people[b].id!r} is both locked and excluded")
    deg = np.bincount(np.array(locks, dtype=np.int64).reshape(-1), minlength=len(people))
    over = np.flatnonzero(deg > cap)
    if over.size:
        p = int(over[0])
        raise InfeasibleError(
            f"{people[p].id!r} has {deg[p]} locked pairs but at most {cap[p]} allowed; unlock one or raise their limit",
            conflicts=[people[int(q)].id for q in over],
        )
    return cap, excl, locks


def pair_people(
    people: Sequence[Person],
    challenges: TextVectors,
    reforms: TextVectors,
    *,
    k: int = 1,
    allow_same_country: bool = False,
    exclude: Iterable[tuple[str, str]] = (),
    lock: Iterable[tuple[str, str]] = (),
    min_score: float | None = None,
    bonus: float = DEFAULT_BONUS,
    candidates: int = DEFAULT_CANDIDATES,
    pool: str = "best-mean",
    exact: bool | None = None,
    time_limit: float = 60.0,
    explain: bool = True,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    load: Mapping[str, float] | None = None,
    max_load: int | None = None,
    load_weight: float = DEFAULT_LOAD_WEIGHT,
) -> PairingResult:
    """Pairs with the maximum total score (plus the coverage bonus) under every constraint.

    Each person is in at most k pairs (their own `per_person` if set), pairs cross countries unless allowed, excluded
    pairs never appear, locked pairs always do, and no pair scores under `min_score` (locked pairs excepted).

    Parameters:
        people: the people, with unique ids.
        challenges: one row per challenge with the index in `people` of who wrote it, in the order of
            `Person.challenges` (so explanations can quote them).
        reforms: the same for reforms.
        k: the most pairs per person (a person's `per_person` overrides it).
        allow_same_country: allow pairs within one country.
        exclude: pairs of ids never to suggest.
        lock: pairs of ids to keep whatever their score.
        min_score: no pair scoring under this (locked pairs excepted).
        bonus: the coverage bonus for each person with a pair, as a fraction of the median candidate score.
        candidates: each person's own list length in the candidate graph.
        pool: how several texts per person are pooled: "best-mean", "max" or "mean".
        exact: prove optimality with an exact MILP when the LP is fractional (None: for graphs up to 12,000 edges).
        time_limit: seconds allowed to the solver.
        explain: quote the best sentences and shared terms in each pair (slower).
        embed: a function from texts to normalised rows, so explanations can pick sentences by meaning across
            languages.
        load: id -> current load across programmes (the load ledger); each new pair adds 1 to both.
        max_load: the per-person cap on load plus new pairs (locked pairs excepted).
        load_weight: the penalty at the cap, taken off a pair's score for each side's load (see matching.load).

    Returns:
        PairingResult (with a load, or a cap, the report adds load_gini_before, load_gini_after,
        max_load_after and relevance_share: total score over the optimum without the ledger).

    Raises:
        InputError: unknown or duplicate ids, a pair both locked and excluded, vectors without one owner per person.
        InfeasibleError: more locked pairs for someone than their limit.
    """
    t0 = time.perf_counter()
    n = len(people)
    if challenges.n_owners != n or reforms.n_owners != n:
        raise InputError("challenges and reforms must have one owner per person")
    cap, excl, locks = check_requests(people, k, exclude, lock)
    groups = group_codes([p.country for p in people])
    graph = build_candidates(
        challenges,
        reforms,
        groups=groups,
        allow_same_group=allow_same_country,
        per_side=candidates,
        min_score=min_score,
        exclude=excl,
        pool=pool,
    )
    graph, locked = add_edges(graph, challenges, reforms, locks, pool)
    t_graph = time.perf_counter() - t0

    ledger = load is not None or max_load is not None
    loads = load_vector([p.id for p in people], load)
    if ledger:
        cap = np.minimum(cap, room(loads, max_load))
    usable = (cap[graph.i] > 0) & (cap[graph.j] > 0)
    usable[locked] = True
    edges = np.flatnonzero(usable)
    sub_locked = np.searchsorted(edges, locked)
    i, j, w = graph.i[edges], graph.j[edges], graph.score[edges]
    if ledger:
        pen = penalty(loads, max_load, load_weight)
        w = w - pen[i] - pen[j]
    lam = bonus * float(np.median(w)) if w.size and bonus > 0 else 0.0
    lam = max(lam, 0.0)
    # The plain objective first: its LP value is the upper bound, and when its pairing already gives
    # everyone with a candidate a pair, it is also optimal with the bonus (that term is at its
    # maximum), so the slower bonus LP is only solved when coverage can still improve.
    sol = solve(n, i, j, w, cap, sub_locked, 0.0, exact=exact, time_limit=time_limit)
    bound, lp_seconds, repair_seconds = sol.lp_value, sol.seconds_lp, sol.seconds_milp
    has_edge = (np.bincount(i, minlength=n) + np.bincount(j, minlength=n)) > 0
    covered = (np.bincount(i[sol.chosen], minlength=n) + np.bincount(j[sol.chosen], minlength=n)) > 0
    if lam > 0 and np.count_nonzero(covered) < np.count_nonzero(has_edge):
        sol = solve(n, i, j, w, cap, sub_locked, lam, exact=exact, time_limit=time_limit)
        lp_seconds += sol.seconds_lp
        repair_seconds += sol.seconds_milp
    chosen = edges[sol.chosen]
    base = greedy(n, i, j, w, cap, sub_locked)
    t_solve = time.perf_counter() - t0 - t_graph

    degree = np.bincount(graph.i[chosen], minlength=n) + np.bincount(graph.j[chosen], minlength=n)
    greedy_degree = np.bincount(i[base], minlength=n) + np.bincount(j[base], minlength=n)
    objective = float(graph.score[chosen].sum())
    pairs = _make_pairs(graph, chosen, set(locked.tolist()), people, challenges, reforms, explain, embed)
    violations = count_violations(
        pairs, people, k, allow_same_country=allow_same_country, exclude=exclude, lock=lock, min_score=min_score
    )
    report = {
        "objective": round(objective, 6),
        "upper_bound": round(max(bound, objective), 6),
        "greedy_objective": round(float(w[base].sum()), 6),
        "people": n,
        "matched_people": int(np.count_nonzero(degree)),
        "full_people": int(np.count_nonzero((degree >= cap) & (cap > 0))),
        "min_pair_score": round(float(graph.score[chosen].min()), 6) if chosen.size else None,
        "violations": violations,
        "seconds": round(time.perf_counter() - t0, 3),
    }
    if ledger:
        plain = pair_people(
            people,
            challenges,
            reforms,
            k=k,
            allow_same_country=allow_same_country,
            exclude=exclude,
            lock=lock,
            min_score=min_score,
            bonus=bonus,
            candidates=candidates,
            pool=pool,
            exact=exact,
            time_limit=time_limit,
            explain=False,
        )
        after = loads + degree
        report.update(
            load_gini_before=round(gini(loads), 6),
            load_gini_after=round(gini(after), 6),
            max_load_after=float(after.max()) if n else 0.0,
            relevance_share=round(objective / plain.report["objective"], 6) if plain.report["objective"] else 1.0,
        )
    return PairingResult(
        pairs=pairs,
        report=report,
        matchable_people=int(np.count_nonzero(np.bincount(i, minlength=n) + np.bincount(j, minlength=n))),
        greedy_matched_people=int(np.count_nonzero(greedy_degree)),
        optimal=sol.optimal,
        lp_integral=sol.integral_lp,
        candidate_edges=int(edges.size),
        bonus=lam,
        timings={
            "graph": round(t_graph, 3),
            "lp": round(lp_seconds, 3),
            "repair": round(repair_seconds, 3),
            "solve": round(t_solve, 3),
        },
    )


def _make_pairs(graph, chosen, locked, people, challenges, reforms, explain, embed) -> tuple[Pair, ...]:
    weights = None
    if explain:
        weights = TermWeights().fit(t for p in people for t in (*p.challenges, *p.reforms))
    out = []
    for e in chosen[np.lexsort((graph.j[chosen], graph.i[chosen], -graph.score[chosen]))]:
        a, b = int(graph.i[e]), int(graph.j[e])
        fwd, bwd = float(graph.forward[e]), float(graph.backward[e])
        if math.isnan(fwd) or (not math.isnan(bwd) and bwd > fwd):
            a, b, fwd, bwd = b, a, bwd, fwd
        a_exc = b_exc = ""
        terms: tuple[str, ...] = ()
        reason = ""
        if explain:
            pa, pb = people[a], people[b]
            _, _, ex = explain_best(
                pa.challenges,
                pb.reforms,
                challenges.rows(a),
                reforms.rows(b),
                embed=embed,
                weights=weights,
                b_states_remedy=True,
            )
            a_exc, b_exc, terms = excerpt(ex.a_sentence), excerpt(ex.b_sentence), ex.terms
            reason = _reason(pa, pb, fwd, bwd, terms, e in locked)
        out.append(
            Pair(
                people[a].id,
                people[b].id,
                float(graph.score[e]),
                fwd,
                bwd,
                bool(e in locked),
                a_exc,
                b_exc,
                terms,
                reason,
            )
        )
    return tuple(out)


def _reason(pa: Person, pb: Person, fwd: float, bwd: float, terms, locked: bool) -> str:
    a, b = pa.name or pa.id, pb.name or pb.id
    if math.isnan(bwd):
        text = f"{b}'s reform answers {a}'s challenge ({fwd:.2f}); one way only"
    else:
        text = f"{b}'s reform answers {a}'s challenge ({fwd:.2f}) and {a}'s reform answers {b}'s challenge ({bwd:.2f})"
    text += "; shared terms: " + ", ".join(terms) if terms else "; no shared key terms"
    return text + ("; locked by a coordinator" if locked else "")


def count_violations(
    pairs: Sequence[Pair],
    people: Sequence[Person],
    k: int,
    *,
    allow_same_country: bool = False,
    exclude: Iterable[tuple[str, str]] = (),
    lock: Iterable[tuple[str, str]] = (),
    min_score: float | None = None,
) -> int:
    """Every broken rule in a pairing, counted independently of the solver (0 for a valid pairing).

    Parameters:
        pairs: the pairing.
        people: the people it pairs.
        k: the most pairs per person (a person's `per_person` overrides it).
        allow_same_country: pairs within one country are allowed.
        exclude: pairs of ids that must not appear.
        lock: pairs of ids that must appear.
        min_score: no unlocked pair may score under this.

    Returns:
        the number of violations: repeated, excluded or unknown pairs, same-country and under-score pairs, seats
        beyond a person's limit, and missing locked pairs.
    """
    by_id = {p.id: p for p in people}
    cap = {p.id: (k if p.per_person is None else p.per_person) for p in people}
    locked = {frozenset(p) for p in lock}
    excluded = {frozenset(p) for p in exclude}
    seen: set[frozenset] = set()
    degree: dict[str, int] = {}
    bad = 0
    for pair in pairs:
        key = frozenset((pair.a_id, pair.b_id))
        bad += len(key) < 2 or key in seen or key in excluded or not key <= by_id.keys()
        seen.add(key)
        if key in locked or not key <= by_id.keys():
            continue
        a, b = by_id[pair.a_id], by_id[pair.b_id]
        same = a.country.strip().casefold() == b.country.strip().casefold() and a.country.strip() != ""
        bad += (same and not allow_same_country) + (min_score is not None and pair.score < min_score - 1e-9)
    for pair in pairs:
        for x in (pair.a_id, pair.b_id):
            degree[x] = degree.get(x, 0) + 1
    bad += sum(max(0, d - cap.get(x, 0)) for x, d in degree.items())
    bad += len(locked - seen)
    return int(bad)
