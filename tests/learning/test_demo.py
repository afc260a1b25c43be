"""The demo step: a few demo people with progress and one certificate; a second run changes nothing."""

from __future__ import annotations

from learning_hub.models import Certificate, Course, Enrolment, MilestoneReview, MilestoneSubmission, QuizAttempt
from tests.helpers import changed_tables, snapshot


def test_demo_step_is_idempotent(app, runner, db):
    db.session.commit()
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    assert "Learning modules: 9 enrolment(s) added, 9 in all; 2 applied milestone(s) submitted" in first.output
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Course)) >= 6
    certificates = list(db.session.scalars(db.select(Certificate)))
    assert len(certificates) == 4  # the reformer, and three peers in other countries who can review milestones
    assert "Faith Njeri Mwangi" in {c.holder_name for c in certificates}
    attempts = list(db.session.scalars(db.select(QuizAttempt)))
    assert sorted(a.passed for a in attempts) == [False, True, True, True, True]
    # The reformer's milestone went to a peer in another country, who reviewed it; Esi's waits for its review.
    submissions = {s.user.email: s for s in db.session.scalars(db.select(MilestoneSubmission))}
    assert set(submissions) == {"reformer@example.org", "esi.amoako@example.org"}
    reviewed = submissions["reformer@example.org"].completed_review
    assert reviewed is not None
    assert reviewed.reviewer_country in {"PH", "GH", "NG"}
    assert submissions["esi.amoako@example.org"].open_review.reviewer_country in {"PH", "KE", "NG"}
    assert db.session.scalar(db.select(db.func.count()).select_from(MilestoneReview)) == 2
    assert (
        db.session.scalar(db.select(db.func.count()).select_from(Enrolment).where(Enrolment.completed_at.is_(None)))
        == 5
    )
    before = snapshot()
    second = runner.invoke(args=["seed", "demo"])
    assert second.exit_code == 0
    assert "Learning modules: 0 enrolment(s) added, 9 in all; 0 applied milestone(s) submitted" in second.output
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
        "milestone_submission",
        "milestone_review",
    }
    assert mine & set(changed_tables(before, snapshot())) == set()  # other features' demo steps test their own
