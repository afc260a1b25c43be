"""Every state change of a request and of an offer, each with the states it may start from.

A move is one `UPDATE ... WHERE id = :id AND state IN (allowed)`: the database decides, so two people acting at
the same moment (a mentor accepting while the requester withdraws, the expiry sweep racing a late answer) cannot both
win; the loser gets a Conflict and its transaction is rolled back. On PostgreSQL the UPDATE also locks the row until
commit, which serialises the rest of that transaction's work on the same request.

Request:  draft -> pending (submit: choices made) | queued (submit without choices) | deleted (discard)
          pending -> pending (pass_on: the next choice) | queued (nobody left) | active (accept) | withdrawn
          queued -> pending (offer: a coordinator's published assignment) | withdrawn
          active -> completed | cancelled
Offer:    waiting -> pending (open) | skipped | closed
          pending -> accepted | declined | expired | closed
"""

from __future__ import annotations

from flask_babel import gettext as _

from learning_hub.errors import Conflict
from learning_hub.extensions import db
from learning_hub.models import MentoringRequest, MentorOffer, OfferState, RequestState

R, OS = RequestState, OfferState

REQUEST_MOVES: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({R.DRAFT}), R.PENDING),
    "queue": (frozenset({R.DRAFT, R.PENDING}), R.QUEUED),
    "pass_on": (frozenset({R.PENDING}), R.PENDING),
    "offer": (frozenset({R.QUEUED}), R.PENDING),
    "accept": (frozenset({R.PENDING}), R.ACTIVE),
    "withdraw": (frozenset({R.PENDING, R.QUEUED}), R.WITHDRAWN),
    "complete": (frozenset({R.ACTIVE}), R.COMPLETED),
    "cancel": (frozenset({R.ACTIVE}), R.CANCELLED),
}
REQUEST_DELETES: dict[str, frozenset[str]] = {"discard": frozenset({R.DRAFT})}

OFFER_MOVES: dict[str, tuple[frozenset[str], str]] = {
    "open": (frozenset({OS.WAITING}), OS.PENDING),
    "skip": (frozenset({OS.WAITING}), OS.SKIPPED),
    "accept": (frozenset({OS.PENDING}), OS.ACCEPTED),
    "decline": (frozenset({OS.PENDING}), OS.DECLINED),
    "expire": (frozenset({OS.PENDING}), OS.EXPIRED),
    "close": (frozenset({OS.WAITING, OS.PENDING}), OS.CLOSED),
}


def _values(states) -> list[str]:
    return sorted(s.value if hasattr(s, "value") else s for s in states)


def _refusal(action: str) -> str:
    return {
        "accept": _("This request is no longer waiting for an answer."),
        "decline": _("This request is no longer waiting for an answer."),
        "withdraw": _("This request can no longer be withdrawn."),
        "complete": _("Only an active mentorship can be completed."),
        "cancel": _("Only an active mentorship can be cancelled."),
        "discard": _("Only a draft can be discarded."),
    }.get(action, _("This request changed in the meantime; please look at it again."))


def move_request(request_id: int, action: str, **values) -> None:
    """Apply `action` to the request or raise Conflict (after a rollback) if its state does not allow it."""
    allowed, target = REQUEST_MOVES[action]
    result = db.session.execute(
        db.update(MentoringRequest)
        .where(MentoringRequest.id == request_id, MentoringRequest.state.in_(_values(allowed)))
        .values(state=target.value, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise Conflict(_refusal(action))


def delete_request(request_id: int, action: str) -> None:
    allowed = REQUEST_DELETES[action]
    result = db.session.execute(
        db.delete(MentoringRequest)
        .where(MentoringRequest.id == request_id, MentoringRequest.state.in_(_values(allowed)))
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise Conflict(_refusal(action))


def move_offer(offer_id: int, action: str, **values) -> None:
    allowed, target = OFFER_MOVES[action]
    result = db.session.execute(
        db.update(MentorOffer)
        .where(MentorOffer.id == offer_id, MentorOffer.state.in_(_values(allowed)))
        .values(state=target.value, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise Conflict(_refusal(action))


def close_open_offers(request_id: int) -> list[int]:
    """Close the request's waiting and pending offers (it was accepted or withdrawn); returns the pending mentors'
    profile ids, who were waiting to answer and should hear about it."""
    allowed, target = OFFER_MOVES["close"]
    pending = list(
        db.session.scalars(
            db.select(MentorOffer.mentor_id).where(
                MentorOffer.request_id == request_id, MentorOffer.state == OS.PENDING.value
            )
        )
    )
    db.session.execute(
        db.update(MentorOffer)
        .where(MentorOffer.request_id == request_id, MentorOffer.state.in_(_values(allowed)))
        .values(state=target.value, token_hash=None)
        .execution_options(synchronize_session=False)
    )
    return [pid for pid in pending if pid is not None]
