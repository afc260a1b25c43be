"""The load ledger counts each person's active peer pairs (published runs), active mentorships and recent roundtable
seats from the app's own records; the roundtable generation leaves out anyone at LOAD_CAP."""

from __future__ import annotations

from datetime import timedelta

from learning_hub import ledger
from learning_hub.models import MatchPair, MatchRun, MentoringRequest, Roundtable, RoundtableInvitee, utcnow
from tests.roundtables.helpers import create, form_data, rows


def _roundtable(db, title: str, days: int) -> Roundtable:
    start = utcnow() + timedelta(days=days)
    rt = Roundtable(
        title=title,
        topic="A topic long enough for a roundtable.",
        starts_at=start,
        time_zone="UTC",
        seats=4,
        invitation_deadline=start - timedelta(days=1),
    )
    db.session.add(rt)
    db.session.flush()
    return rt


def test_the_ledger_counts_pairs_mentorships_and_recent_seats(client_as, eight, organiser, db):
    """A: pairs with B (suggested) and C (locked) in a published run, a pair with D in a draft run (not counted),
    mentor of D (active) and of B (completed: not counted), a seat 10 days ago -> 2 + 1 + 1 = 4.
    B: the pair with A; a declined seat (not counted) -> 1. C: the pair with A; a seat 200 days ago (outside the 90-day
    window) -> 1. D: mentee of A -> 1. Nobody else has a load. A is at the default cap of 4: never listed."""
    a, b, c, d = (u.profile.id for u in eight[:4])
    published = MatchRun(status="published")
    draft = MatchRun(status="ready")
    db.session.add_all([published, draft])
    db.session.flush()
    db.session.add_all(
        [
            MatchPair(run_id=published.id, a_profile_id=a, b_profile_id=b, score=0.5, state="suggested"),
            MatchPair(run_id=published.id, a_profile_id=c, b_profile_id=a, score=0.5, state="locked"),
            MatchPair(run_id=published.id, a_profile_id=b, b_profile_id=c, score=0.5, state="rejected"),
            MatchPair(run_id=draft.id, a_profile_id=a, b_profile_id=d, score=0.5, state="suggested"),
            MentoringRequest(requester_id=d, mentor_id=a, state="active"),
            MentoringRequest(requester_id=b, mentor_id=a, state="completed"),
        ]
    )
    recent, old = _roundtable(db, "Recent", -10), _roundtable(db, "Old", -200)
    db.session.add_all(
        [
            RoundtableInvitee(roundtable_id=recent.id, profile_id=a, list_role="invitee", rank=1, rsvp="accepted"),
            RoundtableInvitee(roundtable_id=recent.id, profile_id=b, list_role="invitee", rank=2, rsvp="declined"),
            RoundtableInvitee(roundtable_id=old.id, profile_id=c, list_role="invitee", rank=1, rsvp="accepted"),
        ]
    )
    db.session.commit()
    assert ledger.loads() == {a: 4, b: 1, c: 1, d: 1}
    assert ledger.cap() == 4
    client = client_as(organiser)
    lottery = create(client, **form_data(seats="4", selection="lottery"))
    assert a not in {r.profile_id for r in rows(lottery.id)}
    assert lottery.draw["eligible"] == 7
    plain = create(client, **form_data(seats="4", selection="relevance", title="Plain roundtable"))
    assert a not in {r.profile_id for r in rows(plain.id)}
