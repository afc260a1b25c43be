"""Faults of slow work: no database transaction stays open while a model embeds texts or an optimiser solves.

A background job used to hold SQLite's write lock (every transaction outside a request begins IMMEDIATE) from its
first read until its commit, across minutes of inference: sign-ins and profile saves then waited out the busy
timeout and failed with 500. Here a slow encoder keeps a real embedding job busy while a person signs in and saves
their profile, with a short busy timeout so that waiting for the lock would fail fast. The same test runs on
PostgreSQL when the suite does.
"""

from __future__ import annotations

import threading
import time

import pytest

from learning_hub.database import TransactionDuringSlowWork, short_transaction, slow_work
from learning_hub.directory.tasks import embed_profiles
from learning_hub.extensions import db as _db
from learning_hub.models import Profile, User
from tests.factories import DEFAULT_PASSWORD, make_user

ENCODE_SECONDS = 3.0


class SlowEncoder:
    """Wraps the app's encoder; every encode call signals that it started, then takes ENCODE_SECONDS."""

    def __init__(self, inner):
        self.inner = inner
        self.name, self.dim, self.cacheable, self.identity = inner.name, inner.dim, inner.cacheable, inner.identity
        self.started = threading.Event()

    def encode(self, texts, progress=False):
        self.started.set()
        time.sleep(ENCODE_SECONDS)
        return self.inner.encode(texts, progress=progress)


def test_sign_in_and_profile_save_while_a_large_embedding_job_runs(make_app, db):
    web = make_app(SQLITE_BUSY_TIMEOUT_MS=500)  # a held write lock would make the requests below fail fast
    holder = web.extensions.setdefault("matching", {})
    from learning_hub import engine

    with web.app_context():
        slow = SlowEncoder(engine.encoder())
        holder["encoder"] = slow
        people = [
            make_user(
                challenges=(f"Challenge number {i}: contracts are hidden from the public.",),
                reforms=(f"Reform number {i}: we published every contract online.",),
            )
            for i in range(30)
        ]
        ids = [person.profile.id for person in people]
        user_id = make_user(email="busy@example.org", display_name="Before").id
        _db.session.remove()

    failures: list[BaseException] = []

    def job():
        with web.app_context():
            try:
                embed_profiles(None, lambda pct, msg=None: None, profile_ids=ids)
            except BaseException as exc:
                failures.append(exc)
            finally:
                _db.session.remove()

    worker = threading.Thread(target=job)
    worker.start()
    try:
        assert slow.started.wait(10), "the job never reached the encoder"
        client = web.test_client()
        started = time.perf_counter()
        response = client.post("/login", data={"email": "busy@example.org", "password": DEFAULT_PASSWORD})
        assert response.status_code == 302, response.status_code
        response = client.post("/profile/details", data={"details-display_name": "After", "details-country": "KE"})
        assert response.status_code == 302, response.status_code
        elapsed = time.perf_counter() - started
        assert worker.is_alive(), "the job finished before the requests: the test proved nothing"
    finally:
        worker.join(60)
        holder["encoder"] = slow.inner
    assert not failures, failures
    assert elapsed < ENCODE_SECONDS, f"the requests waited {elapsed:.1f} s behind the job"
    with web.app_context():
        assert _db.session.get(User, user_id).profile.display_name == "After"
        embedded = _db.session.scalars(_db.select(Profile.embedded_at).where(Profile.id.in_(ids))).all()
        assert all(embedded)
        _db.session.remove()
    print(f"\nsign-in and profile save took {elapsed:.2f} s while the embedding job ran")


def test_a_transaction_begun_during_slow_work_is_refused(app, db):
    make_user(email="guard@example.org")
    with slow_work("a test"):
        with pytest.raises(TransactionDuringSlowWork):
            db.session.scalar(db.select(User.id))
        db.session.rollback()
        with short_transaction():
            assert db.session.scalar(db.select(User.email)) == "guard@example.org"
        assert not db.session().in_transaction()


def test_slow_work_refuses_pending_changes(app, db):
    user = make_user()
    user.locale = "fr"
    with pytest.raises(TransactionDuringSlowWork), slow_work("a test"):
        pass
    db.session.rollback()
