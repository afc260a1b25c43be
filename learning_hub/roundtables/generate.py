"""Generating a roundtable's list through the engine (matching.select_panel): exactly `seats` invitees,
most relevant to the topic under every quota, pins and exclusions, and a waiting list such that any invitee who
declines has a listed substitute who keeps every quota.

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
from learning_hub import engine
from learning_hub.database import slow_work
from learning_hub.errors import ValidationError
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
            )
    except QuotaInfeasibleError as exc:
        names = {str(c.profile_id): c.name for c in candidates if c.profile_id in set(pins)}
        raise q.explain_infeasible(exc, rules.quotas, rules.seats, rules.max_per_country, names) from None
    except (InfeasibleError, InputError) as exc:
        raise ValidationError(_("The engine could not make a list: %(detail)s", detail=str(exc))) from None
    by_id = {str(c.profile_id): c for c in candidates}
    listed = [*panel.invited, *panel.waitlist]
    reasons = people_mod.explanations(topic, [by_id[x.id] for x in listed], rel)
    rows = []
    for item in listed:
        candidate = by_id[item.id]
        sentence, terms = reasons[candidate.profile_id]
        rows.append(
            ListedPerson(
                candidate.profile_id,
                "invitee" if item.status == "invited" else "substitute",
                item.rank,
                round(float(item.relevance), 6),
                item.pinned,
                sentence,
                terms,
                candidate.country,
                candidate.sector,
            )
        )
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
        "seconds": round(time.perf_counter() - started, 3),
    }
    return GeneratedList(rows, figures, matching.__version__, engine.encoder().identity[:200])
