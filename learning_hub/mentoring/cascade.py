"""The cascade: a request goes to the requester's first choice; a decline or no answer within
MENTORING_RESPONSE_DAYS passes it to the next; when nobody is left it joins the coordinators' queue.

`open_next` runs inside the caller's transaction and appends the emails to send once it commits. A choice who can
no longer take anyone when reached (paused, full, unlisted, account gone) is skipped rather than asked.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from learning_hub.email import absolute_url as link
from learning_hub.extensions import db
from learning_hub.mentoring import seats
from learning_hub.mentoring.notify import Mail, new_token
from learning_hub.mentoring.states import move_offer, move_request
from learning_hub.models import MentoringRequest, MentorOffer, OfferState, Profile, User

DEFAULT_RESPONSE_DAYS = 7


def response_days() -> int:
    return int(current_app.config.get("MENTORING_RESPONSE_DAYS", DEFAULT_RESPONSE_DAYS))


def can_take_more(profile_id: int) -> bool:
    """Listed, active account, mentoring switched on and not paused, and a seat free right now."""
    row = db.session.execute(
        select(Profile.mentor_capacity)
        .join(User, User.id == Profile.user_id)
        .where(Profile.id == profile_id, Profile.is_listed, Profile.mentor_available.is_(True))
    ).first()
    return row is not None and seats.load_of(profile_id) < (row[0] or 0)


def offer_mail(request: MentoringRequest, offer: MentorOffer, token: str) -> Mail:
    requester = request.requester
    return Mail(
        offer.mentor_id,
        "offer",
        _l("A mentoring request for you"),
        {
            "requester": requester.display_name if requester else "",
            "requester_country": requester.country if requester else None,
            "need": request.need,
            "languages": list(request.languages),
            "excerpt": offer.experience_excerpt,
            "terms": list(offer.terms or []),
            "due_at": offer.due_at,
            "origin": offer.origin,
            "accept_link": link("mentoring.respond_link", token=token, answer="accept"),
            "decline_link": link("mentoring.respond_link", token=token, answer="decline"),
            "inbox_link": link("mentoring.inbox"),
        },
    )


def open_next(request_id: int, now: datetime, mails: list[Mail]) -> MentorOffer | None:
    """Offer the request to its next usable choice, or queue it for the coordinators. Returns the opened offer."""
    request = db.session.get(MentoringRequest, request_id)
    waiting = db.session.scalars(
        select(MentorOffer)
        .where(MentorOffer.request_id == request_id, MentorOffer.state == OfferState.WAITING.value)
        .order_by(MentorOffer.position)
    ).all()
    for offer in waiting:
        if offer.mentor_id is None or not can_take_more(offer.mentor_id):
            move_offer(offer.id, "skip", answered_at=now)
            continue
        token, digest = new_token()
        due = now + timedelta(days=response_days())
        move_offer(offer.id, "open", offered_at=now, due_at=due, token_hash=digest)
        db.session.refresh(offer)
        mails.append(offer_mail(request, offer, token))
        return offer
    move_request(request_id, "queue", queued_at=now)
    return None


def pass_on(offer: MentorOffer, now: datetime, mails: list[Mail], *, why: str) -> MentorOffer | None:
    """After `offer` was declined or expired (already moved by the caller): the next choice, and the requester told."""
    db.session.refresh(offer)  # the caller's UPDATE set the answer and reason in SQL
    request_id = offer.request_id
    move_request(request_id, "pass_on")  # also locks the request row for the rest of this transaction
    nxt = open_next(request_id, now, mails)
    request = db.session.get(MentoringRequest, request_id)
    former = offer.mentor.display_name if offer.mentor else None
    mails.append(
        Mail(
            request.requester_id,
            "passed_on",
            _l("Your mentoring request has moved on") if nxt else _l("Your mentoring request is with the coordinators"),
            {
                "former": former,
                "why": why,
                "reason": offer.reason if why == "declined" else None,
                "next_name": nxt.mentor.display_name if nxt and nxt.mentor else None,
                "request_link": link("mentoring.request_detail", request_id=request_id),
            },
        )
    )
    return nxt
