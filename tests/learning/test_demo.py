"""The demo step: a few demo people with progress and one certificate; a second run changes nothing."""

from __future__ import annotations

from learning_hub.models import Certificate, Course, Enrolment, QuizAttempt
from tests.helpers import changed_tables, snapshot


def test_demo_step_is_idempotent(app, runner, db):
    db.session.commit()
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    assert "Learning modules: 6 enrolment(s) added, 6 in all" in first.output
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Course)) >= 6
    certificates = list(db.session.scalars(db.select(Certificate)))
    assert len(certificates) == 1
    assert certificates[0].holder_name == "Faith Njeri Mwangi"
    attempts = list(db.session.scalars(db.select(QuizAttempt)))
    assert sorted(a.passed for a in attempts) == [False, True]
    assert (
        db.session.scalar(db.select(db.func.count()).select_from(Enrolment).where(Enrolment.completed_at.is_(None)))
        == 5
    )
    before = snapshot()
    second = runner.invoke(args=["seed", "demo"])
    assert second.exit_code == 0
    assert "Learning modules: 0 enrolment(s) added, 6 in all" in second.output
    mine = {
        "course",
        "course_text",
        "course_policy_area",
        "course_prerequisite",
        "lesson",
        "lesson_text",
        "enrolment",
        "lesson_progress",
        "quiz_attempt",
        "certificate",
        "embedding_cache",
    }
    assert mine & set(changed_tables(before, snapshot())) == set()  # other features' demo steps test their own
