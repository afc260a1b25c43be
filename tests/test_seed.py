"""`flask seed demo`: realistic people, the five demo accounts, idempotent."""

from learning_hub.models import AuditEvent, Challenge, Profile, Reform, User
from learning_hub.seed import load_demo_people

FOCUS = {"CO", "GH", "HN", "ID", "KE", "NG", "PH"}


def test_demo_file_is_realistic():
    people = load_demo_people()
    assert 55 <= len(people) <= 70
    countries = {p["profile"]["country"] for p in people}
    assert countries >= FOCUS
    assert len(countries - FOCUS) >= 5
    mentors = [p for p in people if (p["profile"].get("mentor") or {}).get("available")]
    assert len(mentors) >= 8
    emails = [p["email"] for p in people]
    assert len(set(emails)) == len(emails)


def test_seed_demo_is_idempotent(runner, db):
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    assert "admin@example.org" in first.output
    assert "demo-password" in first.output
    counts = [db.session.scalar(db.select(db.func.count(model.id))) for model in (User, Profile, Challenge, Reform)]
    audit_rows = db.session.scalar(db.select(db.func.count(AuditEvent.id)))
    assert audit_rows >= 6  # the demo entries, and the demo run's publication
    second = runner.invoke(args=["seed", "demo"])
    assert second.exit_code == 0
    assert "0 created" in second.output
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == audit_rows
    assert counts == [
        db.session.scalar(db.select(db.func.count(model.id))) for model in (User, Profile, Challenge, Reform)
    ]
    coordinator = db.session.scalar(db.select(User).where(User.email == "coordinator@example.org"))
    assert coordinator.has_role("coordinator")
    assert coordinator.check_password("demo-password")
    spanish = db.session.scalar(db.select(db.func.count(Challenge.id)).where(Challenge.language == "es"))
    indonesian = db.session.scalar(db.select(db.func.count(Challenge.id)).where(Challenge.language == "id"))
    assert spanish >= 5
    assert indonesian >= 3
