"""Generating a roundtable's list through the engine. "Most relevant list" (matching.select_panel): exactly `seats`
invitees, most relevant to the topic under every quota, pins and exclusions, and a waiting list such that any invitee
who declines has a listed substitute who keeps every quota. "Fair lottery" (roundtables/fair.py): the invitees are a
panel drawn with a recorded seed from the engine's fair lottery, and the waiting list is chosen for expected no-shows.
Both read the load ledger (learning_hub/ledger.py): nobody is listed past the LOAD_CAP.

`compute` reads and solves; it writes nothing, so a create or edit whose quotas allow no list leaves the database as
it was and the form can show the engine's diagnosis with the organiser's values kept. It ends its read transaction
before solving, so SQLite's write lock (taken up front by every POST) is not held while the solver runs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from flask_babel import gettext as _

import matching
from learning_hub import engine, ledger
from learning_hub.database import slow_work
from learning_hub.errors import ValidationError
from learning_hub.models import utcnow
from learning_hub.roundtables import fair
from learning_hub.roundtables import people as people_mod
from learning_hub.roundtables import quotas as q
from matching import InfeasibleError, InputError, QuotaInfeasibleError, select_panel


@dataclass(frozen=True)
class ListedPerson:
    profile_id: int
    list_role: str  # invitee | substitute
    rank: int
    relevance: float
    pinned: bool
    excerpt: str
    terms: list[str]
    country: str
    sector: str


@dataclass(frozen=True)
class GeneratedList:
    rows: list[ListedPerson]
    report: dict = field(default_factory=dict)
    engine_version: str = ""
    encoder: str = ""
    draw: dict = field(default_factory=dict)  # the fair draw's record; {} for a most-relevant list


@dataclass(frozen=True)
class ListRules:
    """What the engine needs from a roundtable (or from a form not saved yet)."""

    title: str
    topic: str
    seats: int
    quotas: list  # QuotaRow
    max_per_country: int | None
    pins: list[int]
    excludes: list[int]
    selection: str = "relevance"  # relevance | lottery
    series: str | None = None
    starts_at: object = None  # naive UTC: which roundtables of the series came before
    roundtable_id: int | None = None  # the roundtable being generated again (its own list is not history or load)

    @classmethod
    def of(cls, roundtable, **overrides) -> ListRules:
        values = {
            "title": roundtable.title,
            "topic": roundtable.topic,
            "seats": roundtable.seats,
            "quotas": q.rows_of(roundtable.quotas),
            "max_per_country": roundtable.max_per_country,
            "pins": list(roundtable.pins or []),
            "excludes": list(roundtable.excludes or []),
            "selection": roundtable.selection or "relevance",
            "series": roundtable.series,
            "starts_at": roundtable.starts_at,
            "roundtable_id": roundtable.id,
        }
        values.update(overrides)
        return cls(**values)


def compute(rules: ListRules) -> GeneratedList:
    """The list for these rules, or a ValidationError (InfeasibleQuotas when the quotas conflict) naming the
    problem in the organiser's words."""
    started = time.perf_counter()
    pins, excludes = list(dict.fromkeys(rules.pins)), list(dict.fromkeys(rules.excludes))
    if set(pins) & set(excludes):
        raise ValidationError(_("Someone is both pinned and excluded; choose one."))
    if len(pins) > rules.seats:
        raise ValidationError(
            _("%(pins)s people are pinned but there are only %(seats)s seats.", pins=len(pins), seats=rules.seats)
        )
    candidates = people_mod.load_candidates()
    known = {c.profile_id for c in candidates}
    gone = [pid for pid in pins + excludes if pid not in known]
    if gone:
        raise ValidationError(
            _(
                "Some pinned or excluded people are no longer listed in the directory; "
                "remove them from the list of pins and exclusions."
            )
        )
    topic = people_mod.topic_text(rules.title, rules.topic)
    rel = people_mod.relevance(topic, candidates)
    ranked = ~np.isnan(rel.scores)
    eligible = sum(
        1
        for i, c in enumerate(candidates)
        if c.profile_id not in set(excludes) and (ranked[i] or c.profile_id in set(pins))
    )
    if eligible < rules.seats:
        raise ValidationError(
            _(
                "Only %(n)s people can be ranked for this topic (listed, with a challenge or reform "
                "that has been processed, not excluded), for %(seats)s seats. Lower the seats or "
                "come back when more people are listed.",
                n=eligible,
                seats=rules.seats,
            )
        )
    persons = [c.person() for c in candidates]
    load = ledger.engine_load(known, skip_roundtable=rules.roundtable_id)
    cap = ledger.cap()
    context = {
        "candidates": candidates,
        "persons": persons,
        "rel": rel,
        "topic": topic,
        "pins": pins,
        "excludes": excludes,
        "load": load,
        "cap": cap,
        "started": started,
    }
    if rules.selection == "lottery":
        return _lottery(rules, context)
    return _most_relevant(rules, context)


def _infeasible(exc, rules: ListRules, candidates, pins):
    names = {str(c.profile_id): c.name for c in candidates if c.profile_id in set(pins)}
    return q.explain_infeasible(exc, rules.quotas, rules.seats, rules.max_per_country, names)


def _row(candidate, role: str, rank: int, relevance: float, pinned: bool, reasons) -> ListedPerson:
    sentence, terms = reasons[candidate.profile_id]
    return ListedPerson(
        candidate.profile_id,
        role,
        rank,
        round(float(relevance), 6),
        pinned,
        sentence,
        terms,
        candidate.country,
        candidate.sector,
    )


def _most_relevant(rules: ListRules, ctx: dict) -> GeneratedList:
    candidates, persons, rel, topic = ctx["candidates"], ctx["persons"], ctx["rel"], ctx["topic"]
    pins, excludes = ctx["pins"], ctx["excludes"]
    try:
        with slow_work("roundtable list"):
            panel = select_panel(
                persons,
                rel.scores,
                rules.seats,
                quotas=q.engine_quotas(rules.quotas, rules.seats),
                max_per=q.max_per(rules.max_per_country),
                pins=[str(p) for p in pins],
                exclude=[str(p) for p in excludes],
                waitlist=rules.seats,
                load=ctx["load"],
                max_load=ctx["cap"],
            )
    except QuotaInfeasibleError as exc:
        raise _infeasible(exc, rules, candidates, pins) from None
    except (InfeasibleError, InputError) as exc:
        raise ValidationError(_("The engine could not make a list: %(detail)s", detail=str(exc))) from None
    by_id = {str(c.profile_id): c for c in candidates}
    listed = [*panel.invited, *panel.waitlist]
    reasons = people_mod.explanations(topic, [by_id[x.id] for x in listed], rel)
    rows = [
        _row(
            by_id[item.id],
            "invitee" if item.status == "invited" else "substitute",
            item.rank,
            item.relevance,
            item.pinned,
            reasons,
        )
        for item in listed
    ]
    report = panel.report
    figures = {
        "candidates": len(candidates),
        "without_text": rel.without_text,
        "not_embedded": rel.not_embedded,
        "mean_relevance": report["mean_relevance"],
        "violations": report["violations"],
        "countries_represented": report["countries_represented"],
        "sectors_represented": report["sectors_represented"],
        "waitlist": report["waitlist"],
        "invitees_without_substitute": len(report["invitees_without_substitute"]),
        "engine_seconds": report["seconds"],
        "seconds": round(time.perf_counter() - ctx["started"], 3),
        **_load_figures(report, ctx),
    }
    return GeneratedList(rows, figures, matching.__version__, engine.encoder().identity[:200])


def _load_figures(report: dict, ctx: dict) -> dict:
    keys = ("load_gini_before", "load_gini_after", "max_load_after", "relevance_share")
    return {"load_cap": ctx["cap"], **{f"ledger_{key}": report[key] for key in keys if key in report}}


def _lottery(rules: ListRules, ctx: dict) -> GeneratedList:
    """The panel drawn from the fair lottery (the series' history counted), and alternates for expected no-shows."""
    candidates, persons, rel, topic = ctx["candidates"], ctx["persons"], ctx["rel"], ctx["topic"]
    pins, excludes = ctx["pins"], ctx["excludes"]
    known = {c.profile_id for c in candidates}
    past = {pid: n for pid, n in fair.series_history(rules.series, rules.starts_at, rules.roundtable_id).items()}
    history = {str(pid): float(n) for pid, n in past.items() if pid in known}
    measured, no_show_info = fair.no_show_groups()
    rates = fair.person_rates(persons, measured)
    seed = fair.new_seed()
    quotas = q.engine_quotas(rules.quotas, rules.seats)
    max_per = q.max_per(rules.max_per_country)
    try:
        with slow_work("roundtable lottery"):
            lottery, used, cumulative = fair.draw(
                persons,
                rel.scores,
                rules.seats,
                quotas=quotas,
                max_per=max_per,
                pins=[str(p) for p in pins],
                exclude=[str(p) for p in excludes],
                history=history,
                load=ctx["load"],
                max_load=ctx["cap"],
                seed=seed,
            )
            score_of = {p.id: float(rel.scores[i]) for i, p in enumerate(persons)}
            panel = list(lottery.panel)
            waiting_pool = sorted(
                (pid for pid in lottery.probabilities if pid not in set(panel)),
                key=lambda pid: (-(score_of[pid] if np.isfinite(score_of[pid]) else -1.0), int(pid)),
            )
            waiting = fair.alternates(
                persons,
                panel,
                waiting_pool,
                {pid: rates[pid] for pid in [*panel, *waiting_pool]},
                rules.seats,
                quotas=quotas,
                max_per=max_per,
                seats=rules.seats,
                relevance={pid: score_of[pid] if np.isfinite(score_of[pid]) else 0.0 for pid in waiting_pool},
                seed=seed,
            )
    except QuotaInfeasibleError as exc:
        raise _infeasible(exc, rules, candidates, pins) from None
    except (InfeasibleError, InputError) as exc:
        raise ValidationError(_("The engine could not make a list: %(detail)s", detail=str(exc))) from None
    by_id = {str(c.profile_id): c for c in candidates}

    def relevance_of(pid: str) -> float:
        value = score_of[pid]
        return value if np.isfinite(value) else 0.0

    invited = sorted(panel, key=lambda pid: (-relevance_of(pid), int(pid)))
    listed = [*invited, *waiting.ids]
    reasons = people_mod.explanations(topic, [by_id[pid] for pid in listed], rel)
    pinned = {str(p) for p in pins}
    rows = [
        _row(by_id[pid], "invitee", rank, relevance_of(pid), pid in pinned, reasons)
        for rank, pid in enumerate(invited, 1)
    ] + [
        _row(by_id[pid], "substitute", rank, relevance_of(pid), False, reasons)
        for rank, pid in enumerate(waiting.ids, 1)
    ]
    report = lottery.report
    drawn = [by_id[pid] for pid in panel]
    figures = {
        "candidates": len(candidates),
        "without_text": rel.without_text,
        "not_embedded": rel.not_embedded,
        "mean_relevance": round(float(np.mean([relevance_of(pid) for pid in panel])), 6) if panel else 0.0,
        "violations": int(report.get("violations", 0)),
        "countries_represented": len({c.country for c in drawn if c.country}),
        "sectors_represented": len({c.sector for c in drawn if c.sector}),
        "waitlist": len(waiting.ids),
        "invitees_without_substitute": 0,
        "engine_seconds": report.get("seconds", 0.0),
        "seconds": round(time.perf_counter() - ctx["started"], 3),
        **_load_figures(report, ctx),
    }
    record = {
        "seed": lottery.seed,
        "drawn_at": utcnow().replace(microsecond=0).isoformat(),
        "engine": used,
        "eligible": len(lottery.probabilities),
        "probabilities": {pid: round(float(p), 6) for pid, p in lottery.probabilities.items()},
        "past": {pid: int(n) for pid, n in history.items() if pid in lottery.probabilities and n},
        "min_probability": report.get("min_probability"),
        "mean_probability": report.get("mean_probability"),
        "relevance_share": report.get("relevance_share"),
        "requested_relevance_share": report.get("requested_relevance_share"),
        "min_cumulative": min(cumulative.values()) if cumulative else None,
        "panel": list(panel),
        "panels": [list(x) for x in lottery.panels],
        "weights": [float(w) for w in lottery.weights],
        "no_show": {
            **no_show_info,
            "default_rate": fair.default_rate(),
            "measured": {f"{c}={v}": round(r, 4) for (c, v), r in sorted(measured.items())},
        },
        "expected_violations": round(waiting.expected_violations, 4),
        "expected_violations_relevance_order": round(waiting.expected_violations_relevance_order, 4),
        "expected_empty_seats": round(waiting.expected_empty_seats, 4),
    }
    return GeneratedList(rows, figures, matching.__version__, engine.encoder().identity[:200], record)
