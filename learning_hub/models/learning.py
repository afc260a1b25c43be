"""A learner's records: enrolments, lessons completed, quiz attempts and certificates.

Everything points at the language-free `Course` and `Lesson` rows, so progress is shared across translations, and a
sync that retires or reorders lessons leaves these rows untouched.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning_hub.extensions import db
from learning_hub.models.base import utcnow

CERTIFICATE_REVOCATION_REASONS = ("account_deleted", "revoked_by_admin")


class Enrolment(db.Model):
    __tablename__ = "enrolment"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id", name="uq_enrolment_user_id_course_id"),
        CheckConstraint("best_score IS NULL OR (best_score >= 0 AND best_score <= 100)", name="best_score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)  # set by POSTs only
    best_score: Mapped[int | None]  # best quiz score in percent
    quiz_passed_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]  # every lesson done and the quiz passed

    course: Mapped[Course] = relationship(lazy="joined")  # noqa: F821
    lesson_progress: Mapped[list[LessonProgress]] = relationship(
        back_populates="enrolment", cascade="all, delete-orphan", lazy="selectin"
    )
    attempts: Mapped[list[QuizAttempt]] = relationship(
        back_populates="enrolment", cascade="all, delete-orphan", order_by="QuizAttempt.id"
    )

    @property
    def completed_lesson_ids(self) -> set[int]:
        return {row.lesson_id for row in self.lesson_progress}


class LessonProgress(db.Model):
    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("enrolment_id", "lesson_id", name="uq_lesson_progress_enrolment_id_lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"), index=True)
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)

    enrolment: Mapped[Enrolment] = relationship(back_populates="lesson_progress")


class QuizAttempt(db.Model):
    __tablename__ = "quiz_attempt"
    __table_args__ = (
        CheckConstraint("score >= 0 AND score <= 100", name="score_range"),
        CheckConstraint("correct_count >= 0 AND correct_count <= question_count", name="counts_consistent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id", ondelete="CASCADE"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    language: Mapped[str] = mapped_column(String(8))
    answers: Mapped[dict] = mapped_column(JSON)  # {question id: [option ids chosen]}
    results: Mapped[dict] = mapped_column(JSON)  # {question id: answered fully right}
    correct_count: Mapped[int]
    question_count: Mapped[int]
    score: Mapped[int]  # percent, rounded
    passed: Mapped[bool]

    enrolment: Mapped[Enrolment] = relationship(back_populates="attempts")


class Certificate(db.Model):
    """Issued on completion. The holder's name and the course title are copied at issue time: a certificate says what
    was true that day. `user_id` becomes NULL and the name is removed when the account is deleted (docs/PRIVACY.md)."""

    __tablename__ = "certificate"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id", name="uq_certificate_user_id_course_id"),
        CheckConstraint(
            "revoked_reason IS NULL OR revoked_reason IN ('account_deleted', 'revoked_by_admin')",
            name="known_revoked_reason",
        ),
        CheckConstraint("(revoked_at IS NULL) = (revoked_reason IS NULL)", name="revoked_with_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # 120 random bits, base32 in groups of four
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    holder_name: Mapped[str | None] = mapped_column(String(120))
    course_title: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(40))

    course: Mapped[Course] = relationship(lazy="joined")  # noqa: F821

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
