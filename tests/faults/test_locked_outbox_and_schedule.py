"""A locked SQLite database in the middle of background work: the email outbox and the scheduler.

- The lock is taken right after the mail server accepted a message, so the sender cannot record "sent": the message
  stays "sending", is never sent a second time, and is shown as failed (may not have arrived) to the person who
  acted, who can send it again.
- The lock is held while `flask schedule run-due` starts: it fails without leaving a task marked running, and the
  next run (lock released) runs every task once; a third run right after runs nothing.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy.engine import make_url

from learning_hub import email
from learning_hub.models import EmailStatus, OutgoingEmailRow, ScheduledTaskRun, utcnow
from learning_hub.scheduler import registered, run_due
from tests.factories import make_user
from tests.faults.test_locked_database import write_lock_held


def _sqlite_only(app):
    if make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name() != "sqlite":
        pytest.skip("SQLite's write lock")


def test_a_lock_after_sending_never_sends_twice_and_shows_the_failure(make_app, db, monkeypatch, client_as):
    app = make_app(SQLITE_BUSY_TIMEOUT_MS=100)
    _sqlite_only(app)
    organiser = make_user(roles=("organiser",))
    organiser_id = organiser.id
    db.session.commit()
    delivered = []
    holder = {}

    def deliver_then_lock(message):
        delivered.append(message.to)
        holder["lock"] = write_lock_held(app)
        holder["lock"].__enter__()  # another process takes the write lock before "sent" is recorded

    monkeypatch.setattr(email, "deliver", deliver_then_lock)
    with app.app_context():
        actor_token = email.email_actor.set(organiser_id)
        try:
            email.send_email(
                "ana@example.org",
                "Invitation",
                "reset_password",
                link="http://x",
                user=SimpleNamespace(display_name="Ana"),
                hours=2,
            )
            from learning_hub.extensions import db as app_db

            app_db.session.commit()  # the sender runs after this commit and meets the lock (logged, not raised)
            holder["lock"].__exit__(None, None, None)
            row = app_db.session.scalars(app_db.select(OutgoingEmailRow)).one()
            assert row.status == EmailStatus.SENDING.value
            again = email.deliver_pending()
            assert again["sent"] == 0  # not sent a second time
            assert email.release_interrupted(now=utcnow() + timedelta(minutes=11)) == 1
            app_db.session.remove()
        finally:
            email.email_actor.reset(actor_token)
    assert delivered == ["ana@example.org"]
    monkeypatch.setattr(email, "deliver", lambda message: delivered.append(message.to))
    client = client_as(db.session.get(type(organiser), organiser_id))
    assert "could not be sent" in client.get("/dashboard").get_data(as_text=True)
    page = client.get("/emails").get_data(as_text=True)
    assert "Not sent" in page
    assert "may not have arrived" in page
    row_id = db.session.scalars(db.select(OutgoingEmailRow.id)).one()
    assert client.post(f"/emails/{row_id}/resend").status_code == 302
    assert delivered == ["ana@example.org", "ana@example.org"]  # the second, on the person's request
    db.session.expire_all()
    assert db.session.get(OutgoingEmailRow, row_id).status == EmailStatus.SENT.value


def test_the_scheduler_under_a_locked_database(make_app, db):
    app = make_app(SQLITE_BUSY_TIMEOUT_MS=100)
    _sqlite_only(app)
    db.session.commit()
    runner = app.test_cli_runner()
    with write_lock_held(app):
        locked = runner.invoke(args=["schedule", "run-due"])
    assert locked.exit_code != 0
    db.session.expire_all()
    assert (
        db.session.scalar(
            db.select(db.func.count()).select_from(ScheduledTaskRun).where(ScheduledTaskRun.lease_until.is_not(None))
        )
        == 0
    )
    db.session.commit()

    first = runner.invoke(args=["schedule", "run-due"])
    print(f"\nflask schedule run-due after the lock:\n{first.output}")
    assert first.exit_code == 0, first.output
    names = [task.name for task in registered(app)]
    assert f"{len(names)} tasks ran" in first.output
    second = runner.invoke(args=["schedule", "run-due"])
    assert second.exit_code == 0
    assert "0 tasks ran" in second.output
    with app.app_context():
        assert run_due() == {}
