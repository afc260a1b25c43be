"""The daily limit and the pair rules under concurrent requests: each thread has its own app context and database
session, and all start together. Run on SQLite by default and on PostgreSQL with TEST_DATABASE_URL; figures are
printed."""

from __future__ import annotations

import threading

from flask_babel import force_locale

from learning_hub.errors import Conflict
from learning_hub.extensions import db as _db
from learning_hub.introductions import services
from learning_hub.models import Introduction, User
from tests.factories import make_user

MESSAGE = "I would like to compare how our two reforms handled procurement data."


def _race(app, jobs: list[tuple[int, int]]) -> tuple[int, int, list[str]]:
    """Run `ask(sender, recipient)` for every (sender user id, recipient profile id) at once."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(user_id: int, recipient_id: int) -> None:
        with app.app_context(), force_locale("en"):
            try:
                actor = _db.session.get(User, user_id)
                _ = actor.profile
                _db.session.commit()  # SQLite: hold no lock while waiting for the others
                barrier.wait(timeout=30)
                services.ask(actor, recipient_id, "peer_exchange", MESSAGE)
                result = "sent"
            except Conflict:
                result = "refused"
            except Exception as exc:
                result = f"{type(exc).__name__}: {exc}"
            finally:
                _db.session.remove()
            with lock:
                outcomes.append(result)

    _db.session.commit()
    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    errors = [o for o in outcomes if o not in ("sent", "refused")]
    return outcomes.count("sent"), outcomes.count("refused"), errors


def test_daily_limit_holds_under_concurrent_requests(app, db):
    """14 requests from one sender to 14 people at the same moment: exactly 10 are sent."""
    sender = make_user(display_name="Eager sender")
    targets = [make_user(display_name=f"Target {i}") for i in range(14)]
    sent, refused, errors = _race(app, [(sender.id, t.profile.id) for t in targets])
    db.session.expire_all()
    stored = db.session.query(Introduction).filter_by(sender_id=sender.profile.id).count()
    print(
        f"\n[{db.engine.dialect.name}] 14 parallel requests, limit 10: {sent} sent, {refused} refused, {stored} stored"
    )
    assert errors == []
    assert (sent, refused, stored) == (10, 4, 10)


def test_one_request_between_two_people_under_concurrent_requests(app, db):
    """Both people ask each other, three times each, at the same moment: exactly one request exists."""
    a = make_user(display_name="Person A")
    b = make_user(display_name="Person B")
    jobs = [(a.id, b.profile.id), (b.id, a.profile.id)] * 3
    sent, refused, errors = _race(app, jobs)
    db.session.expire_all()
    stored = db.session.query(Introduction).count()
    print(f"\n[{db.engine.dialect.name}] 6 parallel requests within one pair: {sent} sent, {refused} refused")
    assert errors == []
    assert (sent, refused, stored) == (1, 5, 1)
