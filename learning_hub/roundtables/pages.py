"""What the organisers' roundtable page shows, assembled read-only: the list with each person's relevance and reason,
the waiting list, answers, quota coverage (table and chart), composition, and the latest sending job."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from learning_hub import jobs
from learning_hub.extensions import db
from learning_hub.models import Profile, Roundtable, RoundtableInvitee
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


def _public_quota_rows(roundtable: Roundtable) -> list[q.QuotaRow]:
    return [row for row in q.rows_of(roundtable.quotas) if not row.is_private]


def _counts_toward(rows: list[q.QuotaRow], seats: int, row: RoundtableInvitee, profile: Profile | None) -> list[str]:
    """The country, sector and partner quotas this person counts toward (gender quotas are never listed per person)."""
    country = (profile.country if profile else row.country) or ""
    sector = (profile.sector if profile else row.sector) or ""
    out = []
    for quota in rows:
        value = quota.engine_value.casefold()
        if (quota.column == "country" and country.casefold() == value) or (
            quota.column == "sector" and sector.casefold() == value
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
    words = [q.restate(row, roundtable.seats) for row in q.rows_of(roundtable.quotas)]
    if roundtable.max_per_country:
        words.append(q.restate_max_per(roundtable.max_per_country))
    return Overview(
        roundtable=roundtable,
        invitees=invitees,
        substitutes=substitutes,
        excluded=[profiles[pid] for pid in roundtable.excludes or [] if pid in profiles],
        answers={state: answers.get(state, 0) for state in ("none", "pending", "accepted", "declined", "withdrawn")},
        free_seats=invitations.free_seats(roundtable),
        quota_lines=quota_lines,
        chart=coverage.chart(quota_lines, roundtable.seats),
        composition=coverage.composition(roundtable),
        job=jobs.latest_job(f"roundtable:{roundtable.id}"),
        when=times.when(roundtable.starts_at, roundtable.time_zone),
        deadline=times.when(roundtable.invitation_deadline, roundtable.time_zone),
        quota_words=words,
    )
