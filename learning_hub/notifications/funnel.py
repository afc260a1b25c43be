"""The coordinators' outcome funnel: suggested -> accepted -> met -> outcome recorded -> reform adopted (with an
artefact), counted in distinct people, per country, programme or cohort.

Aggregates never show a count between 1 and 4 (it is shown as "<5"), on the page and in the CSV; the named view,
which a coordinator opens on purpose, lists the answers person by person.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask import Flask
from flask_babel import lazy_gettext as _l

from learning_hub.extensions import db
from learning_hub.features import contribute, contributed
from learning_hub.models import (
    CheckIn,
    Connection,
    ConnectionMember,
    MatchPair,
    MatchRun,
    MentoringRequest,
    MentorOffer,
    Profile,
    Roundtable,
    RoundtableInvitee,
    utcnow,
)
from learning_hub.models.job import ComputationStatus
from learning_hub.models.peer_exchange import PairState
from learning_hub.notifications.followup import found_connections

STAGES = ("suggested", "accepted", "met", "outcome", "reform")
STAGE_LABELS = {
    "suggested": _l("Suggested"),
    "accepted": _l("Accepted"),
    "met": _l("Met"),
    "outcome": _l("Outcome recorded"),
    "reform": _l("Reform adopted with artefact"),
}
PROGRAMME_LABELS = {
    "peer_pair": _l("Peer exchange"),
    "mentorship": _l("Mentoring"),
    "roundtable": _l("Roundtables"),
    "introduction": _l("Introductions"),
}
DIMENSIONS = ("country", "programme", "cohort")
SMALL = 5


@dataclass(frozen=True)
class Entry:
    """One person at one stage of one programme's cohort."""

    profile_id: int
    country: str
    programme: str
    cohort: str
    stage: str


# Other kinds of connection (introductions) add who was suggested (asked) with `register_suggested(app, kind, fn)`:
# fn() returns Entry rows with stage "suggested"; who accepted comes from their followup source.


def register_suggested(app: Flask, kind: str, source) -> None:
    contribute(app, "suggested_sources", kind, source)


def _suggested() -> list[Entry]:
    entries = []
    pairs = db.session.execute(
        db.select(MatchPair, MatchRun.name)
        .join(MatchRun, MatchRun.id == MatchPair.run_id)
        .where(
            MatchRun.status == ComputationStatus.PUBLISHED, MatchPair.state.in_((PairState.SUGGESTED, PairState.LOCKED))
        )
    ).all()
    for pair, name in pairs:
        cohort = name or f"Run {pair.run_id}"
        for pid, country in ((pair.a_profile_id, pair.a_country), (pair.b_profile_id, pair.b_country)):
            if pid is not None:
                entries.append(Entry(pid, country or "", "peer_pair", cohort, "suggested"))
    requests = db.session.scalars(
        db.select(MentoringRequest).where(
            MentoringRequest.submitted_at.is_not(None), MentoringRequest.requester_id.is_not(None)
        )
    ).all()
    for request in requests:
        cohort = str((request.accepted_at or request.submitted_at).year)
        entries.append(Entry(request.requester_id, request.requester_country or "", "mentorship", cohort, "suggested"))
        offered = db.session.execute(
            db.select(MentorOffer.mentor_id, Profile.country)
            .join(Profile, Profile.id == MentorOffer.mentor_id)
            .where(MentorOffer.request_id == request.id, MentorOffer.offered_at.is_not(None))
        ).all()
        for mentor_id, country in offered:
            entries.append(Entry(mentor_id, country or "", "mentorship", cohort, "suggested"))
    invited = db.session.execute(
        db.select(RoundtableInvitee, Roundtable.title)
        .join(Roundtable, Roundtable.id == RoundtableInvitee.roundtable_id)
        .where(RoundtableInvitee.invited_at.is_not(None), RoundtableInvitee.profile_id.is_not(None))
    ).all()
    for invitee, title in invited:
        entries.append(Entry(invitee.profile_id, invitee.country or "", "roundtable", title, "suggested"))
    return entries


def entries(now=None) -> list[Entry]:
    now = now or utcnow()
    result = _suggested()
    for source in contributed("suggested_sources").values():
        result.extend(source())
    for found in found_connections(now):
        for pid, country in found.members:
            result.append(Entry(pid, country or "", found.kind, found.cohort, "accepted"))
    answers = db.session.execute(
        db.select(CheckIn, Connection.kind, Connection.cohort, ConnectionMember.country)
        .join(Connection, Connection.id == CheckIn.connection_id)
        .join(
            ConnectionMember,
            (ConnectionMember.connection_id == CheckIn.connection_id)
            & (ConnectionMember.profile_id == CheckIn.profile_id),
        )
        .where(CheckIn.answered_at.is_not(None))
    ).all()
    for checkin, kind, cohort, country in answers:
        base = (checkin.profile_id, country or "", kind, cohort)
        if checkin.met:
            result.append(Entry(*base, "met"))
        if checkin.outcome and checkin.outcome != "nothing":
            result.append(Entry(*base, "outcome"))
        if checkin.outcome == "reform" and checkin.artefact_url:
            result.append(Entry(*base, "reform"))
    return result


def _key(entry: Entry, by: str) -> str:
    return {"country": entry.country, "programme": entry.programme, "cohort": entry.cohort}[by]


@dataclass(frozen=True)
class Funnel:
    by: str
    totals: dict  # stage -> distinct people
    groups: list  # (group key, {stage: distinct people})


def funnel(by: str = "country", now=None) -> Funnel:
    if by not in DIMENSIONS:
        by = "country"
    people: dict[str, set] = defaultdict(set)
    grouped: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for entry in entries(now):
        people[entry.stage].add(entry.profile_id)
        grouped[_key(entry, by)][entry.stage].add(entry.profile_id)
    totals = {stage: len(people[stage]) for stage in STAGES}
    groups = [(key, {stage: len(grouped[key][stage]) for stage in STAGES}) for key in sorted(grouped)]
    return Funnel(by, totals, groups)


def shown(count: int) -> str:
    """A count as aggregates may show it: 1 to 4 people become "<5"."""
    return "<5" if 0 < count < SMALL else str(count)


def csv_rows(result: Funnel) -> list[list[str]]:
    header = [result.by, *list(STAGES)]
    rows = [header]
    for key, counts in result.groups:
        rows.append([key or "-"] + [shown(counts[stage]) for stage in STAGES])
    rows.append(["total"] + [shown(result.totals[stage]) for stage in STAGES])
    return rows


def chart(result: Funnel) -> dict:
    """Horizontal bars, one per stage, scaled to the first stage; suppressed counts draw no bar."""
    width, bar_height, gap, label_width = 560, 26, 10, 220
    largest = max(result.totals.values(), default=0) or 1
    bars = []
    for index, stage in enumerate(STAGES):
        count = result.totals[stage]
        visible = count if count >= SMALL or count == 0 else 0
        length = round((width - label_width - 60) * visible / largest, 1)
        y = index * (bar_height + gap) + 5
        bars.append(
            {
                "label": str(STAGE_LABELS[stage]),
                "count": shown(count),
                "x": label_width,
                "y": y,
                "width": length,
                "height": bar_height,
                "text_y": y + bar_height * 0.7,
                "count_x": label_width + length + 6,
            }
        )
    return {"width": width, "height": len(STAGES) * (bar_height + gap) + 10, "bars": bars, "label_x": label_width - 8}


@dataclass(frozen=True)
class NamedRow:
    name: str
    country: str
    programme: str
    cohort: str
    day: int
    met: bool | None
    outcome: str | None
    artefact_url: str | None
    story: str | None
    showcase_consent: bool


def named_rows() -> list[NamedRow]:
    rows = db.session.execute(
        db.select(CheckIn, Profile.display_name, Profile.country, Connection.kind, Connection.cohort)
        .join(Profile, Profile.id == CheckIn.profile_id)
        .join(Connection, Connection.id == CheckIn.connection_id)
        .where(CheckIn.answered_at.is_not(None))
        .order_by(CheckIn.answered_at.desc())
    ).all()
    return [
        NamedRow(
            name, country or "", kind, cohort, c.day, c.met, c.outcome, c.artefact_url, c.story, c.showcase_consent
        )
        for c, name, country, kind, cohort in rows
    ]
