"""Accepted seats never exceed the seats, even when many people accept at the same moment: threads, each with its own
request and app context and database session, answer at once. Runs on SQLite by default and on PostgreSQL with
TEST_DATABASE_URL; the figures are printed."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from learning_hub.errors import Conflict
from learning_hub.extensions import db as _db
from learning_hub.models import Roundtable, RoundtableInvitee, utcnow
from learning_hub.roundtables import rsvp

SEATS, PEOPLE, ROUNDS = 3, 12, 5


def _roundtable(directory, seats: int, invited: int, accepted: int = 0) -> tuple[int, list[int]]:
    """A roundtable whose invitations are out, with more people invited than seats (declined people who may come
    back, say): only the database stands between them and an overfull room."""
    now = utcnow()
    rt = Roundtable(
        title="Busy roundtable",
        topic="Many people want to come to this one.",
        time_zone="UTC",
        starts_at=now + timedelta(days=10),
        invitation_deadline=now + timedelta(days=5),
        seats=seats,
        seats_taken=accepted,
        status="inviting",
    )
    _db.session.add(rt)
    _db.session.flush()
    rows = [
        RoundtableInvitee(
            roundtable_id=rt.id,
            profile_id=user.profile.id,
            list_role="invitee",
            rank=n + 1,
            rsvp="accepted" if n < accepted else "pending",
            rsvp_nonce=f"nonce{n}",
        )
        for n, user in enumerate(directory[:invited])
    ]
    _db.session.add_all(rows)
    _db.session.commit()
    return rt.id, [row.id for row in rows]


def _race(app, calls: list[tuple[int, str]]) -> tuple[list[str], float]:
    """Run every (invitee, answer) in its own thread, released together; each outcome is ok, refused or an error."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker(invitee_id: int, answer: str) -> None:
        # A POST's own contexts, as a worker process would have them: its app context, database session and locale.
        with app.test_request_context(method="POST"):
            try:
                barrier.wait(timeout=30)
                rsvp.respond(invitee_id, answer)
                result = "ok"
            except Conflict:
                result = "refused"
            except Exception as exc:
                result = f"error: {type(exc).__name__}: {exc}"
            finally:
                _db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=worker, args=call) for call in calls]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes, time.perf_counter() - started


def _state(rt_id: int) -> tuple[int, int]:
    _db.session.expire_all()
    taken = _db.session.get(Roundtable, rt_id).seats_taken
    accepted = _db.session.scalar(
        _db.select(_db.func.count())
        .select_from(RoundtableInvitee)
        .where(RoundtableInvitee.roundtable_id == rt_id, RoundtableInvitee.rsvp == "accepted")
    )
    return taken, accepted


def test_concurrent_accepts_never_exceed_the_seats(app, db, directory):
    backend = db.engine.dialect.name
    totals = {"ok": 0, "refused": 0}
    for round_number in range(ROUNDS):
        rt_id, ids = _roundtable(directory, SEATS, PEOPLE)
        db.session.commit()  # free SQLite's write lock for the threads
        outcomes, seconds = _race(app, [(invitee_id, "accept") for invitee_id in ids])
        errors = [o for o in outcomes if o.startswith("error")]
        assert not errors, errors
        taken, accepted = _state(rt_id)
        ok = outcomes.count("ok")
        print(
            f"\n{backend}: round {round_number + 1}: {PEOPLE} concurrent accepts for {SEATS} seats: {ok} accepted, "
            f"{outcomes.count('refused')} refused, seats_taken={taken}, accepted rows={accepted}, {seconds:.2f} s"
        )
        assert ok == SEATS
        assert taken == SEATS
        assert accepted == SEATS
        totals["ok"] += ok
        totals["refused"] += outcomes.count("refused")
    print(
        f"{backend}: {ROUNDS * PEOPLE} accepts in {ROUNDS} rounds: {totals['ok']} seats given "
        f"({ROUNDS * SEATS} available), {totals['refused']} refused, 0 over the limit"
    )


def test_concurrent_accepts_and_declines_keep_the_count_exact(app, db, directory):
    """Two of three seats taken; the two holders decline while eight others accept: the count of accepted rows and
    seats_taken agree and stay within the seats."""
    backend = db.engine.dialect.name
    rt_id, ids = _roundtable(directory, SEATS, 10, accepted=2)
    db.session.commit()
    calls = [(ids[0], "decline"), (ids[1], "decline")] + [(i, "accept") for i in ids[2:]]
    outcomes, seconds = _race(app, calls)
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    taken, accepted = _state(rt_id)
    print(
        f"\n{backend}: 2 declines and 8 accepts at once for {SEATS} seats (2 taken): seats_taken={taken}, "
        f"accepted rows={accepted}, {outcomes.count('refused')} refused, {seconds:.2f} s"
    )
    assert taken == accepted <= SEATS
    assert accepted >= 1  # at least the one seat free from the start was taken
