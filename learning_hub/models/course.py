"""Course content loaded from courses/<slug>/ by `flask courses sync`.

Rows are keyed by slug and never deleted by a sync: a course or lesson that leaves the folder is retired
(`retired_at`), so that enrolments, lesson progress and certificates that point at it keep their meaning. Text lives
in per-language rows (`CourseText`, `LessonText`), the original language included, so that a translation is simply
another row and progress, which points at the language-free `Course` and `Lesson`, is shared across translations.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning_hub.extensions import db
from learning_hub.models.base import TimestampMixin

COURSE_LEVELS = ("introductory", "intermediate", "advanced")


class Course(TimestampMixin, db.Model):
    __tablename__ = "course"
    __table_args__ = (
        CheckConstraint("level IN ('introductory', 'intermediate', 'advanced')", name="known_level"),
        CheckConstraint("pass_mark >= 1 AND pass_mark <= 100", name="pass_mark_range"),
        CheckConstraint("estimated_minutes >= 1", name="positive_minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    language: Mapped[str] = mapped_column(String(8))  # the original's language; translations are extra CourseText rows
    level: Mapped[str] = mapped_column(String(20))
    estimated_minutes: Mapped[int]
    pass_mark: Mapped[int]  # percent of questions answered fully right
    # The quiz's language-free structure: [{"id", "type", "options": [{"id", "correct"}]}], in order.
    quiz: Mapped[list] = mapped_column(JSON, default=list)
    retired_at: Mapped[datetime | None]  # the folder left courses/: hidden from the catalogue, records kept

    texts: Mapped[list[CourseText]] = relationship(
        back_populates="course", cascade="all, delete-orphan", lazy="selectin"
    )
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="Lesson.position"
    )
    area_rows: Mapped[list[CoursePolicyArea]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    prerequisite_rows: Mapped[list[CoursePrerequisite]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", foreign_keys="CoursePrerequisite.course_id"
    )

    @property
    def policy_areas(self) -> list[str]:
        return sorted(row.area for row in self.area_rows)

    @property
    def prerequisite_ids(self) -> list[int]:
        return [row.prerequisite_id for row in self.prerequisite_rows]

    @property
    def current_lessons(self) -> list[Lesson]:
        return [lesson for lesson in self.lessons if lesson.retired_at is None]

    def text_for(self, language: str | None) -> CourseText | None:
        """The text in `language` if there is one, else the original's."""
        by_language = {text.language: text for text in self.texts}
        return by_language.get(language or "") or by_language.get(self.language)

    @property
    def languages(self) -> list[str]:
        return sorted(text.language for text in self.texts)

    def __repr__(self) -> str:
        return f"<Course {self.slug}>"


class CoursePolicyArea(db.Model):
    __tablename__ = "course_policy_area"

    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), primary_key=True)
    area: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)  # a key of vocab.POLICY_AREAS


class CoursePrerequisite(db.Model):
    __tablename__ = "course_prerequisite"
    __table_args__ = (CheckConstraint("course_id <> prerequisite_id", name="not_self"),)

    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), primary_key=True)
    prerequisite_id: Mapped[int] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CourseText(db.Model):
    """A course's words in one language: the original or a translation."""

    __tablename__ = "course_text"
    __table_args__ = (UniqueConstraint("course_id", "language", name="uq_course_text_course_id_language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    # {question id: {"prompt": str, "options": {option id: {"text": str, "explanation": str}}}}
    quiz: Mapped[dict] = mapped_column(JSON, default=dict)

    course: Mapped[Course] = relationship(back_populates="texts")


class Lesson(db.Model):
    """A lesson's place in its course. Retired (not deleted) when it leaves course.yaml; progress points here."""

    __tablename__ = "lesson"
    __table_args__ = (
        UniqueConstraint("course_id", "slug", name="uq_lesson_course_id_slug"),
        CheckConstraint("(retired_at IS NULL) = (position IS NOT NULL)", name="position_iff_current"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    position: Mapped[int | None]  # 0-based order in the course; None once retired
    retired_at: Mapped[datetime | None]

    course: Mapped[Course] = relationship(back_populates="lessons")
    texts: Mapped[list[LessonText]] = relationship(
        back_populates="lesson", cascade="all, delete-orphan", lazy="selectin"
    )

    def text_for(self, language: str | None) -> LessonText | None:
        by_language = {text.language: text for text in self.texts}
        return by_language.get(language or "") or by_language.get(self.course.language)


class LessonText(db.Model):
    """A lesson in one language. `version` grows when the body changes; rendered HTML is cached per version."""

    __tablename__ = "lesson_text"
    __table_args__ = (
        UniqueConstraint("lesson_id", "language", name="uq_lesson_text_lesson_id_language"),
        CheckConstraint("version >= 1", name="positive_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, deferred=True)  # Markdown as written; loaded only to render
    body_hash: Mapped[str] = mapped_column(String(64))  # sha256 of body
    word_count: Mapped[int]
    version: Mapped[int] = mapped_column(default=1)

    lesson: Mapped[Lesson] = relationship(back_populates="texts")
