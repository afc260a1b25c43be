"""Per-quiz item analysis for the cohort dashboard, from learners' real attempts.

For each course's current quiz: how many learners took it, and per question its difficulty (the share of learners who
answered it fully right) and how often each option was chosen, so that a coordinator sees a question nobody gets right
or a distractor nobody picks. Each learner counts once, with their FIRST attempt: retakes after reading the
explanations would make every question look easy. Attempts follow the dashboard's filters (country, sector, course).

Small numbers: a quiz taken by fewer than MIN_ATTEMPTS learners shows no figures at all (a share of three people
misleads, and can point at one person), and neither does a question answered by fewer than MIN_ATTEMPTS of them
(a question added after most learners took the quiz).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from learning_hub.extensions import db
from learning_hub.learning.catalogue import localise
from learning_hub.models import Course, Enrolment, Profile, QuizAttempt, User

MIN_ATTEMPTS = 5


@dataclass(frozen=True)
class OptionFigures:
    id: str
    text: str
    correct: bool
    chosen: int
    percent: int | None  # of the learners who answered the question


@dataclass(frozen=True)
class QuestionFigures:
    id: str
    prompt: str
    kind: str  # single | multiple
    answered: int
    difficulty: int | None  # percent answered fully right; None when hidden
    options: list[OptionFigures]

    @property
    def hidden(self) -> bool:
        return self.difficulty is None


@dataclass
class QuizFigures:
    course_slug: str
    course_title: str
    learners: int  # learners with at least one attempt: each counts with their first
    questions: list[QuestionFigures] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        return self.learners < MIN_ATTEMPTS


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def first_attempts(filters) -> dict[int, list[QuizAttempt]]:
    """{course id: each learner's first attempt} for the enrolments that match the dashboard's filters."""
    stmt = (
        db.select(QuizAttempt, Enrolment.course_id)
        .join(Enrolment, Enrolment.id == QuizAttempt.enrolment_id)
        .join(User, User.id == Enrolment.user_id)
        .outerjoin(Profile, Profile.user_id == User.id)
        .join(Course, Course.id == Enrolment.course_id)
        .order_by(QuizAttempt.submitted_at, QuizAttempt.id)
    )
    if filters.country:
        stmt = stmt.where(Profile.country == filters.country)
    if filters.sector:
        stmt = stmt.where(Profile.sector == filters.sector)
    if filters.course:
        stmt = stmt.where(Course.slug == filters.course)
    seen: set[int] = set()
    by_course: dict[int, list[QuizAttempt]] = {}
    for attempt, course_id in db.session.execute(stmt):
        if attempt.enrolment_id in seen:
            continue
        seen.add(attempt.enrolment_id)
        by_course.setdefault(course_id, []).append(attempt)
    return by_course


def quiz_figures(filters, language: str) -> list[QuizFigures]:
    """One entry per course with at least one attempt, by course title; figures hidden under MIN_ATTEMPTS."""
    attempts = first_attempts(filters)
    if not attempts:
        return []
    courses = db.session.scalars(db.select(Course).where(Course.id.in_(attempts)))
    result = []
    for course in courses:
        words = localise(course, language).text.quiz or {}
        taken = attempts[course.id]
        figures = QuizFigures(course.slug, localise(course, language).text.title, len(taken))
        if not figures.hidden:
            figures.questions = [_question(question, words.get(question["id"], {}), taken) for question in course.quiz]
        result.append(figures)
    return sorted(result, key=lambda item: item.course_title.casefold())


def _question(question: dict, words: dict, attempts: list[QuizAttempt]) -> QuestionFigures:
    answered = [attempt for attempt in attempts if question["id"] in (attempt.answers or {})]
    right = sum(1 for attempt in answered if (attempt.results or {}).get(question["id"]))
    shown = len(answered) >= MIN_ATTEMPTS
    options = []
    for option in question["options"]:
        chosen = sum(1 for attempt in answered if option["id"] in attempt.answers[question["id"]])
        options.append(
            OptionFigures(
                id=option["id"],
                text=(words.get("options", {}).get(option["id"]) or {}).get("text", option["id"]),
                correct=bool(option["correct"]),
                chosen=chosen if shown else 0,
                percent=_percent(chosen, len(answered)) if shown else None,
            )
        )
    return QuestionFigures(
        id=question["id"],
        prompt=words.get("prompt", question["id"]),
        kind=question["type"],
        answered=len(answered),
        difficulty=_percent(right, len(answered)) if shown else None,
        options=options,
    )
