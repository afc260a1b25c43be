"""Roundtables: an organiser's event, the list of people the engine chose for it, and their answers.

The seat invariant lives in the database: `seats_taken` counts accepted invitations, a check constraint keeps it
within `seats`, and an acceptance takes its seat with one atomic `UPDATE ... WHERE seats_taken < seats`
(learning_hub/roundtables/rsvp.py), so concurrent accepts can never fill more seats than there are.

Times are stored as naive UTC (one convention for SQLite and PostgreSQL) next to the IANA zone name the organiser
chose, so pages can show the local time and UTC. People on the list keep a snapshot of their country and sector: when
someone deletes their account, the row stays in the organisers' history as an anonymous attendance (the profile link
becomes NULL) and the figures still add up. Gender is never copied here: it is read from the profile, in aggregate.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning_hub.extensions import db
from learning_hub.models.base import StringList, TimestampMixin, utcnow

ROUNDTABLE_STATUSES = ("planning", "inviting")  # planning: the list may change; inviting: invitations are out
FORMATS = ("virtual", "in_person")
LIST_ROLES = ("invitee", "substitute")  # the engine's "invited" and "waitlist"


class Rsvp(enum.StrEnum):
    """An invitee's answer: NONE (on the list, no invitation sent yet), PENDING (invited, no answer), ACCEPTED,
    DECLINED, WITHDRAWN (the person left the platform, or an unsent invitation was withdrawn)."""

    NONE = "none"
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


RSVP_STATES = tuple(answer.value for answer in Rsvp)
HOLDING_STATES = (Rsvp.NONE, Rsvp.PENDING, Rsvp.ACCEPTED)  # an invitee holding or offered a seat
# relevance: the most relevant quota-feasible list; lottery: a panel drawn from the engine's fair lottery.
SELECTIONS = ("relevance", "lottery")


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Roundtable(TimestampMixin, db.Model):
    __tablename__ = "roundtable"
    __table_args__ = (
        CheckConstraint(_in("status", ROUNDTABLE_STATUSES), name="known_status"),
        CheckConstraint(_in("format", FORMATS), name="known_format"),
        CheckConstraint("seats >= 1 AND seats <= 500", name="seats_range"),
        CheckConstraint("seats_taken >= 0 AND seats_taken <= seats", name="seats_taken_within_seats"),
        CheckConstraint("duration_minutes >= 15 AND duration_minutes <= 1440", name="duration_range"),
        CheckConstraint("invitation_deadline <= starts_at", name="deadline_before_start"),
        CheckConstraint("format = 'virtual' OR location IS NOT NULL", name="in_person_has_location"),
        CheckConstraint(_in("selection", SELECTIONS), name="known_selection"),
        Index("ix_roundtable_starts_at", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(Text)  # what the engine ranks people against
    starts_at: Mapped[datetime]  # naive UTC
    time_zone: Mapped[str] = mapped_column(String(64))  # IANA name, e.g. "Africa/Nairobi"
    duration_minutes: Mapped[int] = mapped_column(default=90)
    format: Mapped[str] = mapped_column(String(10), default="virtual")
    location: Mapped[str | None] = mapped_column(String(300))  # a venue, or a meeting link for a virtual one
    seats: Mapped[int]
    seats_taken: Mapped[int] = mapped_column(default=0)  # accepted invitations: see the module docstring
    invitation_deadline: Mapped[datetime]  # naive UTC; answers after it are refused
    # [{"kind": "country"|"sector"|"gender"|"partner"|"side", "value": str, "min": "2"|"40%"|"", "max": ...}]
    quotas: Mapped[list] = mapped_column(JSON, default=list)
    max_per_country: Mapped[int | None]
    pins: Mapped[list] = mapped_column(JSON, default=list)  # profile ids kept on the list by every regeneration
    excludes: Mapped[list] = mapped_column(JSON, default=list)  # profile ids never listed
    status: Mapped[str] = mapped_column(String(10), default="planning", index=True)
    # Roundtables with the same series name share their invitation history (fair lotteries across the series).
    series: Mapped[str | None] = mapped_column(String(120), index=True)
    selection: Mapped[str] = mapped_column(String(10), default="relevance", server_default="relevance")
    # The last fair draw: {"seed", "drawn_at", "engine", "eligible", "probabilities" {profile id: p}, "past"
    # {profile id: invitations earlier in the series}, figures...}; {} for a most-relevant list.
    draw: Mapped[dict] = mapped_column(JSON, default=dict)
    sequence: Mapped[int] = mapped_column(default=0)  # iCalendar SEQUENCE: bumped when the date or place change
    # The engine's figures for the last list (mean relevance, seconds, people left out...).
    report: Mapped[dict] = mapped_column(JSON, default=dict)
    engine_version: Mapped[str | None] = mapped_column(String(40))
    encoder: Mapped[str | None] = mapped_column(String(200))
    generated_at: Mapped[datetime | None]
    invitations_sent_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    created_by: Mapped[User | None] = relationship()  # noqa: F821
    people: Mapped[list[RoundtableInvitee]] = relationship(
        back_populates="roundtable", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_lottery(self) -> bool:
        return self.selection == "lottery"

    @property
    def is_planning(self) -> bool:
        return self.status == "planning"

    def deadline_passed(self, now: datetime | None = None) -> bool:
        return (now or utcnow()) > self.invitation_deadline

    def is_past(self, now: datetime | None = None) -> bool:
        return (now or utcnow()) >= self.starts_at

    def __repr__(self) -> str:
        return f"<Roundtable {self.id} {self.title!r} {self.status}>"


class RoundtableInvitee(db.Model):
    """One person on a roundtable's list: an invitee (holding or offered a seat) or a substitute on the waiting list."""

    __tablename__ = "roundtable_invitee"
    __table_args__ = (
        UniqueConstraint("roundtable_id", "profile_id", name="uq_roundtable_invitee_roundtable_id_profile_id"),
        CheckConstraint(_in("list_role", LIST_ROLES), name="known_list_role"),
        CheckConstraint(_in("rsvp", RSVP_STATES), name="known_rsvp"),
        # A substitute has not been invited: promotion makes them an invitee first.
        CheckConstraint("list_role = 'invitee' OR rsvp IN ('none', 'withdrawn')", name="substitutes_not_invited"),
        CheckConstraint("reminder_count >= 0", name="reminder_count_positive"),
        Index("ix_roundtable_invitee_list", "roundtable_id", "list_role", "rsvp"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    roundtable_id: Mapped[int] = mapped_column(ForeignKey("roundtable.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int | None] = mapped_column(ForeignKey("profile.id", ondelete="SET NULL"), index=True)
    list_role: Mapped[str] = mapped_column(String(12))
    rank: Mapped[int]  # the engine's rank within its list (invitees, or the waiting list's order of promotion)
    relevance: Mapped[float] = mapped_column(default=0.0)
    pinned: Mapped[bool] = mapped_column(default=False)
    excerpt: Mapped[str] = mapped_column(Text, default="")  # the sentence of their text that matched the topic
    terms: Mapped[list] = mapped_column(StringList, default=list)  # key terms shared with the topic
    country: Mapped[str | None] = mapped_column(String(2))  # snapshots: see the module docstring
    sector: Mapped[str | None] = mapped_column(String(40))
    rsvp: Mapped[str] = mapped_column(String(10), default="none")
    # Random part of the signed accept/decline link (roundtables/rsvp.py); NULL until invited, cleared on erasure.
    rsvp_nonce: Mapped[str | None] = mapped_column(String(32))
    invited_at: Mapped[datetime | None]
    responded_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    reminder_count: Mapped[int] = mapped_column(default=0)
    promoted_at: Mapped[datetime | None]  # when a substitute took a declined seat
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    roundtable: Mapped[Roundtable] = relationship(back_populates="people")
    profile: Mapped[Profile | None] = relationship()  # noqa: F821

    @property
    def holds_seat(self) -> bool:
        """Holding or offered a seat: counts toward the quotas of the current list."""
        return self.list_role == "invitee" and self.rsvp in HOLDING_STATES

    def __repr__(self) -> str:
        return f"<RoundtableInvitee {self.id} rt={self.roundtable_id} p={self.profile_id} {self.list_role} {self.rsvp}>"
