"""Capacity under concurrency: N mentors' accepts at the same moment, each thread with its own app context and
database session, never exceed capacity C (docs/SECURITY.md §5). Run on SQLite by default and on PostgreSQL
with TEST_DATABASE_URL; the figures are printed."""

from __future__ import annotations

import threading

import pytest
from flask_babel import force_locale

from learning_hub.errors import Conflict
from learning_hub.extensions import db as _db
from learning_hub.mentoring import inbox, seats
from learning_hub.models import MentoringRequest, MentorOffer, User, utcnow
from tests.factories import make_user


def _pending_offers(mentor: User, n: int) -> list[int]:
    """n requests from n people, each waiting for this mentor's answer (made directly: the concurrency is the point)."""
    ids = []
    for i in range(n):
        person = make_user(display_name=f"Mentee {i}")
        request = MentoringRequest(
            requester_id=person.profile.id, state="pending", need="A need " * 5, languages=["en"], submitted_at=utcnow()
        )
        _db.session.add(request)
        _db.session.flush()
        offer = MentorOffer(
            request_id=request.id,
            mentor_id=mentor.profile.id,
            position=1,
            state="pending",
            offered_at=utcnow(),
            due_at=utcnow(),
        )
        _db.session.add(offer)
        _db.session.commit()
        ids.append(offer.id)
    return ids


def _race(app, user_id: int, offer_ids: list[int]) -> tuple[int, int, list[str]]:
    """Accept every offer at once, one thread each. Returns (accepted, refused, unexpected errors)."""
    barrier = threading.Barrier(len(offer_ids))
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept(offer_id: int) -> None:
        with app.app_context(), force_locale("en"):
            try:
                actor = _db.session.get(User, user_id)
                _db.session.commit()  # SQLite: do not hold the write lock while waiting for the others
                barrier.wait(timeout=30)
                inbox.accept(actor, offer_id)
                result = "accepted"
            except Conflict:
                result = "refused"
            except Exception as exc:
                result = f"{type(exc).__name__}: {exc}"
            finally:
                _db.session.remove()
            with lock:
                outcomes.append(result)

    _db.session.commit()  # the test's own session must not hold SQLite's write lock either
    threads = [threading.Thread(target=accept, args=(offer_id,)) for offer_id in offer_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    errors = [o for o in outcomes if o not in ("accepted", "refused")]
    return outcomes.count("accepted"), outcomes.count("refused"), errors


@pytest.mark.parametrize(("n", "capacity"), [(8, 3), (6, 1), (4, 4)])
def test_parallel_accepts_never_exceed_capacity(app, db, n, capacity):
    """N simultaneous accepts against capacity C: exactly min(N, C) mentorships, the counter agrees, the rest
    refused."""
    mentor = make_user(display_name="Busy mentor", mentor_capacity=capacity)
    offer_ids = _pending_offers(mentor, n)
    accepted, refused, errors = _race(app, mentor.id, offer_ids)
    db.session.expire_all()
    active = seats.active_count(mentor.profile.id)
    counter = seats.load_of(mentor.profile.id)
    print(
        f"\n[{db.engine.dialect.name}] {n} parallel accepts against capacity {capacity}: {accepted} accepted, "
        f"{refused} refused, {active} active mentorships, load counter {counter}, {len(errors)} errors"
    )
    assert errors == []
    assert accepted == active == counter == min(n, capacity)
    assert refused == n - accepted
    still_pending = db.session.scalar(
        db.select(db.func.count(MentoringRequest.id)).where(MentoringRequest.state == "pending")
    )
    assert still_pending == n - accepted  # refused accepts rolled back entirely


def test_same_offer_answered_at_once(app, db):
    """Six threads accept the same offer: one mentorship, one seat, five refusals."""
    mentor = make_user(display_name="Popular", mentor_capacity=5)
    (offer_id,) = _pending_offers(mentor, 1)
    accepted, refused, errors = _race(app, mentor.id, [offer_id] * 6)
    db.session.expire_all()
    print(f"\n[{db.engine.dialect.name}] 6 parallel accepts of one offer: {accepted} accepted, {refused} refused")
    assert errors == []
    assert accepted == 1
    assert refused == 5
    assert seats.load_of(mentor.profile.id) == 1 == seats.active_count(mentor.profile.id)
