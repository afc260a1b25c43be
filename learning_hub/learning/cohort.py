"""The coordinators' cohort view: who is enrolled where, completion per course, quiz scores, CSV export.

Aggregates count every enrolment that matches the filters. Names appear only for listed profiles (consented and not
private, Profile.is_listed): the per-person table and the CSV leave unlisted learners out and say how many. Gender is
never read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func

from learning_hub import vocab
from learning_hub.extensions import db
from learning_hub.learning.catalogue import localise
from learning_hub.learning.spec import SLUG_PATTERN
from learning_hub.models import Certificate, Course, Enrolment, Lesson, LessonProgress, Profile, QuizAttempt, User
from learning_hub.spreadsheets import csv_text

SCORE_BINS = ((0, 19), (20, 39), (40, 59), (60, 79), (80, 100))


@dataclass(frozen=True)
class Filters:
    country: str = ""
    sector: str = ""
    course: str = ""  # slug


@dataclass(frozen=True)
class LearnerRow:
    name: str | None  # None for an unlisted profile
    listed: bool
    country: str | None
    sector: str | None
    course_slug: str
    course_title: str
    enrolled_at: datetime
    lessons_done: int
    lessons_total: int
    percent: int
    best_score: int | None
    attempts: int
    completed_at: datetime | None
    certificate: str  # valid | revoked | none


def clean_filters(country: str, sector: str, course: str) -> tuple[Filters, list[str]]:
    """Known filter values, and a message for each value that was not understood (it is then ignored)."""
    notes = []
    country = (country or "").strip().upper()
    if country and not vocab.is_country(country):
        notes.append(_("Unknown country code %(code)s: showing every country.", code=country[:10]))
        country = ""
    sector = (sector or "").strip()
    if sector and sector not in vocab.SECTORS:
        notes.append(_("Unknown sector: showing every sector."))
        sector = ""
    course = (course or "").strip()
    if course and (
        not SLUG_PATTERN.match(course) or db.session.scalar(db.select(Course.id).where(Course.slug == course)) is None
    ):
        notes.append(_("Unknown course: showing every course."))
        course = ""
    return Filters(country, sector, course), notes


def learner_rows(filters: Filters, language: str) -> list[LearnerRow]:
    stmt = (
        db.select(Enrolment, Profile)
        .join(User, User.id == Enrolment.user_id)
        .outerjoin(Profile, Profile.user_id == User.id)
        .join(Course, Course.id == Enrolment.course_id)
        .order_by(Course.slug, Enrolment.enrolled_at, Enrolment.id)
    )
    if filters.country:
        stmt = stmt.where(Profile.country == filters.country)
    if filters.sector:
        stmt = stmt.where(Profile.sector == filters.sector)
    if filters.course:
        stmt = stmt.where(Course.slug == filters.course)
    pairs = db.session.execute(stmt).all()
    if not pairs:
        return []
    enrolment_ids = [enrolment.id for enrolment, _profile in pairs]
    done = _counts(
        db.select(LessonProgress.enrolment_id, func.count())
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(Lesson.retired_at.is_(None), LessonProgress.enrolment_id.in_(enrolment_ids))
        .group_by(LessonProgress.enrolment_id)
    )
    totals = _counts(
        db.select(Lesson.course_id, func.count()).where(Lesson.retired_at.is_(None)).group_by(Lesson.course_id)
    )
    attempts = _counts(
        db.select(QuizAttempt.enrolment_id, func.count())
        .where(QuizAttempt.enrolment_id.in_(enrolment_ids))
        .group_by(QuizAttempt.enrolment_id)
    )
    certificates = {
        (c.user_id, c.course_id): ("valid" if c.is_valid else "revoked")
        for c in db.session.scalars(
            db.select(Certificate).where(Certificate.user_id.in_({enrolment.user_id for enrolment, _profile in pairs}))
        )
    }
    titles: dict[int, str] = {}
    rows = []
    for enrolment, profile in pairs:
        course = enrolment.course
        if course.id not in titles:
            titles[course.id] = localise(course, language).text.title
        total, lessons_done = totals.get(course.id, 0), done.get(enrolment.id, 0)
        percent = (
            100
            if enrolment.completed_at
            else round(100 * (lessons_done + int(enrolment.quiz_passed_at is not None)) / (total + 1))
        )
        listed = bool(profile and profile.is_listed)
        rows.append(
            LearnerRow(
                name=profile.display_name if listed else None,
                listed=listed,
                country=profile.country if profile else None,
                sector=profile.sector if profile else None,
                course_slug=course.slug,
                course_title=titles[course.id],
                enrolled_at=enrolment.enrolled_at,
                lessons_done=lessons_done,
                lessons_total=total,
                percent=percent,
                best_score=enrolment.best_score,
                attempts=attempts.get(enrolment.id, 0),
                completed_at=enrolment.completed_at,
                certificate=certificates.get((enrolment.user_id, course.id), "none"),
            )
        )
    return rows


def _counts(stmt) -> dict[int, int]:
    return {key: count for key, count in db.session.execute(stmt)}


def completion_by_course(rows: list[LearnerRow]) -> list[dict]:
    """Per course: enrolled, completed, in progress and the completion rate, by course title."""
    courses: dict[str, dict] = {}
    for row in rows:
        entry = courses.setdefault(
            row.course_slug, {"slug": row.course_slug, "title": row.course_title, "enrolled": 0, "completed": 0}
        )
        entry["enrolled"] += 1
        entry["completed"] += int(row.completed_at is not None)
    for entry in courses.values():
        entry["in_progress"] = entry["enrolled"] - entry["completed"]
        entry["rate"] = round(100 * entry["completed"] / entry["enrolled"])
    return sorted(courses.values(), key=lambda entry: entry["title"].casefold())


def score_distribution(rows: list[LearnerRow]) -> dict:
    """Best quiz scores in five bins, and how many learners have not taken the quiz."""
    bins = [{"low": low, "high": high, "count": 0} for low, high in SCORE_BINS]
    not_taken = 0
    for row in rows:
        if row.best_score is None:
            not_taken += 1
            continue
        for entry in bins:
            if entry["low"] <= row.best_score <= entry["high"]:
                entry["count"] += 1
                break
    return {"bins": bins, "not_taken": not_taken}


CSV_COLUMNS = (
    "learner",
    "country",
    "sector",
    "course",
    "course_title",
    "enrolled_on",
    "lessons_done",
    "lessons_total",
    "progress_percent",
    "best_quiz_score",
    "quiz_attempts",
    "completed_on",
    "certificate",
)


def to_csv(rows: list[LearnerRow]) -> str:
    """Listed learners only, one row per enrolment."""
    return csv_text(
        CSV_COLUMNS,
        (
            (
                row.name,
                row.country or "",
                row.sector or "",
                row.course_slug,
                row.course_title,
                row.enrolled_at.date().isoformat(),
                row.lessons_done,
                row.lessons_total,
                row.percent,
                row.best_score,
                row.attempts,
                row.completed_at.date().isoformat() if row.completed_at else "",
                row.certificate,
            )
            for row in rows
            if row.listed
        ),
    )


def course_choices(language: str) -> list[tuple[str, str]]:
    courses = db.session.scalars(db.select(Course).order_by(Course.slug))
    return [(course.slug, localise(course, language).text.title) for course in courses]
