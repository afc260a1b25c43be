"""What the organisers' roundtable page shows, assembled read-only: the list with each person's relevance and reason,
the waiting list, answers, quota coverage (table and chart), composition, and the latest sending job; for a fair
lottery, every eligible person's chance and invitations earlier in the series, and the statement invitees read."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import format_date, format_percent

from learning_hub import jobs
from learning_hub.extensions import db
from learning_hub.models import Profile, Roundtable, RoundtableInvitee
from learning_hub.models.roundtable import Rsvp
from learning_hub.roundtables import coverage, invitations, times
from learning_hub.roundtables import quotas as q
from matching import detect_language


@dataclass(frozen=True)
class Line:
    """One person on the list as the organiser sees them. No gender: it is never shown per person."""

    row: RoundtableInvitee
    profile: Profile | None
    counts_toward: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.profile.display_name if self.profile else ""

    @property
    def language(self) -> str:
        """The language of the quoted sentence ("und" when unsure): a Spanish challenge can meet an English topic."""
        return detect_language(self.row.excerpt) if self.row.excerpt else "und"


@dataclass(frozen=True)
class Chance:
    """One eligible person in a fair lottery, as the organiser sees them: their chance of the seat drawn, their
    invitations earlier in the series, and past + chance."""

    profile_id: int
    name: str
    probability: float
    past: int
    drawn: bool

    @property
    def cumulative(self) -> float:
        return self.past + self.probability

    @property
    def percent(self) -> str:
        return percent(self.probability)


def percent(value: float) -> str:
    """A probability as a percentage in the reader's locale, one decimal (12.5 %, 12,5 %...)."""
    return format_percent(value, "#,##0.0%")


def chances(roundtable: Roundtable) -> list[Chance]:
    """Every eligible person of the last draw, the largest chance first (then fewer past invitations, then name)."""
    draw = roundtable.draw or {}
    probabilities = draw.get("probabilities") or {}
    if not probabilities:
        return []
    ids = [int(pid) for pid in probabilities if pid.isdigit()]  # erased people are "erased-N"
    names = dict(db.session.execute(db.select(Profile.id, Profile.display_name).where(Profile.id.in_(ids))).all())
    past, drawn = draw.get("past") or {}, set(draw.get("panel") or [])
    out = [
        Chance(
            int(pid) if pid.isdigit() else 0,
            names.get(int(pid), "") if pid.isdigit() else "",
            float(p),
            int(past.get(pid, 0)),
            pid in drawn,
        )
        for pid, p in probabilities.items()
    ]
    return sorted(out, key=lambda c: (-c.probability, c.past, c.name, c.profile_id))


@dataclass(frozen=True)
class Statement:
    """How a fair draw was made, as invitees may read it: no name or other personal data of anyone else."""

    seed: int
    drawn_on: str
    eligible: int
    drawn: list[str]  # the chances of the people drawn, largest first, as percentages
    own: str | None  # the reader's own chance, when they were eligible
    from_waiting_list: bool
    series: str | None
    number: int
    seats: int


def _draw_date(draw: dict | None) -> str:
    if not draw or not draw.get("drawn_at"):
        return ""
    return format_date(datetime.fromisoformat(draw["drawn_at"]).date(), "long")


def statement(roundtable: Roundtable, invitee: RoundtableInvitee) -> Statement | None:
    draw = roundtable.draw or {}
    probabilities = draw.get("probabilities") or {}
    if not probabilities or "seed" not in draw:
        return None
    panel = draw.get("panel") or []
    own = probabilities.get(str(invitee.profile_id)) if invitee.profile_id else None
    return Statement(
        seed=int(draw["seed"]),
        drawn_on=_draw_date(draw),
        eligible=int(draw.get("eligible", len(probabilities))),
        drawn=[percent(p) for p in sorted((float(probabilities.get(pid, 0.0)) for pid in panel), reverse=True)],
        own=percent(float(own)) if own is not None else None,
        from_waiting_list=invitee.promoted_at is not None or str(invitee.profile_id) not in set(panel),
        series=roundtable.series or None,
        number=int(draw.get("number", 1)),
        seats=roundtable.seats,
    )


@dataclass
class Overview:
    roundtable: Roundtable
    invitees: list[Line]
    substitutes: list[Line]
    excluded: list[Profile]
    answers: dict
    free_seats: int
    quota_lines: list
    chart: dict
    composition: dict
    job: object
    when: dict
    deadline: dict
    quota_words: list[str]
    chances: list[Chance] = field(default_factory=list)
    draw_date: str = ""
    min_chance: str = ""
    default_no_show: str = ""


def _public_quota_rows(roundtable: Roundtable) -> list[q.QuotaRow]:
    return [row for row in q.rows_of(roundtable.quotas) if not row.is_private]


def _counts_toward(rows: list[q.QuotaRow], seats: int, row: RoundtableInvitee, profile: Profile | None) -> list[str]:
    """The country, sector, side and partner quotas this person counts toward (gender quotas are never listed per
    person)."""
    country = (profile.country if profile else row.country) or ""
    sector = (profile.sector if profile else row.sector) or ""
    out = []
    for quota in rows:
        value = quota.engine_value.casefold()
        if (
            (quota.column == "country" and country.casefold() == value)
            or (quota.column == "sector" and sector.casefold() == value)
            or (quota.column == "side" and q.side_of(sector) == value)
        ):
            out.append(q.group_title(quota))
    return out


def overview(roundtable: Roundtable) -> Overview:
    rows = list(
        db.session.scalars(
            db.select(RoundtableInvitee)
            .where(RoundtableInvitee.roundtable_id == roundtable.id)
            .order_by(
                RoundtableInvitee.promoted_at.is_not(None),
                RoundtableInvitee.promoted_at,
                RoundtableInvitee.rank,
                RoundtableInvitee.id,
            )
        )
    )
    ids = [r.profile_id for r in rows if r.profile_id] + list(roundtable.excludes or [])
    profiles = {p.id: p for p in db.session.scalars(db.select(Profile).where(Profile.id.in_(ids)))} if ids else {}
    public_rows = _public_quota_rows(roundtable)

    def line(row):
        profile = profiles.get(row.profile_id)
        return Line(row, profile, _counts_toward(public_rows, roundtable.seats, row, profile))

    invitees = [line(r) for r in rows if r.list_role == "invitee"]
    substitutes = sorted((line(r) for r in rows if r.list_role == "substitute"), key=lambda x: (x.row.rank, x.row.id))
    answers = Counter(r.rsvp for r in rows if r.list_role == "invitee")
    quota_lines = coverage.quota_lines(roundtable)
    listed_chances = chances(roundtable)
    words = [q.restate(row, roundtable.seats) for row in q.rows_of(roundtable.quotas)]
    if roundtable.max_per_country:
        words.append(q.restate_max_per(roundtable.max_per_country))
    return Overview(
        roundtable=roundtable,
        invitees=invitees,
        substitutes=substitutes,
        excluded=[profiles[pid] for pid in roundtable.excludes or [] if pid in profiles],
        answers={answer.value: answers.get(answer.value, 0) for answer in Rsvp},
        free_seats=invitations.free_seats(roundtable),
        quota_lines=quota_lines,
        chart=coverage.chart(quota_lines, roundtable.seats),
        composition=coverage.composition(roundtable),
        job=jobs.latest_job(f"roundtable:{roundtable.id}"),
        when=times.when(roundtable.starts_at, roundtable.time_zone),
        deadline=times.when(roundtable.invitation_deadline, roundtable.time_zone),
        quota_words=words,
        chances=listed_chances,
        draw_date=_draw_date(roundtable.draw),
        min_chance=percent(min(c.probability for c in listed_chances)) if listed_chances else "",
        default_no_show=percent(float((roundtable.draw or {}).get("no_show", {}).get("default_rate", 0.0))),
    )
