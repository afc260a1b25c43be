"""`flask seed demo` adds open and active mentorships among the demo people, once."""

from __future__ import annotations

from learning_hub.mentoring import seats
from learning_hub.models import MentoringRequest, MentorshipNote, User


def _states(db) -> list[tuple[int, str]]:
    return db.session.execute(
        db.select(MentoringRequest.requester_id, MentoringRequest.state).order_by(MentoringRequest.id)
    ).all()


def test_demo_mentorships_are_made_once(runner, db, outbox):
    """Two active mentorships (with a goal and a note), one pending, one queued; a second seed changes nothing."""
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    assert "Mentoring: 4 demo requests made (active, active, pending, queued)" in first.output
    states = _states(db)
    assert sorted(s for _, s in states) == ["active", "active", "pending", "queued"]
    assert db.session.scalar(db.select(db.func.count(MentorshipNote.id))) == 4
    reformer = db.session.scalar(db.select(User).where(User.email == "reformer@example.org"))
    mentorship = db.session.scalar(
        db.select(MentoringRequest).where(MentoringRequest.requester_id == reformer.profile.id)
    )
    assert mentorship.state == "active"
    assert mentorship.mentor.user.email == "mentor@example.org"
    assert seats.load_of(mentorship.mentor_id) == 1
    second = runner.invoke(args=["seed", "demo"])
    assert second.exit_code == 0
    assert "Mentoring: 4 demo requests already there" in second.output
    assert _states(db) == states
