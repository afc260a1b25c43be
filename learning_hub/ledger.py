"""The load ledger: how much each person is already asked to do, read from the app's own records.

A person's load is the number of their active peer pairs (suggested or locked, in a published run), their active
mentorships (as mentor or as mentee) and their roundtable seats (listed as an invitee, not declined or withdrawn) at
roundtables starting in the last `LOAD_WINDOW_DAYS` days or later. The roundtable generation, the peer-exchange runs
and the mentor assignment all pass this one count to the engine (`load`) with the cap `LOAD_CAP` (`max_load`, default
4): nobody is given a new pair, mentee or seat that would take them over the cap, and the engine spreads the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import timedelta

from flask import current_app

from learning_hub.computations import Status
from learning_hub.extensions import db
from learning_hub.models import MatchPair, MatchRun, MentoringRequest, Roundtable, RoundtableInvitee, utcnow
from learning_hub.models.mentoring import RequestState
from learning_hub.models.peer_exchange import ACTIVE_PAIR_STATES

DEFAULT_LOAD_CAP = 4
DEFAULT_WINDOW_DAYS = 90
SEAT_STATES = ("none", "pending", "accepted")


def cap() -> int | None:
    """The per-person cap across programmes (config LOAD_CAP; 0 or less switches the cap off)."""
    value = int(current_app.config.get("LOAD_CAP", DEFAULT_LOAD_CAP))
    return value if value > 0 else None


def window_days() -> int:
    return int(current_app.config.get("LOAD_WINDOW_DAYS", DEFAULT_WINDOW_DAYS))


def loads(profile_ids: Iterable[int] | None = None, *, skip_roundtable: int | None = None) -> dict[int, int]:
    """profile id -> current load (only people with a load are present). `skip_roundtable` leaves one roundtable's
    own list out (it is the one being generated again)."""
    wanted = None if profile_ids is None else set(profile_ids)
    count: Counter[int] = Counter()
    pairs = db.session.execute(
        db.select(MatchPair.a_profile_id, MatchPair.b_profile_id)
        .join(MatchRun, MatchRun.id == MatchPair.run_id)
        .where(MatchRun.status == Status.PUBLISHED, MatchPair.state.in_(ACTIVE_PAIR_STATES))
    )
    for a, b in pairs:
        count.update(x for x in (a, b) if x is not None)
    mentorships = db.session.execute(
        db.select(MentoringRequest.requester_id, MentoringRequest.mentor_id).where(
            MentoringRequest.state == RequestState.ACTIVE.value
        )
    )
    for requester, mentor in mentorships:
        count.update(x for x in (requester, mentor) if x is not None)
    since = utcnow() - timedelta(days=window_days())
    seats = (
        db.select(RoundtableInvitee.profile_id)
        .join(Roundtable, Roundtable.id == RoundtableInvitee.roundtable_id)
        .where(
            RoundtableInvitee.profile_id.is_not(None),
            RoundtableInvitee.list_role == "invitee",
            RoundtableInvitee.rsvp.in_(SEAT_STATES),
            Roundtable.starts_at >= since,
        )
    )
    if skip_roundtable is not None:
        seats = seats.where(Roundtable.id != skip_roundtable)
    count.update(db.session.scalars(seats))
    return {pid: n for pid, n in count.items() if wanted is None or pid in wanted}


def engine_load(profile_ids: Iterable[int], **kwargs) -> dict[str, float]:
    """The ledger keyed as the engine's ids (profile ids as strings)."""
    return {str(pid): float(n) for pid, n in loads(profile_ids, **kwargs).items()}
