"""Roundtable invitees: exactly S people, most relevant to the topic, under hard quotas.

    panel = select_panel(people, relevance_scores(topic_vectors, text_vectors), seats=12,
                         quotas=["country=KE:2-", "gender=woman:40%-"], max_per=["country=3"])

One MILP (HiGHS) over everyone eligible: maximise total relevance plus a diversity term, subject to
exactly S seats, every quota's bounds, every max-per cap, pins and exclusions. In the benchmark
(`python -m matching bench`, figures in matching/README.md) quota-blind top-S broke 4.8 quotas per
panel and quota-aware greedy reached a dead end on every topic; the MILP finds the best feasible
panel or proves there is none, and then names the conflicting quotas and the smallest relaxation
(infeasible.py).

The diversity term adds `diversity` for every distinct value of `diversity_columns` (country by
default) among the invitees. Why: a roundtable exists for cross-country learning, and same-country
texts are the most alike (they name the same ministries and laws), so a second invitee from a
country adds less than a first from another. It is linear (one bounded variable per value), so the
optimum stays exact and fast, unlike pairwise-redundancy terms that made the MILP hit its time
limit. Its measured effect is printed by `python -m matching bench` (matching/README.md, Optimisers): more
countries for a fraction of a percent of relevance; it did not lower the invitees' mutual similarity
on the synthetic data, so it is not a redundancy penalty.

The waiting list is chosen so that every invitee has at least one listed substitute whose swap
keeps every quota (where anyone can), most relevant first; `next_substitute` then promotes the
first eligible one when someone declines.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from matching.errors import InfeasibleError, InputError
from matching.explain import TermWeights, excerpt, explain
from matching.load import DEFAULT_LOAD_WEIGHT, gini, load_vector, penalty, room
from matching.roundtable.infeasible import diagnose
from matching.roundtable.quotas import Constraints, MaxPer, Quota, resolve_max_per, resolve_quotas
from matching.scoring import Person, TextVectors, pool_block

# Relevance worth one more country among the invitees (cosine units). Measured at N = 10,000, 12 seats
# (`python -m matching bench`): 0.05 adds about 0.9 countries per panel for 0.2% of mean relevance;
# 0.1 adds 1.1 for 0.45%.
DEFAULT_DIVERSITY = 0.05


@dataclass(frozen=True)
class Invitee:
    """One row of a roundtable's list.

    Parameters:
        id: the person's id.
        status: "invited" or "waitlist".
        rank: from 1 within its status.
        relevance: the person's relevance to the topic (0 for a pinned person without text).
        pinned: invited because pinned.
        quotas: labels of the quotas this person counts toward.
        substitutes_for: waitlist only: ids of the invitees they can replace keeping every quota.
        reason: one readable line: relevance, the sentence that matched, shared terms, quotas.
    """

    id: str
    status: str
    rank: int
    relevance: float
    pinned: bool = False
    quotas: tuple[str, ...] = ()
    substitutes_for: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class PanelResult:
    """A roundtable's list (what `select_panel` returns).

    Parameters:
        invited: exactly the seats' number of invitees, most relevant first.
        waitlist: the waiting list, most relevant first.
        report: the REPORT.json figures: seats, each quota with min, max and achieved, max-per caps, violations,
            mean relevance, countries, sectors and their counts, waiting-list length, invitees without a
            substitute, seconds.
    """

    invited: tuple[Invitee, ...]
    waitlist: tuple[Invitee, ...]
    report: dict


def relevance_scores(topic_vectors: np.ndarray, texts: TextVectors, pool: str = "best-mean") -> np.ndarray:
    """The relevance of each owner of `texts` to a topic.

    Parameters:
        topic_vectors: the topic as one or more rows (pieces of a long topic).
        texts: the candidates' text vectors, by owner.
        pool: "best-mean" (each piece of the topic takes the owner's best text, averaged), "max" or "mean".

    Returns:
        (n_owners,) float64 scores; NaN for an owner without text (invitable only when pinned).
    """
    topic = np.asarray(topic_vectors, np.float32).reshape(-1, texts.dim)
    tv = TextVectors(topic, np.zeros(topic.shape[0], np.int64), 1)
    return pool_block(tv, 0, 1, texts, 0, texts.n_owners, pool)[0].astype(np.float64)


def _ids(people, ids, what):
    index = {p.id: i for i, p in enumerate(people)}
    out = []
    for x in dict.fromkeys(ids):
        if x not in index:
            raise InputError(f"unknown id {x!r} in {what}")
        out.append(index[x])
    return out


def select_panel(
    people: Sequence[Person],
    relevance: np.ndarray,
    seats: int,
    *,
    quotas: Sequence[Quota | str] = (),
    max_per: Sequence[MaxPer | str] = (),
    pins: Sequence[str] = (),
    exclude: Sequence[str] = (),
    waitlist: int | None = None,
    diversity: float = DEFAULT_DIVERSITY,
    diversity_columns: Sequence[str] = ("country",),
    topic: str = "",
    explain_with: Callable | None = None,
    time_limit: float = 20.0,
    load: Mapping[str, float] | None = None,
    max_load: int | None = None,
    load_weight: float = DEFAULT_LOAD_WEIGHT,
) -> PanelResult:
    """The most relevant feasible panel of exactly `seats` people, and its waiting list.

    One MILP: maximise total relevance plus `diversity` per distinct value of the diversity columns, under every quota
    and cap, pins and exclusions. The waiting list gives every invitee a quota-keeping substitute where anyone can.

    Parameters:
        people: the candidates, with unique ids.
        relevance: (n,) person i's relevance to the topic (NaN: no text, so only invitable when pinned).
        seats: the exact number of invitees.
        quotas: `Quota`s or specs such as "country=KE:2-", "gender=woman:40%-" (percentages of `seats`).
        max_per: `MaxPer`s or specs such as "country=3".
        pins: ids always invited.
        exclude: ids never invited.
        waitlist: the waiting list's length (default: `seats`).
        diversity: relevance worth one more distinct value among the invitees.
        diversity_columns: the columns whose distinct values count (country by default).
        topic: the topic's text, quoted in the reasons.
        explain_with: a function from texts to normalised rows, so reasons pick sentences by meaning.
        time_limit: seconds allowed to the solver.
        load: id -> current load across programmes (the load ledger); a seat adds 1.
        max_load: the per-person cap: people already at it are not invited (pins excepted).
        load_weight: the penalty at the cap, taken off a person's relevance for the choice (see matching.load).

    Returns:
        PanelResult (with a load, or a cap, the report adds load_gini_before, load_gini_after,
        max_load_after and relevance_share: total relevance over the optimum without the ledger).

    Raises:
        InputError: unknown or duplicate ids, a person both pinned and excluded, bad specs, seats < 1.
        QuotaInfeasibleError: the constraints cannot all hold (it names a conflicting set and the smallest fix).
        InfeasibleError: the solver found no panel within the time limit.
    """
    t0 = time.perf_counter()
    n = len(people)
    if seats < 1:
        raise InputError("seats must be at least 1")
    if len({p.id for p in people}) != n:
        raise InputError("duplicate person ids")
    rel = np.asarray(relevance, dtype=np.float64).reshape(-1)
    if rel.size != n:
        raise InputError("one relevance score per person is needed")
    quota_list, caps = resolve_quotas(quotas, seats), resolve_max_per(max_per)
    pinned, excluded = _ids(people, pins, "the pins"), _ids(people, exclude, "the exclusions")
    both = set(pinned) & set(excluded)
    if both:
        raise InputError(f"{people[min(both)].id!r} is both pinned and excluded")
    is_pin = np.zeros(n, bool)
    is_pin[pinned] = True
    eligible = ~np.isnan(rel) | is_pin
    ledger = load is not None or max_load is not None
    loads = load_vector([p.id for p in people], load)
    if ledger:
        eligible &= (room(loads, max_load) > 0) | is_pin
    eligible[excluded] = False
    rows = np.flatnonzero(eligible)
    rel_e = np.nan_to_num(rel[rows], nan=0.0)
    if ledger:
        rel_e = rel_e - penalty(loads, max_load, load_weight)[rows]
    cons = Constraints(people, quota_list, caps)
    pin_labels = [f"pin {people[i].id}" for i in pinned]

    chosen = _solve(cons, rows, rel_e, is_pin[rows], seats, people, diversity, diversity_columns, time_limit)
    if chosen is None:
        raise diagnose(cons, rows, is_pin[rows], seats, pin_labels)
    invited = rows[chosen]
    invited = invited[np.lexsort((invited, -np.nan_to_num(rel[invited], nan=0.0)))]
    m = seats if waitlist is None else waitlist
    wait, covers = build_waitlist(cons, invited, rows[~chosen], rel, m)
    uncovered = [people[d].id for d in invited if not any(d in c for c in covers.values())]

    weights = TermWeights().fit([topic, *(p.text for p in people)]) if topic else None
    invitees = tuple(
        _invitee(people[i], "invited", r, rel[i], bool(is_pin[i]), cons, i, (), topic, weights, explain_with)
        for r, i in enumerate(invited, start=1)
    )
    waiting = tuple(
        _invitee(
            people[w],
            "waitlist",
            r,
            rel[w],
            False,
            cons,
            w,
            tuple(people[d].id for d in invited if d in covers[w]),
            topic,
            weights,
            explain_with,
        )
        for r, w in enumerate(wait, start=1)
    )
    counts = cons.counts(invited)
    report = {
        "seats": seats,
        "quotas": [
            {
                "quota": q.label,
                "column": q.column,
                "value": q.value,
                "min": q.min,
                "max": q.max,
                "achieved": int(counts[k]),
            }
            for k, q in enumerate(quota_list)
        ],
        "max_per": [
            {
                "column": mp.column,
                "max": mp.n,
                "largest": int(max((counts[k] for k, lab in enumerate(cons.labels) if lab == mp.label), default=0)),
            }
            for mp in caps
        ],
        "violations": len(cons.broken(invited)),
        "mean_relevance": round(float(np.nan_to_num(rel[invited], nan=0.0).mean()), 6),
        "countries": sorted({p for i in invited for p in [people[i].country] if p}),
        "sectors": sorted({p for i in invited for p in [people[i].sector] if p}),
        "countries_represented": len({people[i].country for i in invited if people[i].country}),
        "sectors_represented": len({people[i].sector for i in invited if people[i].sector}),
        "waitlist": len(wait),
        "invitees_without_substitute": uncovered,
        "seconds": round(time.perf_counter() - t0, 3),
    }
    if ledger:
        plain = select_panel(
            people,
            relevance,
            seats,
            quotas=quota_list,
            max_per=caps,
            pins=pins,
            exclude=exclude,
            waitlist=0,
            diversity=diversity,
            diversity_columns=diversity_columns,
            time_limit=time_limit,
        )
        best = sum(x.relevance for x in plain.invited)
        after = loads.copy()
        after[invited] += 1
        report.update(
            load_gini_before=round(gini(loads), 6),
            load_gini_after=round(gini(after), 6),
            max_load_after=float(after.max()),
            relevance_share=round(float(np.nan_to_num(rel[invited]).sum()) / best, 6) if best > 0 else 1.0,
        )
    return PanelResult(invitees, waiting, report)


def _diversity_matrix(people, rows, columns):
    """(values x eligible people) membership for the diversity columns."""
    from scipy import sparse

    keys: dict[tuple[str, str], int] = {}
    r_idx, c_idx = [], []
    for c, i in enumerate(rows):
        for col in columns:
            for v in people[i].values(col):
                r_idx.append(keys.setdefault((col, v), len(keys)))
                c_idx.append(c)
    return sparse.csr_matrix((np.ones(len(r_idx)), (r_idx, c_idx)), shape=(len(keys), len(rows)))


def _prune(cons, rows, rel, pin, seats, D) -> np.ndarray:
    """Indices into `rows` that can be in an optimal panel (exact dominance).

    People with the same constraint memberships and diversity values are interchangeable except
    for relevance, and a panel holds at most c of such a type (c: the seats, or the tightest cap
    among its rows). So only each type's c most relevant (and the pinned) can be in an optimum:
    swapping anyone else for a more relevant unchosen twin keeps every constraint.
    """
    member = cons.member[rows]
    key = np.hstack([member, D.T.toarray().astype(bool)]) if D.shape[0] else member
    if key.shape[1] == 0:
        key = np.zeros((rows.size, 1), bool)
    _, kind = np.unique(key, axis=0, return_inverse=True)
    kind = kind.reshape(-1)
    high = (
        np.where(member, cons.high[None, :], seats).min(axis=1, initial=seats)
        if member.size
        else np.full(rows.size, seats)
    )
    order = np.lexsort((np.arange(rows.size), -rel, kind))
    sorted_kind = kind[order]
    starts = np.searchsorted(sorted_kind, sorted_kind, side="left")
    place = np.empty(rows.size, np.int64)
    place[order] = np.arange(rows.size) - starts
    return np.flatnonzero((place < high) | pin)


def _solve(cons, rows, rel, pin, seats, people, diversity, columns, time_limit):
    """Boolean mask over `rows` of the optimal panel, or None when infeasible."""
    from scipy import sparse

    if rows.size < seats or pin.sum() > seats:
        return None
    D = _diversity_matrix(people, rows, columns) if diversity > 0 else sparse.csr_matrix((0, rows.size))
    keep = _prune(cons, rows, rel, pin, seats, D)
    D = D[:, keep]
    used = np.asarray(D.sum(axis=1)).ravel() > 0
    D = D[used]
    mask = _solve_kept(cons, rows[keep], rel[keep], pin[keep], seats, D, diversity, time_limit)
    if mask is None:
        return None
    out = np.zeros(rows.size, bool)
    out[keep[mask]] = True
    return out


def _solve_kept(cons, rows, rel, pin, seats, D, diversity, time_limit):
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    e = rows.size
    nd = D.shape[0]
    member = sparse.csr_matrix(cons.member[rows].T.astype(float))
    blocks = [
        sparse.hstack([sparse.csr_matrix(np.ones((1, e))), sparse.csr_matrix((1, nd))]),
        sparse.hstack([member, sparse.csr_matrix((member.shape[0], nd))]),
        sparse.hstack([-D, sparse.identity(nd)]),  # z_v <= number of invitees with value v
    ]
    A = sparse.vstack(blocks).tocsr()
    lo = np.concatenate([[seats], cons.low, np.full(nd, -np.inf)])
    hi = np.concatenate([[seats], cons.high, np.zeros(nd)])
    c = -np.concatenate([rel, np.full(nd, diversity)])
    out = milp(
        c,
        constraints=LinearConstraint(A, lo, hi),
        integrality=np.ones(e + nd),
        bounds=Bounds(np.concatenate([pin.astype(float), np.zeros(nd)]), np.ones(e + nd)),
        options={"time_limit": time_limit, "mip_rel_gap": 1e-7},
    )
    if out.status == 2:
        return None
    if out.x is None:
        raise InfeasibleError(f"the roundtable selection found no panel in {time_limit:.0f} s: {out.message}")
    return out.x[:e] > 0.5


def build_waitlist(cons: Constraints, invited: np.ndarray, others: np.ndarray, rel: np.ndarray, size: int):
    """Up to `size` people, most relevant first, covering every invitee with a quota-keeping substitute.

    Greedy cover: repeatedly add the candidate who can replace the most still-uncovered invitees
    (ties to relevance), then fill the remaining places by relevance. Returns (list, covers) where
    covers[w] is the set of invitees w can replace.
    """
    others = others[~np.isnan(rel[others])]
    others = others[np.lexsort((others, -rel[others]))]
    if size <= 0 or others.size == 0:
        return [], {}
    counts = cons.counts(invited)
    ok = cons.swap_ok(counts, invited, others)  # (invitees x candidates)
    chosen: list[int] = []
    uncovered = np.ones(invited.size, bool)
    taken = np.zeros(others.size, bool)
    while len(chosen) < size and uncovered.any():
        gain = (ok[uncovered] & ~taken[None, :]).sum(axis=0)
        best = int(np.argmax(gain))  # first maximum: the most relevant among equals
        if gain[best] == 0:
            break
        taken[best] = True
        chosen.append(best)
        uncovered &= ~ok[:, best]
    for c in np.flatnonzero(~taken)[: size - len(chosen)]:
        chosen.append(int(c))
    chosen.sort()  # candidates are in relevance order already
    covers = {int(others[c]): set(invited[ok[:, c]].tolist()) for c in chosen}
    return [int(others[c]) for c in chosen], covers


def _invitee(person, status, rank, relevance, pinned, cons, i, subs, topic, weights, embed) -> Invitee:
    member = cons.member[i]
    labels = tuple(q.label for k, q in enumerate(cons.quotas) if member[k])
    relevance = float(relevance) if np.isfinite(relevance) else 0.0
    parts = [f"relevance {relevance:.2f}"]
    if topic and person.text:
        ex = explain(topic, person.text, embed=embed, weights=weights)
        parts.append(f'"{excerpt(ex.b_sentence, 160)}"')
        parts.append("shared terms: " + ", ".join(ex.terms) if ex.terms else "no shared key terms")
    if pinned:
        parts.append("pinned")
    if labels:
        parts.append("counts toward " + ", ".join(labels))
    if subs:
        parts.append("can replace " + ", ".join(subs))
    return Invitee(person.id, status, rank, relevance, pinned, labels, subs, "; ".join(parts))
