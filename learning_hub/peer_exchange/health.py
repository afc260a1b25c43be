"""The health panel of a run: coverage, score distribution, the country-by-country matrix and the load spread.

Figures are computed over the run's active pairs (suggested and locked), so they follow the coordinator's review.
Templates draw the charts as SVG with presentation attributes and CSS classes (no JavaScript, no inline styles), and
every chart has its numbers as a table too.
"""

from __future__ import annotations

import math
from collections import Counter

from learning_hub.extensions import db
from learning_hub.models import MatchPair, MatchRun, MatchRunMember
from learning_hub.models.peer_exchange import ACTIVE_PAIR_STATES
from learning_hub.templating import fit

WIDTH = 640
HEIGHT = 220
STEPS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5)
MAX_BINS = 12
HEAT_LEVELS = 5


def _step(low: float, high: float) -> float:
    for step in STEPS:
        if (high - low) / step <= MAX_BINS:
            return step
    return STEPS[-1]


def score_bins(scores: list[float]) -> list[dict]:
    """Equal-width bins on round boundaries, covering every score."""
    if not scores:
        return []
    low, high = min(scores), max(scores)
    step = _step(math.floor(low * 100) / 100, math.ceil(high * 100) / 100)
    start = math.floor(low / step + 1e-9) * step
    count = max(1, math.floor((high - start) / step + 1e-9) + 1)
    bins = [
        {"low": round(start + i * step, 4), "high": round(start + (i + 1) * step, 4), "count": 0} for i in range(count)
    ]
    for score in scores:
        index = min(count - 1, max(0, math.floor((score - start) / step + 1e-9)))
        bins[index]["count"] += 1
    return bins


def bar_chart(entries: list[dict], label_key: str) -> dict:
    """Vertical bars scaled to the largest count; labels below, counts above."""
    largest = max((e["count"] for e in entries), default=0) or 1
    top, bottom = 20, HEIGHT - 30
    slot = (WIDTH - 60) / max(len(entries), 1)
    bars = []
    for index, entry in enumerate(entries):
        height = round((bottom - top) * entry["count"] / largest, 1)
        x = 40 + index * slot + slot * 0.15
        bars.append(
            {
                "x": round(x, 1),
                "width": round(slot * 0.7, 1),
                "y": round(bottom - height, 1),
                "height": height,
                "label": entry[label_key],
                "count": entry["count"],
                "label_x": round(x + slot * 0.35, 1),
                "count_y": round(bottom - height - 5, 1),
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "baseline": bottom,
        "axis_x": 40,
        "axis_end": WIDTH - 20,
        "label_y": bottom + 18,
    }


def country_matrix(pairs: list[tuple[str | None, str | None]]) -> dict:
    """Symmetric counts of pairs between countries, with a heat level 0..4 per cell for the table's classes."""
    counts: Counter = Counter()
    for a, b in pairs:
        a, b = a or "", b or ""
        counts[(a, b)] += 1
        if a != b:
            counts[(b, a)] += 1
    countries = sorted({c for key in counts for c in key}, key=lambda c: (c == "", c))
    largest = max(counts.values(), default=0) or 1
    rows = []
    for row in countries:
        cells = []
        for col in countries:
            n = counts.get((row, col), 0)
            level = 0 if n == 0 else max(1, math.ceil((HEAT_LEVELS - 1) * n / largest))
            cells.append({"country": col, "count": n, "level": level})
        rows.append({"country": row, "cells": cells, "total": sum(c["count"] for c in cells)})
    return {"countries": countries, "rows": rows, "largest": largest if counts else 0}


def matched_now(run_ids) -> dict[int, int]:
    """For each run, how many of its members have at least one active pair now (suggested or locked): the one
    "matched" figure the runs list, the run page and the health panel all show."""
    run_ids = list(run_ids)
    if not run_ids:
        return {}
    members = {
        (run_id, pid)
        for run_id, pid in db.session.execute(
            db.select(MatchRunMember.run_id, MatchRunMember.profile_id).where(MatchRunMember.run_id.in_(run_ids))
        )
    }
    paired: set[tuple[int, int]] = set()
    for run_id, a, b in db.session.execute(
        db.select(MatchPair.run_id, MatchPair.a_profile_id, MatchPair.b_profile_id).where(
            MatchPair.run_id.in_(run_ids), MatchPair.state.in_(ACTIVE_PAIR_STATES)
        )
    ):
        paired.update((run_id, pid) for pid in (a, b) if (run_id, pid) in members)
    counts = Counter(run_id for run_id, _pid in paired)
    return {run_id: counts.get(run_id, 0) for run_id in run_ids}


def panel(run: MatchRun) -> dict:
    pairs = db.session.execute(
        db.select(
            MatchPair.a_profile_id, MatchPair.b_profile_id, MatchPair.a_country, MatchPair.b_country, MatchPair.score
        ).where(MatchPair.run_id == run.id, MatchPair.state.in_(ACTIVE_PAIR_STATES))
    ).all()
    members = list(db.session.scalars(db.select(MatchRunMember.profile_id).where(MatchRunMember.run_id == run.id)))
    load = Counter()
    for a, b, *_rest in pairs:
        for pid in (a, b):
            if pid is not None:
                load[pid] += 1
    per_member = [load.get(pid, 0) for pid in members]
    spread = Counter(per_member)
    top = max([*list(spread), run.per_person])
    load_entries = [{"load": str(n), "count": spread.get(n, 0)} for n in range(0, top + 1)]
    bins = score_bins([p.score for p in pairs])
    for entry in bins:
        entry["label"] = f"{fit(entry['low'])}–{fit(entry['high'])}"
    matched_now = sum(1 for n in per_member if n > 0)
    matchable = run.matchable_people or 0
    return {
        "people": run.people or len(members),
        "members": len(members),
        "matchable": matchable,
        "matched_engine": run.matched_people,
        "matched_now": matched_now,
        "coverage": matched_now / matchable if matchable else None,
        "pairs": len(pairs),
        "max_load": max(per_member, default=0),
        "per_person": run.per_person,
        "over_limit": sum(1 for n in per_member if n > run.per_person),
        "bins": bins,
        "score_chart": bar_chart(bins, "label"),
        "load": load_entries,
        "load_chart": bar_chart(load_entries, "load"),
        "matrix": country_matrix([(p.a_country, p.b_country) for p in pairs]),
        "same_country": sum(1 for p in pairs if p.a_country and p.a_country == p.b_country),
    }
