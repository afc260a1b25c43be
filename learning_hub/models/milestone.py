"""The applied milestone that ends a course, and its peer review.

A learner who completed a course submits the milestone once (text and an optional link); the engine assigns a
reviewer from another country whose own work fits. A review is "open" until it is completed or released (its 14 days
ran out and the submission went to someone else). The certificate states the milestone and its review; the work
itself appears there only if its author chose so (`show_on_certificate`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning_hub.extensions import db
from learning_hub.models.base import utcnow

RUBRIC_LEVELS = ("not_met", "partly", "met")


class MilestoneSubmission(db.Model):
    __tablename__ = "milestone_submission"
    __table_args__ = (UniqueConstraint("user_id", "course_id", name="uq_milestone_submission_user_id_course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))  # the language it is written in (the reviewer must read it)
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(500))
    show_on_certificate: Mapped[bool] = mapped_column(default=False)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_at: Mapped[datetime | None]  # when a review was completed

    course: Mapped[Course] = relationship(lazy="joined")  # noqa: F821
    user: Mapped[User] = relationship()  # noqa: F821
    reviews: Mapped[list[MilestoneReview]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="MilestoneReview.id"
    )

    @property
    def open_review(self) -> MilestoneReview | None:
        return next((review for review in self.reviews if review.is_open), None)

    @property
    def completed_review(self) -> MilestoneReview | None:
        return next((review for review in self.reviews if review.completed_at is not None), None)


class MilestoneReview(db.Model):
    __tablename__ = "milestone_review"
    __table_args__ = (
        CheckConstraint("NOT (completed_at IS NOT NULL AND released_at IS NOT NULL)", name="completed_or_released"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("milestone_submission.id", ondelete="CASCADE"), index=True)
    # NULL once the reviewer deletes their account; the country stays so the certificate can still say who reviewed.
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    reviewer_country: Mapped[str] = mapped_column(String(2))
    fit: Mapped[float | None]  # the engine's fit between the submission and the reviewer's own work
    fit_reason: Mapped[str] = mapped_column(Text, default="")
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime]
    reminded_at: Mapped[datetime | None]  # the "due soon" reminder, sent once
    released_at: Mapped[datetime | None]  # overdue: handed to another reviewer
    completed_at: Mapped[datetime | None]
    scores: Mapped[dict] = mapped_column(JSON, default=dict)  # {criterion id: not_met | partly | met}
    comment: Mapped[str] = mapped_column(Text, default="")

    submission: Mapped[MilestoneSubmission] = relationship(back_populates="reviews")
    reviewer: Mapped[User | None] = relationship()  # noqa: F821

    @property
    def is_open(self) -> bool:
        return self.completed_at is None and self.released_at is None
