"""Learner actions: enrol, complete a lesson, take the quiz; completion issues the certificate.

Services take the actor explicitly, raise domain errors and commit. Concurrency: the unique constraints on
(user, course) and (enrolment, lesson) stop duplicates, and completion is an atomic
`UPDATE enrolment SET completed_at = now WHERE completed_at IS NULL`, so two requests finishing a course at the same
moment issue one certificate.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import case, func, or_
from sqlalchemy.exc import IntegrityError

from learning_hub.errors import Forbidden, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.learning import certificates
from learning_hub.learning.catalogue import (
    enrolment_of,
    get_course,
    lesson_of,
    localise,
    missing_prerequisites,
    progress_of,
)
from learning_hub.models import Course, Enrolment, LessonProgress, QuizAttempt, User, utcnow


def enrol(actor: User, slug: str) -> tuple[Enrolment, bool]:
    """Enrol the actor; (enrolment, created). Refused while a prerequisite is not completed."""
    course = get_course(slug, actor)
    existing = enrolment_of(actor, course)
    if existing is not None:
        return existing, False
    if course.retired_at is not None:
        raise NotFound(_("There is no course at this address."))
    missing = missing_prerequisites(actor, course)
    if missing:
        titles = ", ".join(localise(item, actor.locale).text.title for item in missing)
        raise Forbidden(_("Complete %(titles)s first: this course builds on it.", titles=titles))
    enrolment = Enrolment(user_id=actor.id, course_id=course.id)
    db.session.add(enrolment)
    try:
        db.session.commit()
    except IntegrityError:  # the same person enrolled in another tab at the same moment
        db.session.rollback()
        return enrolment_of(actor, course), False
    return enrolment, True


def require_enrolment(actor: User, course: Course) -> Enrolment:
    enrolment = enrolment_of(actor, course)
    if enrolment is None:
        raise Forbidden(_("Enrol in this course to read its lessons and take its quiz."))
    return enrolment


def complete_lesson(actor: User, slug: str, lesson_slug: str, language: str):
    """Mark a lesson done (idempotent); returns (enrolment, certificate issued now or None)."""
    course = get_course(slug, actor)
    lesson = lesson_of(course, lesson_slug)
    enrolment = require_enrolment(actor, course)
    if lesson.id not in enrolment.completed_lesson_ids:
        enrolment.lesson_progress.append(LessonProgress(lesson_id=lesson.id))
        enrolment.last_activity_at = utcnow()
        try:
            db.session.commit()
        except IntegrityError:  # a double click: the other request recorded it
            db.session.rollback()
    certificate = _complete_if_done(actor, course, language)
    return enrolment_of(actor, course), certificate


def score_answers(quiz: list, answers: dict[str, list[str]]) -> tuple[dict[str, bool], int]:
    """{question id: answered fully right} and the number right. A multiple-choice question counts only when every
    correct option and no wrong one is chosen."""
    results = {}
    for question in quiz:
        correct = {option["id"] for option in question["options"] if option["correct"]}
        results[question["id"]] = set(answers.get(question["id"], [])) == correct
    return results, sum(results.values())


def check_answers(quiz: list, answers: dict[str, list[str]]) -> dict[str, list[str]]:
    """Answers limited to known questions; every question answered, with its own options, one for 'single'."""
    clean, unanswered = {}, []
    for number, question in enumerate(quiz, start=1):
        chosen = list(dict.fromkeys(answers.get(question["id"], [])))
        if not chosen:
            unanswered.append(str(number))
            continue
        known = {option["id"] for option in question["options"]}
        if not set(chosen) <= known or (question["type"] == "single" and len(chosen) != 1):
            raise ValidationError(_("Question %(number)s: choose among its options.", number=number))
        clean[question["id"]] = chosen
    if unanswered:
        raise ValidationError(
            _("Answer every question before you submit. Unanswered: %(numbers)s.", numbers=", ".join(unanswered))
        )
    return clean


def submit_quiz(actor: User, slug: str, answers: dict[str, list[str]], language: str) -> QuizAttempt:
    """Score an attempt and record it; passing may complete the course. Retries are unlimited; the best score counts."""
    course = get_course(slug, actor)
    enrolment = require_enrolment(actor, course)
    clean = check_answers(course.quiz, answers)
    results, right = score_answers(course.quiz, clean)
    total = len(course.quiz)
    passed = right * 100 >= course.pass_mark * total  # integer arithmetic: no rounding at the boundary
    score = round(100 * right / total)
    attempt = QuizAttempt(
        enrolment_id=enrolment.id,
        language=localise(course, language).language,
        answers=clean,
        results=results,
        correct_count=right,
        question_count=total,
        score=score,
        passed=passed,
    )
    db.session.add(attempt)
    now = utcnow()
    # One atomic UPDATE: two attempts submitted at once cannot overwrite each other's best score (docs/SECURITY.md §5).
    values = {
        "last_activity_at": now,
        "best_score": case(
            (or_(Enrolment.best_score.is_(None), Enrolment.best_score < score), score), else_=Enrolment.best_score
        ),
    }
    if passed:
        values["quiz_passed_at"] = func.coalesce(Enrolment.quiz_passed_at, now)
    db.session.execute(
        db.update(Enrolment)
        .where(Enrolment.id == enrolment.id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    db.session.refresh(enrolment)
    _complete_if_done(actor, course, language)
    return attempt


def attempt_of(actor: User, slug: str, attempt_id: int) -> tuple[Course, Enrolment, QuizAttempt]:
    """One of the actor's own attempts (anyone else's is NotFound)."""
    course = get_course(slug, actor)
    enrolment = enrolment_of(actor, course)
    attempt = db.session.get(QuizAttempt, attempt_id)
    if enrolment is None or attempt is None or attempt.enrolment_id != enrolment.id:
        raise NotFound(_("There is no such quiz attempt."))
    return course, enrolment, attempt


def _complete_if_done(actor: User, course: Course, language: str):
    """Complete the enrolment and issue the certificate when every current lesson is done and the quiz passed."""
    enrolment = enrolment_of(actor, course)
    progress = progress_of(course, enrolment)
    if enrolment.completed_at is not None or progress.next_lesson is not None or not progress.quiz_passed:
        return None
    done = db.session.execute(
        db.update(Enrolment)
        .where(Enrolment.id == enrolment.id, Enrolment.completed_at.is_(None))
        .values(completed_at=utcnow())
    )
    if done.rowcount != 1:
        db.session.rollback()
        return None
    view = localise(course, language)
    certificate = certificates.issue(actor, course, view.text.title, view.language)
    db.session.commit()
    return certificate
