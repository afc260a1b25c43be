"""What the learning modules hold about a person, for "download my data" and account deletion.

Deletion: enrolments, lesson progress and quiz attempts are deleted. Certificates are revoked and anonymised: the
holder's name and the link to the account are removed, and the public verification page then says the certificate
was withdrawn when its holder deleted their account. Keeping a valid certificate would keep the name public after
erasure; deleting the row would make a printed copy look forged ("no such code") rather than withdrawn.

Applied milestones: a person's own submissions are deleted with their reviews. Reviews they wrote of others' work
stay with the work's author (the author's record), without the link to the reviewer; an open one is released so that
the next sweep gives the work to another reviewer.
"""

from __future__ import annotations

from learning_hub.extensions import db
from learning_hub.models import (
    Certificate,
    Enrolment,
    Lesson,
    LessonProgress,
    MilestoneReview,
    MilestoneSubmission,
    QuizAttempt,
    utcnow,
)


def _iso(value):
    return value.isoformat() + "Z" if value else None


def export_learning(user) -> dict:
    enrolments = db.session.scalars(db.select(Enrolment).where(Enrolment.user_id == user.id).order_by(Enrolment.id))
    lesson_slugs = dict(
        db.session.execute(
            db.select(Lesson.id, Lesson.slug)
            .join(LessonProgress, LessonProgress.lesson_id == Lesson.id)
            .join(Enrolment, Enrolment.id == LessonProgress.enrolment_id)
            .where(Enrolment.user_id == user.id)
        ).all()
    )
    courses = []
    for enrolment in enrolments:
        courses.append(
            {
                "course": enrolment.course.slug,
                "enrolled_at": _iso(enrolment.enrolled_at),
                "last_activity_at": _iso(enrolment.last_activity_at),
                "completed_at": _iso(enrolment.completed_at),
                "quiz_passed_at": _iso(enrolment.quiz_passed_at),
                "best_quiz_score": enrolment.best_score,
                "lessons_completed": [
                    {"lesson": lesson_slugs.get(row.lesson_id), "completed_at": _iso(row.completed_at)}
                    for row in sorted(enrolment.lesson_progress, key=lambda r: r.completed_at)
                ],
                "quiz_attempts": [
                    {
                        "submitted_at": _iso(a.submitted_at),
                        "language": a.language,
                        "answers": a.answers,
                        "score": a.score,
                        "passed": a.passed,
                    }
                    for a in enrolment.attempts
                ],
            }
        )
    certificates = [
        {
            "code": c.code,
            "course": c.course.slug,
            "course_title": c.course_title,
            "holder_name": c.holder_name,
            "issued_at": _iso(c.issued_at),
            "revoked_at": _iso(c.revoked_at),
        }
        for c in db.session.scalars(
            db.select(Certificate).where(Certificate.user_id == user.id).order_by(Certificate.id)
        )
    ]
    submissions = [
        {
            "course": s.course.slug,
            "submitted_at": _iso(s.submitted_at),
            "language": s.language,
            "text": s.text,
            "link": s.link,
            "show_on_certificate": s.show_on_certificate,
            "review": (
                {
                    "reviewer_country": s.completed_review.reviewer_country,
                    "completed_at": _iso(s.completed_review.completed_at),
                    "scores": s.completed_review.scores,
                    "comment": s.completed_review.comment,
                }
                if s.completed_review
                else None
            ),
        }
        for s in db.session.scalars(
            db.select(MilestoneSubmission)
            .where(MilestoneSubmission.user_id == user.id)
            .order_by(MilestoneSubmission.id)
        )
    ]
    reviews = [
        {
            "course": r.submission.course.slug,
            "assigned_at": _iso(r.assigned_at),
            "due_at": _iso(r.due_at),
            "completed_at": _iso(r.completed_at),
            "scores": r.scores,
            "comment": r.comment,
        }
        for r in db.session.scalars(
            db.select(MilestoneReview).where(MilestoneReview.reviewer_id == user.id).order_by(MilestoneReview.id)
        )
    ]
    return {
        "enrolments": courses,
        "certificates": certificates,
        "milestones": submissions,
        "milestone_reviews_written": reviews,
    }


def erase_learning(user) -> None:
    enrolment_ids = db.select(Enrolment.id).where(Enrolment.user_id == user.id)
    db.session.execute(db.delete(QuizAttempt).where(QuizAttempt.enrolment_id.in_(enrolment_ids)))
    db.session.execute(db.delete(LessonProgress).where(LessonProgress.enrolment_id.in_(enrolment_ids)))
    db.session.execute(db.delete(Enrolment).where(Enrolment.user_id == user.id))
    now = utcnow()
    submission_ids = db.select(MilestoneSubmission.id).where(MilestoneSubmission.user_id == user.id)
    db.session.execute(db.delete(MilestoneReview).where(MilestoneReview.submission_id.in_(submission_ids)))
    db.session.execute(db.delete(MilestoneSubmission).where(MilestoneSubmission.user_id == user.id))
    db.session.execute(
        db.update(MilestoneReview)
        .where(
            MilestoneReview.reviewer_id == user.id,
            MilestoneReview.completed_at.is_(None),
            MilestoneReview.released_at.is_(None),
        )
        .values(released_at=now)
    )
    db.session.execute(
        db.update(MilestoneReview).where(MilestoneReview.reviewer_id == user.id).values(reviewer_id=None)
    )
    db.session.execute(
        db.update(Certificate)
        .where(Certificate.user_id == user.id, Certificate.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason="account_deleted")
    )
    db.session.execute(
        db.update(Certificate).where(Certificate.user_id == user.id).values(user_id=None, holder_name=None)
    )
