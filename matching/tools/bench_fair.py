"""Benchmark figures for fair chances, printed by `python -m matching bench` (`--fair-only` skips the rest).

    python -m matching bench --fair-only [--fair-sizes 150,1000] [--fair-data ../shared/data]

Pools of synthetic people shaped like the roundtable benchmark's (bench_panel: 60 countries with a
long tail, four sectors, three genders; relevance from synthetic MiniLM-like vectors), 12 seats, quotas
on country (two focus countries at least 1 each, at most 3 per country), gender (women at least 40%) and
sector (government and civil society 40%-60% each, a partner at least 1). For each pool: the lottery's
smallest probability beside the marginal LP's bound and the deterministic optimum's smallest (which
is 0 for everyone it leaves out), the relevance share, every quota over the support and 500 seeded
draws, the largest gap between a person's frequency over those draws and their probability, and the
time. Then a series of 6 roundtables x 12 seats from 150 people, against repeating the deterministic
selection.
"""

from __future__ import annotations

import time
from collections import Counter

import numpy as np

from matching.tools.bench_common import line as _line
from matching.tools.bench_common import synthetic_vectors
from matching.tools.bench_panel import QUOTAS, _people

FOCUS = ["country=C00:1-", "country=C01:1-"]
CAPS = ["country=3"]


def _pool(n: int, topics: int, seed: int = 7):
    from matching.roundtable import relevance_scores
    from matching.scoring import TextVectors

    people, country = _people(n, seed=seed)
    texts = TextVectors(synthetic_vectors(n, country, seed=seed + 1), np.arange(n), n)
    rng = np.random.default_rng(seed + 2)
    relevances = [
        relevance_scores(synthetic_vectors(1, np.array([rng.integers(60)]), seed=100 + t), texts) for t in range(topics)
    ]
    return people, relevances


def bench_lottery(
    n: int,
    seats: int = 12,
    floor: float = 0.3,
    share: float = 0.95,
    max_seconds: float | None = None,
    pool=None,
    quotas=None,
    caps=None,
    title: str = "",
):
    from matching.roundtable import select_panel
    from matching.roundtable.fair import fair_lottery, marginal_bound
    from matching.roundtable.quotas import Constraints, parse_max_per, parse_quota

    people, (rel,) = pool if pool is not None else _pool(n, 1)
    quotas = QUOTAS + FOCUS if quotas is None else quotas
    CAPS = ["country=3"] if caps is None else caps
    n = len(people)
    print(
        f"\nfair lottery{title}: {n} people, {seats} seats, eligible: relevance >= {floor:.3g}, relevance share {share}"
    )
    t = time.perf_counter()
    cpu = time.process_time()
    lottery = fair_lottery(
        people,
        rel,
        seats,
        quotas=quotas,
        max_per=CAPS,
        min_relevance=floor,
        relevance_share=share,
        seed=1,
        max_seconds=max_seconds,
    )
    wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    r = lottery.report
    bound = marginal_bound(people, rel, seats, quotas=quotas, max_per=CAPS, min_relevance=floor, relevance_share=share)
    det = select_panel(people, rel, seats, quotas=quotas, max_per=CAPS, diversity=0)
    chosen = {x.id for x in det.invited}
    det_min = min(1.0 if pid in chosen else 0.0 for pid in lottery.probabilities)
    left_out = sum(pid not in chosen for pid in lottery.probabilities)
    cons = Constraints(people, [parse_quota(q, seats) for q in quotas], [parse_max_per(c) for c in CAPS])
    index = {p.id: i for i, p in enumerate(people)}
    broken = sum(bool(cons.broken([index[x] for x in panel])) for panel in lottery.panels)
    counts: Counter = Counter()
    for seed in range(500):
        panel = lottery.draw(seed)
        broken += bool(cons.broken([index[x] for x in panel]))
        counts.update(panel)
    deviation = max(abs(counts[x] / 500 - p) for x, p in lottery.probabilities.items())
    _line("eligible people", f"{r['eligible']} (mean probability {r['mean_probability']:.4f})")
    _line(
        "min probability / marginal LP bound",
        f"{r['min_probability']:.5f} / {bound:.5f} = {r['min_probability'] / bound:.3f}"
        f" (column-generation bound {r['maximin_upper_bound']:.5f})",
    )
    _line("deterministic optimum: min probability", f"{det_min:.0f} ({left_out} of {r['eligible']} never invited)")
    _line("relevance share", f"{r['relevance_share']:.4f} (requested {share})")
    _line("panels broken (support + 500 draws)", f"{broken} of {len(lottery.panels) + 500}")
    _line("500 draws: max |frequency - probability|", f"{deviation:.4f}")
    if r.get("held_at_minimum"):
        _line(
            "leximin second stage",
            f"{r['held_at_minimum']} held at the minimum; the smallest of the others {r['second_stage_min']:.5f}",
        )
    target = 1.0 if n <= 150 else 10.0
    _line(
        "time",
        f"{wall:.2f} s wall, {cpu:.2f} s CPU (target < {target:g} s); {r['iterations']} rounds, {r['panels']} panels",
    )
    ratio = r["min_probability"] / bound if bound > 0 else 1.0
    ok = ratio >= 0.9 and broken == 0 and r["relevance_share"] >= share - 1e-9 and deviation <= 0.06
    _line("must show", f"{'met' if ok else 'NOT met'} (ratio >= 0.9, no panel broken, share, draws within 0.06)")
    if n in (150, 1000):
        _line(
            "time target",
            f"CPU {'met' if cpu < target else 'NOT met'}, wall {'met' if wall < target else 'NOT met'}"
            " (wall counts other processes' load on a shared machine)",
        )
    return {"min": r["min_probability"], "bound": bound, "seconds": wall, "cpu": cpu, "deviation": deviation}


def bench_series(n: int = 150, roundtables: int = 6, seats: int = 12, share: float = 0.95):
    from matching.roundtable import select_panel
    from matching.roundtable.fair import _floor, _marginal_lp, prepare
    from matching.roundtable.series import fair_series

    people, relevances = _pool(n, roundtables, seed=17)
    quotas = QUOTAS + FOCUS
    print(f"\nfair series: {roundtables} roundtables x {seats} seats from {n} people, relevance share {share}")
    t = time.perf_counter()
    series = fair_series(people, relevances, seats, quotas=quotas, max_per=CAPS, relevance_share=share, seed=1)
    wall = time.perf_counter() - t
    setups = [prepare(people, rel, seats, quotas=quotas, max_per=CAPS) for rel in relevances]
    bound = _marginal_lp(setups, [_floor(st, share) for st in setups])[0]
    det: Counter = Counter()
    for rel in relevances:
        det.update(x.id for x in select_panel(people, rel, seats, quotas=quotas, max_per=CAPS, diversity=0).invited)
    never = sum(det[p.id] == 0 for p in people)
    _line(
        "min cumulative expected invitations",
        f"{series.report['min_cumulative']:.4f} / series LP bound {bound:.4f}"
        f" = {series.report['min_cumulative'] / bound:.3f} (mean {series.report['mean_cumulative']:.4f})",
    )
    _line("repeated deterministic selection: min", f"{min(det[p.id] for p in people)} ({never} of {n} never invited)")
    _line("relevance share per roundtable", ", ".join(f"{x:.3f}" for x in series.report["relevance_share"]))
    _line("time", f"{wall:.2f} s")
    return series


def bench_fair(sizes=(150, 1000), max_seconds: float | None = None, data: str | None = None) -> None:
    for n in sizes:
        bench_lottery(n, max_seconds=max_seconds)
    if data is not None:
        bench_real(data)
    bench_series()
    bench_no_show()
    bench_load_year()


def real_pool(folder: str, topic: str = "public procurement, open contracting and beneficial ownership"):
    """People built from the real texts in `folder` (OGP commitments and World Bank abstracts): each text
    one person, its country the text's; sector and gender are drawn (seeded), as the files have none.
    Relevance: TF-IDF cosine to `topic` (no model is loaded)."""
    from pathlib import Path

    from matching.encoders import get_encoder
    from matching.errors import InputError
    from matching.io import read_csv
    from matching.scoring import Person

    names = ["ogp_parliament_commitments.csv", "worldbank_project_themes.csv"]
    paths = [Path(folder) / name for name in names]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError(f"the real-text pool needs {', '.join(missing)} (see ../shared/data/README.md)")
    texts, countries = [], []
    for path in paths:
        table = read_csv(str(path), ["country", "text"])
        for row in table.rows:
            if row["text"].strip():
                texts.append(row["text"])
                countries.append(row["country"])
    rng = np.random.default_rng(5)
    sector = rng.choice(["government", "civil_society", "partner"], size=len(texts), p=[0.5, 0.4, 0.1])
    gender = rng.choice(["woman", "man", "nonbinary"], size=len(texts), p=[0.45, 0.52, 0.03])
    people = [
        Person(id=f"t{i}", country=c, sector=s, gender=g, text=t)
        for i, (c, s, g, t) in enumerate(zip(countries, sector, gender, texts, strict=True))
    ]
    from matching.encoders.lexical import TfidfEncoder

    encoder = get_encoder("tfidf")
    assert isinstance(encoder, TfidfEncoder)
    vectors = encoder.fit_encode([*texts, topic])
    rel = np.asarray(vectors[:-1] @ vectors[-1], dtype=np.float64).reshape(-1)
    return people, (rel,)


def bench_real(folder: str) -> None:
    """The lottery on the pool built from the real texts (quotas on sector and gender, 2 per country)."""
    pool = real_pool(folder)
    floor = float(np.quantile(pool[1][0], 0.5))
    bench_lottery(
        len(pool[0]),
        floor=floor,
        pool=pool,
        quotas=["sector=government:40%-60%", "sector=civil_society:40%-60%", "sector=partner:1-", "gender=woman:40%-"],
        caps=["country=2"],
        title=f" on the real texts of {folder} (eligible: the more relevant half, TF-IDF)",
    )


NO_SHOW = [("gender", "woman", 0.35), ("country", "C00", 0.4), ("country", "C01", 0.4), ("sector", "partner", 0.3)]


def bench_no_show(n: int = 150, seats: int = 12, draws: int = 20, simulations: int = 1000):
    """Alternates chosen for expected no-shows against the relevance-ordered waiting list of the same
    length, over `draws` lotteries' panels (rates per group: NO_SHOW)."""
    from matching.roundtable.alternates import choose_alternates, no_show_rates
    from matching.roundtable.fair import fair_lottery

    people, (rel,) = _pool(n, 1)
    quotas = QUOTAS + FOCUS
    rates = no_show_rates(people, NO_SHOW)
    relevance = {p.id: float(r) for p, r in zip(people, rel, strict=True)}
    lottery = fair_lottery(people, rel, seats, quotas=quotas, max_per=CAPS, min_relevance=0.3, seed=1)
    print(f"\nno-show alternates: {n} people, {seats} seats, waiting list of {seats}, rates {NO_SHOW}")
    ours, base, ours_empty, base_empty = [], [], [], []
    t = time.perf_counter()
    for d in range(draws):
        panel = lottery.draw(d)
        candidates = sorted((x for x in lottery.probabilities if x not in panel), key=lambda x: -relevance[x])
        alt = choose_alternates(
            people,
            panel,
            candidates,
            rates,
            seats,
            quotas=quotas,
            max_per=CAPS,
            relevance=relevance,
            seed=d,
            simulations=simulations,
        )
        ours.append(alt.expected_violations)
        base.append(alt.expected_violations_relevance_order)
        ours_empty.append(alt.expected_empty_seats)
        base_empty.append(alt.expected_empty_seats_relevance_order)
    mean_ours, mean_base = float(np.mean(ours)), float(np.mean(base))
    _line(
        "expected violated quotas (mean over draws)",
        f"chosen {mean_ours:.3f} / relevance order {mean_base:.3f} = {mean_ours / max(mean_base, 1e-12):.3f}"
        f" (target <= 0.5; {draws} panels x {simulations} simulations)",
    )
    _line("expected empty seats", f"chosen {np.mean(ours_empty):.3f} / relevance order {np.mean(base_empty):.3f}")
    _line("time", f"{(time.perf_counter() - t) / draws:.2f} s per waiting list")
    return mean_ours, mean_base


def bench_load_year(n: int = 200, months: int = 12, cap: int = 4, window: int = 3):
    """A simulated year: every month a peer-exchange round (60 of the people, one pair each), a mentor
    assignment (30 of them mentoring 40 requests) and two roundtables of 12 (everyone a candidate); a
    person's load is their pairs, mentorships and seats of the last `window` months. Run once with the
    load ledger (load and cap passed to every optimiser) and once without, on the same draws."""
    from matching.load import gini
    from matching.mentors.assign import assign_mentors
    from matching.mentors.rank import Mentor, MentorRequest
    from matching.pairing.pairs import pair_people
    from matching.roundtable import relevance_scores, select_panel
    from matching.scoring import TextVectors

    people, country = _people(n, seed=31)
    ids = [p.id for p in people]
    texts = synthetic_vectors(2 * n, np.concatenate([country, country]), seed=32)
    challenges, reforms = texts[:n], texts[n:]
    rng = np.random.default_rng(33)
    plan = []
    for month in range(months):
        cohort = rng.choice(n, 60, replace=False)
        mentors = rng.choice(n, 30, replace=False)
        needs = synthetic_vectors(40, rng.integers(0, 60, 40), seed=100 + month)
        topics = [synthetic_vectors(1, np.array([rng.integers(60)]), seed=200 + 2 * month + t) for t in range(2)]
        plan.append((cohort, mentors, needs, topics))
    print(
        f"\nload ledger over a simulated year: {n} people, {months} months of pairs (60 a month), mentors "
        f"(30 mentoring 40 requests) and 2 roundtables x 12 seats; load = the last {window} months; cap {cap}"
    )
    results = {}
    for tag, ledger in (("without the ledger", False), ("with the ledger", True)):
        events: list[list[int]] = [[] for _ in range(months)]
        total, peak, t = 0.0, 0.0, time.perf_counter()
        for month, (cohort, mentor_rows, needs, topics) in enumerate(plan):
            loads = np.zeros(n)
            for past in events[max(0, month - window + 1) : month]:
                np.add.at(loads, past, 1)
            load = {ids[i]: float(loads[i]) for i in range(n)}
            cap_arg = cap if ledger else None
            load_arg: dict[str, float] | None = load if ledger else None
            chosen: list[int] = []
            sub = [people[i] for i in cohort]
            k = len(cohort)
            res = pair_people(
                sub,
                TextVectors(challenges[cohort], np.arange(k), k),
                TextVectors(reforms[cohort], np.arange(k), k),
                k=1,
                explain=False,
                load=load_arg,
                max_load=cap_arg,
            )
            where = {p.id: i for i, p in enumerate(people)}
            for pr in res.pairs:
                chosen += [where[pr.a_id], where[pr.b_id]]
            total += res.report["objective"]
            running = loads.copy()
            np.add.at(running, chosen, 1)
            if ledger:
                load_arg = dict(zip(ids, running.tolist(), strict=True))
            mentor_list = [Mentor(id=ids[i], country=people[i].country, capacity=2) for i in mentor_rows]
            requests = [MentorRequest(id=f"r{month}-{j}", country="ZZ") for j in range(40)]
            exp = TextVectors(reforms[mentor_rows], np.arange(len(mentor_list)), len(mentor_list))
            am = assign_mentors(
                requests,
                mentor_list,
                TextVectors(needs, np.arange(40), 40),
                exp,
                explain=False,
                load=load_arg,
                max_load=cap_arg,
            )
            chosen += [where[a.mentor_id] for a in am.assignments]
            total += am.report["objective"]
            for topic in topics:
                running = loads.copy()
                np.add.at(running, chosen, 1)
                seat_load = dict(zip(ids, running.tolist(), strict=True)) if ledger else None
                rel = relevance_scores(topic, TextVectors(reforms, np.arange(n), n))
                panel = select_panel(
                    people, rel, 12, quotas=QUOTAS, max_per=CAPS, diversity=0, load=seat_load, max_load=cap_arg
                )
                chosen += [where[x.id] for x in panel.invited]
                total += sum(x.relevance for x in panel.invited)
            events[month] = chosen
            month_load = loads.copy()
            np.add.at(month_load, chosen, 1)
            peak = max(peak, float(month_load.max()))
        year = np.zeros(n)
        for ev in events:
            np.add.at(year, ev, 1)
        results[tag] = (total, peak, gini(year), time.perf_counter() - t)
    plain, led = results["without the ledger"], results["with the ledger"]
    _line("largest load in any window", f"with the ledger {led[1]:.0f} (cap {cap}) / without {plain[1]:.0f}")
    _line("load Gini over the year", f"with the ledger {led[2]:.3f} / without {plain[2]:.3f}")
    _line("total relevance", f"{led[0] / plain[0]:.4f} of the optimum without the ledger (target >= 0.97)")
    _line("time", f"with the ledger {led[3]:.1f} s / without {plain[3]:.1f} s")
    return results
