"""Course content loaded from courses/<slug>/ by `flask courses sync`.

Rows are keyed by slug and never deleted by a sync: a course or lesson that leaves the folder is retired
(`retired_at`), so that enrolments, lesson progress and certificates that point at it keep their meaning. Text lives
in per-language rows (`CourseText`, `LessonText`), the original language included, so that a translation is simply
another row and progress, which points at the language-free `Course` and `Lesson`, is shared across translations.
"""

from __future__ import annotations

from datetime import date, datetime

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
    # Sourced country cases: [{"country", "lesson", "title", "source_title", "source_url"}].
    cases: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    # The applied milestone's language-free part: {"template": template slug or None, "rubric": [criterion ids]}.
    milestone: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")

    texts: Mapped[list[CourseText]] = relationship(
        back_populates="course", cascade="all, delete-orphan", lazy="selectin"
    )
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="Lesson.position"
    )
    templates: Mapped[list[CourseTemplate]] = relationship(
        cascade="all, delete-orphan", order_by="CourseTemplate.position"
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

    def templates_for(self, language: str | None) -> list[CourseTemplate]:
        """The templates in `language` if the course has that translation, else the original's."""
        wanted = language if any(text.language == language for text in self.texts) else self.language
        return [template for template in self.templates if template.language == wanted]

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
    # The applied milestone's words: {"title": str, "prompt": str, "rubric": {criterion id: criterion}}.
    milestone: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")

    course: Mapped[Course] = relationship(back_populates="texts")


class CourseTemplate(db.Model):
    """A course's downloadable template in one language (Markdown, offered as .md and .docx)."""

    __tablename__ = "course_template"
    __table_args__ = (
        UniqueConstraint("course_id", "language", "slug", name="uq_course_template_course_id_language_slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    slug: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]  # order in course.yaml
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, deferred=True)
    body_hash: Mapped[str] = mapped_column(String(64))  # sha256 of body


class ReferenceRule(db.Model):
    """One dated rule of the "OGP rules at a glance" page (courses/_reference/); lessons link to it by `slug`."""

    __tablename__ = "reference_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int]  # order on the page: topic files by name, rules in file order
    source_title: Mapped[str] = mapped_column(String(200))
    source_url: Mapped[str] = mapped_column(String(500))
    in_force_since: Mapped[date]
    checked: Mapped[date]  # when the summary was last compared with the source
    texts: Mapped[dict] = mapped_column(JSON, default=dict)  # {language: {"topic", "title", "rule"}}


class ReferencePage(db.Model):
    """The reference page's title and introduction in one language."""

    __tablename__ = "reference_page"

    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text)


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
    objectives: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")  # learning objectives, in order

    lesson: Mapped[Lesson] = relationship(back_populates="texts")
