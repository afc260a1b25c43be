"""Scored review panels and the two things reviewed with them.

The core (`ReviewPanel`): criteria with weights, the reviewers a coordinator picked, the items under review, the
conflicts of interest, the assignments of reviewers to items and each reviewer's scores. Recognition rounds (reform
stories nominated for recognition) and calls for experts (applications for technical assistance) each own one
panel; nothing in the core knows which.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning_hub.extensions import db
from learning_hub.models.base import StringList, TimestampMixin, utcnow


def _in(column: str, enum_class) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in enum_class)})"


class PanelKind(enum.StrEnum):
    RECOGNITION = "recognition"
    CALL = "call"


class ConflictSource(enum.StrEnum):
    DECLARED = "declared"  # the reviewer said so
    DETECTED = "detected"  # same country or organisation, or the reviewer is party to the item


class ReviewPanel(TimestampMixin, db.Model):
    __tablename__ = "review_panel"
    __table_args__ = (CheckConstraint(_in("kind", PanelKind), name="known_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    per_item: Mapped[int] = mapped_column(default=2)  # reviewers per item
    assigned_at: Mapped[datetime | None]

    criteria: Mapped[list[ReviewCriterion]] = relationship(
        cascade="all, delete-orphan", order_by="ReviewCriterion.position", lazy="selectin"
    )
    reviewers: Mapped[list[PanelReviewer]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    items: Mapped[list[ReviewItem]] = relationship(cascade="all, delete-orphan", order_by="ReviewItem.id")

    @property
    def reviewer_ids(self) -> list[int]:
        return sorted(r.user_id for r in self.reviewers)


class ReviewCriterion(db.Model):
    __tablename__ = "review_criterion"
    __table_args__ = (CheckConstraint("weight > 0", name="positive_weight"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("review_panel.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    weight: Mapped[int] = mapped_column(default=1)
    position: Mapped[int] = mapped_column(default=0)


class PanelReviewer(db.Model):
    __tablename__ = "review_panel_reviewer"

    panel_id: Mapped[int] = mapped_column(ForeignKey("review_panel.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)

    user = relationship("User")


class ReviewItem(db.Model):
    """One thing under review (a nomination, an application); its owner row points here."""

    __tablename__ = "review_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("review_panel.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(12))  # what reviewers call it ("N-3"): never a name

    assignments: Mapped[list[ReviewAssignmentRow]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ReviewAssignmentRow.id"
    )


class ReviewConflict(db.Model):
    __tablename__ = "review_conflict"
    __table_args__ = (
        UniqueConstraint("item_id", "user_id", name="uq_review_conflict"),
        CheckConstraint(_in("source", ConflictSource), name="known_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("review_item.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(10), default=ConflictSource.DECLARED)
    reason: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReviewAssignmentRow(db.Model):
    __tablename__ = "review_assignment"
    __table_args__ = (UniqueConstraint("item_id", "reviewer_id", name="uq_review_assignment"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("review_item.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    comment: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None]

    item: Mapped[ReviewItem] = relationship(back_populates="assignments")
    scores: Mapped[list[ReviewScore]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    reviewer = relationship("User")


class ReviewScore(db.Model):
    __tablename__ = "review_score"
    __table_args__ = (
        UniqueConstraint("assignment_id", "criterion_id", name="uq_review_score"),
        CheckConstraint("score >= 0 AND score <= 10", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("review_assignment.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("review_criterion.id", ondelete="CASCADE"))
    score: Mapped[int]


# --- recognition rounds


class RoundState(enum.StrEnum):
    NOMINATING = "nominating"
    REVIEWING = "reviewing"
    DECIDED = "decided"


class RecognitionRound(TimestampMixin, db.Model):
    __tablename__ = "recognition_round"
    __table_args__ = (CheckConstraint(_in("state", RoundState), name="known_state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("review_panel.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    areas: Mapped[list[str]] = mapped_column(StringList, default=list)  # keys of showcase.vocab.PROGRAMME_AREAS
    opens_on: Mapped[date]
    closes_on: Mapped[date]  # last day for nominations
    state: Mapped[str] = mapped_column(String(12), default=RoundState.NOMINATING)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]

    panel: Mapped[ReviewPanel] = relationship(cascade="all, delete-orphan", single_parent=True, lazy="selectin")
    nominations: Mapped[list[Nomination]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="Nomination.id"
    )


class Nomination(db.Model):
    __tablename__ = "recognition_nomination"
    __table_args__ = (UniqueConstraint("round_id", "story_id", name="uq_recognition_nomination"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("recognition_round.id", ondelete="CASCADE"), index=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("showcase_story.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("review_item.id", ondelete="CASCADE"), unique=True)
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    statement: Mapped[str] = mapped_column(Text)
    winner: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    round: Mapped[RecognitionRound] = relationship(back_populates="nominations")
    story = relationship("ShowcaseStory")
    item: Mapped[ReviewItem] = relationship()


# --- calls for experts


class CallState(enum.StrEnum):
    OPEN = "open"
    REVIEWING = "reviewing"
    DECIDED = "decided"


class ApplicationState(enum.StrEnum):
    SUBMITTED = "submitted"
    AWARDED = "awarded"
    NOT_AWARDED = "not_awarded"


class ExpertCall(TimestampMixin, db.Model):
    __tablename__ = "expert_call"
    __table_args__ = (CheckConstraint(_in("state", CallState), name="known_state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("review_panel.id", ondelete="CASCADE"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    terms: Mapped[str] = mapped_column(Text)  # terms of reference
    deliverables: Mapped[str] = mapped_column(Text)
    languages: Mapped[list[str]] = mapped_column(StringList, default=list)
    budget_ceiling: Mapped[int]  # whole units of `currency`
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    deadline: Mapped[date]
    state: Mapped[str] = mapped_column(String(12), default=CallState.OPEN)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    panel: Mapped[ReviewPanel] = relationship(cascade="all, delete-orphan", single_parent=True, lazy="selectin")
    applications: Mapped[list[CallApplication]] = relationship(
        back_populates="call",
        cascade="all, delete-orphan",
        order_by="CallApplication.id",
    )

    @property
    def awarded(self) -> CallApplication | None:
        return next((a for a in self.applications if a.state == ApplicationState.AWARDED), None)


class CallApplication(db.Model):
    __tablename__ = "expert_application"
    __table_args__ = (
        UniqueConstraint("call_id", "applicant_id", name="uq_expert_application"),
        CheckConstraint(_in("state", ApplicationState), name="known_state"),
        CheckConstraint("fee >= 0", name="fee_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("expert_call.id", ondelete="CASCADE"), index=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("review_item.id", ondelete="CASCADE"), unique=True)
    organisation: Mapped[str | None] = mapped_column(String(200))  # the partner organisation applied for, if any
    proposal: Mapped[str] = mapped_column(Text)
    fee: Mapped[int]  # whole units of the call's currency
    state: Mapped[str] = mapped_column(String(12), default=ApplicationState.SUBMITTED)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    call: Mapped[ExpertCall] = relationship(back_populates="applications")
    applicant = relationship("User")
    item: Mapped[ReviewItem] = relationship()

    @property
    def is_awarded(self) -> bool:
        return self.state == ApplicationState.AWARDED
