"""Benchmark figures for the fair lottery and the fair series (not yet part of `python -m matching bench`).

    python -c "from matching.tools.bench_fair import bench_fair; bench_fair()"

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


def bench_lottery(n: int, seats: int = 12, floor: float = 0.3, share: float = 0.95, max_seconds: float | None = None):
    from matching.roundtable import select_panel
    from matching.roundtable.fair import fair_lottery, marginal_bound
    from matching.roundtable.quotas import Constraints, parse_max_per, parse_quota

    people, (rel,) = _pool(n, 1)
    quotas = QUOTAS + FOCUS
    print(f"\nfair lottery: {n} people, {seats} seats, eligible: relevance >= {floor}, relevance share {share}")
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
    _line("time", f"{wall:.2f} s wall, {cpu:.2f} s CPU; {r['iterations']} rounds, {r['panels']} panels")
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


def bench_fair(sizes=(150, 1000), max_seconds: float | None = None) -> None:
    for n in sizes:
        bench_lottery(n, max_seconds=max_seconds)
    bench_series()
