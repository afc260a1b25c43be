"""The periodic work run by several workers at the same moment sends nothing twice: three threads, each with its own
app context and database session, run `run_due` together (SQLite by default, PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import threading
from datetime import timedelta

from learning_hub.extensions import db as _db
from learning_hub.models import CheckIn, Connection, DigestMarker, Notification
from learning_hub.notifications import services, tasks
from tests.factories import make_user
from tests.notifications.helpers import T0, make_introduced_pair


def test_concurrent_run_due_sends_each_checkin_and_digest_once(app, db, outbox):
    ana, ben = make_user(), make_user()
    make_introduced_pair(ana, ben)
    services.notify(ana, "message", {"name": "Zed"})  # daily digest by default
    for row in db.session.scalars(db.select(Notification)):
        row.created_at = T0 + timedelta(days=29)
    db.session.commit()
    moment = T0 + timedelta(days=30, hours=1)
    barrier = threading.Barrier(3)
    errors: list[str] = []

    def worker() -> None:
        with app.app_context():
            try:
                _db.session.commit()
                barrier.wait(timeout=30)
                tasks.run_due(moment)
            except Exception as exc:  # collected and reported below
                errors.append(f"{type(exc).__name__}: {exc}")
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert db.session.scalar(db.select(db.func.count(Connection.id))) == 1
    assert db.session.scalar(db.select(db.func.count(CheckIn.id))) == 2
    assert db.session.scalar(db.select(db.func.count(DigestMarker.id))) == 1
    checkin_mails = [m for m in outbox if "/checkins/" in m.text]
    assert sorted(m.to for m in checkin_mails) == sorted([ana.email, ben.email])
    digests = [m for m in outbox if "/checkins/" not in m.text]
    assert [m.to for m in digests] == [ana.email]
