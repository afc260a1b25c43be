"""Benchmark figures for roundtables and mentors, and the pooling measurement (run by bench_optimise)."""

from __future__ import annotations

import os
import statistics
import time

import numpy as np

from matching.tools.bench_common import line, synthetic_vectors

SECTORS = (["government", "civil_society", "partner", "academia"], [0.45, 0.35, 0.1, 0.1])
GENDERS = (["woman", "man", "other"], [0.42, 0.55, 0.03])


def _people(n: int, seed: int):
    from matching.scoring import Person

    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, 61) ** 0.7
    country = rng.choice(60, size=n, p=weights / weights.sum())
    sector = rng.choice(SECTORS[0], size=n, p=SECTORS[1])
    gender = rng.choice(GENDERS[0], size=n, p=GENDERS[1])
    people = [
        Person(id=f"p{i}", country=f"C{c:02d}", sector=s, gender=g)
        for i, (c, s, g) in enumerate(zip(country, sector, gender, strict=False))
    ]
    return people, country


def _greedy_panel(cons, order, seats):
    """Quota-aware greedy: take people by relevance unless a maximum would break or the seats left
    could no longer meet some minimum still open. Returns the panel or None when it dead-ends."""
    chosen: list[int] = []
    counts = np.zeros(cons.low.size, np.int64)
    for i in order:
        row = cons.member[i]
        after = counts + row
        if np.any(after > cons.high):
            continue
        if np.maximum(cons.low - after, 0).max(initial=0) > seats - len(chosen) - 1:
            continue
        chosen.append(int(i))
        counts = after
        if len(chosen) == seats:
            return chosen if not cons.shortfall(counts).any() else None
    return None


def _redundancy(vectors, idx):
    sub = vectors[idx]
    sim = sub @ sub.T
    return float((sim.sum() - np.trace(sim)) / (len(idx) * (len(idx) - 1)))


DIVERSITY_SWEEP = (0.0, 0.01, 0.02, 0.05, 0.1)
QUOTAS = ["sector=government:40%-60%", "sector=civil_society:40%-60%", "sector=partner:1-", "gender=woman:40%-"]


def bench_roundtable(n: int, trials: int, seats: int = 12) -> None:
    from matching.roundtable.panel import DEFAULT_DIVERSITY, relevance_scores, select_panel
    from matching.roundtable.quotas import Constraints, next_substitute, parse_max_per, parse_quota
    from matching.scoring import TextVectors

    people, country = _people(n, seed=7)
    vectors = synthetic_vectors(n, country, seed=8)
    texts = TextVectors(vectors, np.arange(n), n)
    rng = np.random.default_rng(9)
    print(
        f"\nroundtable: {n} people, {seats} seats, {trials} topics (each written from one country); "
        "quotas: "
        "3 focus countries at least 2 each, government and civil society 40%-60% each, at least 1 partner, "
        "women at least 40%, at most 3 per country"
    )
    seconds, blind, greedy_fail, greedy_share, uncovered, kept, tried = [], [], 0, [], [], 0, 0
    sweep: dict[float, list] = {d: [] for d in DIVERSITY_SWEEP}
    for trial in range(trials):
        focus = rng.choice(np.unique(country), 3, replace=False)
        rel = relevance_scores(synthetic_vectors(1, np.array([focus[0]]), seed=100 + trial), texts)
        quotas = [f"country=C{c:02d}:2-" for c in focus] + QUOTAS
        cons = Constraints(people, [parse_quota(q, seats) for q in quotas], [parse_max_per("country=3")])
        order = np.lexsort((np.arange(n), -rel))
        blind.append(len(cons.broken(order[:seats])))
        greedy = _greedy_panel(cons, order, seats)
        greedy_fail += greedy is None
        for div in DIVERSITY_SWEEP:
            t = time.perf_counter()
            panel = select_panel(people, rel, seats, quotas=quotas, max_per=["country=3"], diversity=div)
            if div == DEFAULT_DIVERSITY:
                seconds.append(time.perf_counter() - t)
                default = panel
            idx = np.array([int(x.id[1:]) for x in panel.invited])
            sweep[div].append(
                (float(rel[idx].mean()), panel.report["countries_represented"], _redundancy(vectors, idx))
            )
        if greedy is not None:
            greedy_share.append(float(rel[greedy].mean()) / sweep[0.0][-1][0])
        uncovered.append(len(default.report["invitees_without_substitute"]))
        invited, waiting = [x.id for x in default.invited], [x.id for x in default.waitlist]
        for declined in invited:
            sub = next_substitute(invited, declined, waiting, people, quotas, ["country=3"])
            tried += 1
            after = [int((sub if x == declined else x)[1:]) for x in invited] if sub else []
            kept += sub is not None and not cons.broken(after)
    mean = statistics.fmean
    line("MILP time per panel (median, max)", f"{statistics.median(seconds):.3f} s, {max(seconds):.3f} s")
    line("quota-blind top-S: quotas broken per panel", f"{mean(blind):.1f}")
    line(
        "quota-aware greedy: panels with no feasible end",
        f"{greedy_fail} / {trials}"
        + (f" (when it succeeds: {100 * mean(greedy_share):.1f}% of the MILP's relevance)" if greedy_share else ""),
    )
    base = mean(x[0] for x in sweep[0.0])
    for div, runs in sweep.items():
        mark = " (default)" if div == DEFAULT_DIVERSITY else ""
        line(
            f"MILP, diversity {div}{mark}",
            f"relevance {mean(x[0] for x in runs):.4f} "
            f"({100 * (mean(x[0] for x in runs) / base - 1):+.2f}%), "
            f"countries {mean(x[1] for x in runs):.1f}, "
            f"mean cosine between invitees {mean(x[2] for x in runs):.3f}",
        )
    line("invitees without a listed substitute", f"{mean(uncovered):.2f} per panel")
    line("declines: substitute found and every quota kept", f"{kept} / {tried}")


def bench_mentors(m: int) -> None:
    from matching.mentors.assign import assign_mentors
    from matching.mentors.rank import Mentor, MentorPool, MentorRequest
    from matching.scoring import TextVectors

    rng = np.random.default_rng(11)
    langs = [("en",), ("en", "es"), ("es",), ("fr", "en"), ("fr",), ("id", "en")]
    lang_p = [0.45, 0.2, 0.12, 0.1, 0.08, 0.05]
    r = 2 * m
    mentors = [
        Mentor(
            id=f"m{i}",
            country=f"C{rng.integers(60):02d}",
            languages=langs[rng.choice(6, p=lang_p)],
            capacity=int(rng.integers(1, 4)),
        )
        for i in range(m)
    ]
    requests = [
        MentorRequest(id=f"r{i}", country=f"C{rng.integers(60):02d}", languages=langs[rng.choice(6, p=lang_p)])
        for i in range(r)
    ]
    vecs = synthetic_vectors(m + r, seed=12)
    exp = TextVectors(vecs[:m], np.arange(m), m)
    needs = TextVectors(vecs[m:], np.arange(r), r)
    seats = sum(x.capacity for x in mentors)
    print(f"\nmentors: {r} requests, {m} mentors with {seats} free places in all, languages filtered")
    result = assign_mentors(requests, mentors, needs, exp, explain=False)
    rep = result.report
    line("assignment time", f"{rep['seconds']:.2f} s")
    line(
        "requests assigned (of those with an eligible mentor)",
        f"{rep['assigned_requests']} / {rep['eligible_requests']} (greedy {rep['greedy_assigned_requests']})",
    )
    line(
        "total fit (greedy), mean fit", f"{rep['objective']:.2f} ({rep['greedy_objective']:.2f}), {rep['mean_fit']:.4f}"
    )
    line("capacity violations", str(rep["capacity_violations"]))
    big = 100000
    pool_vecs = synthetic_vectors(big, seed=13)
    big_mentors = [Mentor(id=f"M{i}", languages=langs[i % 6], capacity=i % 3) for i in range(big)]
    t = time.perf_counter()
    pool = MentorPool(big_mentors, TextVectors(pool_vecs, np.arange(big), big))
    built = time.perf_counter() - t
    times = []
    for q in range(20):
        need = synthetic_vectors(1, seed=200 + q)
        t = time.perf_counter()
        request = MentorRequest(id="q", languages=("es",), excluded_countries=("C01",))
        pool.rank(request, need, 5, explain=False)
        times.append(time.perf_counter() - t)
    line(
        f"rank one request against {big} mentors",
        f"median {1000 * statistics.median(times):.1f} ms (pool prepared once in {built:.2f} s)",
    )


def bench_pooling(path: str, encoder: str = "tfidf") -> None:
    from matching.tools.bench_pooling import measure_pooling

    if not path or not os.path.exists(path):
        print(f"\npooling: {path} not found, skipped" if path else "\npooling: no data file given, skipped")
        return
    measure_pooling(path, encoder)
