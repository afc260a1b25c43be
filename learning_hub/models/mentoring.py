"""Mentoring: requests and the mentorships they become, the offers that cascade through a requester's chosen
mentors, each mentor's live load, feedback, private goals and notes, and coordinators' cohort assignments.

A request and its mentorship are one row (`mentoring_request`) whose state moves through RequestState; the allowed
moves are spelled out in learning_hub/mentoring/states.py. Invariants that must hold under concurrency live here:
- one pending offer per request at most (a partial unique index);
- a mentor's active mentorships never exceed their capacity: `mentor_load.active` only grows through an atomic
  `UPDATE ... WHERE active < capacity` (learning_hub/mentoring/seats.py), and never drops below zero (a check).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning_hub.extensions import db
from learning_hub.models.base import StringList, TimestampMixin, utcnow
from learning_hub.models.job import COMPUTATION_STATUSES, FINISHED_COMPUTATION_STATUSES, ComputationStatus


class RequestState(enum.StrEnum):
    DRAFT = "draft"  # written, suggestions shown, no mentor chosen yet
    PENDING = "pending"  # waiting for the answer of the mentor whose offer is pending
    QUEUED = "queued"  # nobody accepted (or nobody was chosen): in the coordinators' queue
    ACTIVE = "active"  # accepted: a mentorship
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    WITHDRAWN = "withdrawn"  # the requester took it back before anyone accepted


class OfferState(enum.StrEnum):
    WAITING = "waiting"  # a later choice, not reached yet
    PENDING = "pending"  # sent to the mentor, answer due by `due_at`
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"  # no answer in time: passed on
    SKIPPED = "skipped"  # reached while the mentor was paused, full, unlisted or gone
    CLOSED = "closed"  # the request ended otherwise (withdrawn, or accepted by an earlier choice)


SIDES = ("mentee", "mentor")
NOTE_KINDS = ("goal", "note")
OFFER_ORIGINS = ("requester", "coordinator")
ASSIGNMENT_STATUSES = COMPUTATION_STATUSES  # learning_hub/computations.py
ROW_STATES = ("proposed", "dropped", "published", "stale")


def _in(column: str, values) -> str:
    values = [v.value if isinstance(v, enum.Enum) else v for v in values]
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class MentoringRequest(TimestampMixin, db.Model):
    __tablename__ = "mentoring_request"
    __table_args__ = (
        CheckConstraint(_in("state", RequestState), name="known_state"),
        CheckConstraint("closed_by IS NULL OR " + _in("closed_by", (*SIDES, "system")), name="known_closed_by"),
        Index("ix_mentoring_request_state_queued", "state", "queued_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL once the person deleted their account (the row stays, anonymised, in the coordinators' figures).
    requester_id: Mapped[int | None] = mapped_column(ForeignKey("profile.id", ondelete="SET NULL"), index=True)
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("profile.id", ondelete="SET NULL"), index=True)
    state: Mapped[str] = mapped_column(String(12), default=RequestState.DRAFT.value, index=True)
    need: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[list] = mapped_column(StringList, default=list)
    preferred_countries: Mapped[list] = mapped_column(StringList, default=list)
    excluded_countries: Mapped[list] = mapped_column(StringList, default=list)
    requester_country: Mapped[str | None] = mapped_column(String(2))  # snapshot for the report
    submitted_at: Mapped[datetime | None]
    queued_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(8))
    close_reason: Mapped[str | None] = mapped_column(Text)

    requester: Mapped[Profile | None] = relationship(foreign_keys=[requester_id])  # noqa: F821
    mentor: Mapped[Profile | None] = relationship(foreign_keys=[mentor_id])  # noqa: F821
    offers: Mapped[list[MentorOffer]] = relationship(
        back_populates="request", cascade="all, delete-orphan", passive_deletes=True, order_by="MentorOffer.position"
    )
    feedback: Mapped[list[MentorshipFeedback]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="MentorshipFeedback.id"
    )
    notes: Mapped[list[MentorshipNote]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="MentorshipNote.id"
    )

    @property
    def is_mentorship(self) -> bool:
        return self.state in (RequestState.ACTIVE.value, RequestState.COMPLETED.value, RequestState.CANCELLED.value)

    @property
    def pending_offer(self) -> MentorOffer | None:
        return next((o for o in self.offers if o.state == OfferState.PENDING.value), None)

    def side_of(self, profile_id: int | None) -> str | None:
        if profile_id is None:
            return None
        if profile_id == self.requester_id:
            return "mentee"
        if profile_id == self.mentor_id:
            return "mentor"
        return None

    def feedback_of(self, side: str) -> MentorshipFeedback | None:
        return next((f for f in self.feedback if f.side == side), None)


class MentorOffer(db.Model):
    """One hop of a request's cascade: the request offered to one mentor, in the requester's order of choice."""

    __tablename__ = "mentor_offer"
    __table_args__ = (
        CheckConstraint(_in("state", OfferState), name="known_state"),
        CheckConstraint(_in("origin", OFFER_ORIGINS), name="known_origin"),
        CheckConstraint("position >= 1", name="position_positive"),
        UniqueConstraint("request_id", "position", name="uq_mentor_offer_request_position"),
        UniqueConstraint("request_id", "mentor_id", name="uq_mentor_offer_request_mentor"),
        # The cascade asks one mentor at a time.
        Index(
            "uq_mentor_offer_one_pending",
            "request_id",
            unique=True,
            sqlite_where=text("state = 'pending'"),
            postgresql_where=text("state = 'pending'"),
        ),
        Index("ix_mentor_offer_due", "state", "due_at"),
        Index("ix_mentor_offer_mentor_state", "mentor_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("mentoring_request.id", ondelete="CASCADE"))
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("profile.id", ondelete="SET NULL"))
    position: Mapped[int]
    origin: Mapped[str] = mapped_column(String(12), default="requester")
    state: Mapped[str] = mapped_column(String(10), default=OfferState.WAITING.value)
    # Why the engine suggested this mentor, kept as shown to the requester (the mentor sees it too).
    score: Mapped[float | None]
    experience_excerpt: Mapped[str | None] = mapped_column(Text)
    need_excerpt: Mapped[str | None] = mapped_column(Text)
    terms: Mapped[list] = mapped_column(StringList, default=list)
    # sha256 of the emailed accept/decline token; set while the offer is pending, cleared when it is answered.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    offered_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(Text)  # the mentor's optional reason for declining

    request: Mapped[MentoringRequest] = relationship(back_populates="offers")
    mentor: Mapped[Profile | None] = relationship()  # noqa: F821


class MentorLoad(db.Model):
    """A mentor's active mentorships, kept by atomic updates so that concurrent accepts cannot exceed capacity."""

    __tablename__ = "mentor_load"
    __table_args__ = (CheckConstraint("active >= 0", name="active_not_negative"),)

    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), primary_key=True)
    active: Mapped[int] = mapped_column(default=0)


class MentorshipFeedback(db.Model):
    """One side's 1-5 rating and comment on a finished mentorship, for the coordinators (not shown to the other)."""

    __tablename__ = "mentoring_feedback"
    __table_args__ = (
        CheckConstraint(_in("side", SIDES), name="known_side"),
        CheckConstraint("rating >= 1 AND rating <= 5", name="rating_range"),
        UniqueConstraint("request_id", "side", name="uq_mentoring_feedback_request_side"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("mentoring_request.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("profile.id", ondelete="SET NULL"), index=True)
    side: Mapped[str] = mapped_column(String(8))
    rating: Mapped[int]
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MentorshipNote(db.Model):
    """A goal or a meeting note, private to the mentorship's two people."""

    __tablename__ = "mentoring_note"
    __table_args__ = (CheckConstraint(_in("kind", NOTE_KINDS), name="known_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("mentoring_request.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("profile.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    met_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[Profile | None] = relationship()  # noqa: F821


class MentorAssignment(db.Model):
    """A coordinator's proposal for the whole queue at once (matching.assign_mentors), reviewed then published."""

    __tablename__ = "mentoring_assignment"
    __table_args__ = (CheckConstraint(_in("status", ASSIGNMENT_STATUSES), name="known_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(10), default=ComputationStatus.PENDING.value, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"))
    report: Mapped[dict] = mapped_column(JSON, default=dict)  # the engine's figures (AssignmentResult.report)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]

    job: Mapped[Job | None] = relationship()  # noqa: F821
    rows: Mapped[list[MentorAssignmentRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="MentorAssignmentRow.id"
    )

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_COMPUTATION_STATUSES


class MentorAssignmentRow(db.Model):
    __tablename__ = "mentoring_assignment_row"
    __table_args__ = (
        CheckConstraint(_in("state", ROW_STATES), name="known_state"),
        UniqueConstraint("assignment_id", "request_id", name="uq_mentoring_assignment_row_request"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("mentoring_assignment.id", ondelete="CASCADE"))
    request_id: Mapped[int] = mapped_column(ForeignKey("mentoring_request.id", ondelete="CASCADE"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(10), default="proposed")
    score: Mapped[float]
    need_excerpt: Mapped[str | None] = mapped_column(Text)
    experience_excerpt: Mapped[str | None] = mapped_column(Text)
    terms: Mapped[list] = mapped_column(StringList, default=list)

    request: Mapped[MentoringRequest] = relationship()
    mentor: Mapped[Profile] = relationship()  # noqa: F821
