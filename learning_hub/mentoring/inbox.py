"""The mentor's side: the inbox, accepting or declining (from the inbox or from the emailed link), capacity, pause.

Accepting takes a seat with an atomic UPDATE (seats.take_seat) in the same transaction that moves the offer and the
request: if the mentor is full, everything rolls back and they are told so. The emailed link carries a token that
is good for one thing only, answering that one offer while it is pending; only its sha256 is stored, and the page it
opens acts only on POST (a link scanner that fetches it changes nothing).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from learning_hub.email import absolute_url as link
from learning_hub.errors import Conflict, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.forms import has_control_chars
from learning_hub.mentoring import cascade, seats
from learning_hub.mentoring.notify import Mail, send_all
from learning_hub.mentoring.states import close_open_offers, move_offer, move_request
from learning_hub.models import MentoringRequest, MentorOffer, OfferState, Profile, User, hash_token, utcnow

REASON_MAX = 1000
MAX_CAPACITY = 20


@dataclass(frozen=True)
class Inbox:
    pending: list[MentorOffer]
    answered: list[MentorOffer]
    mentorships: list[MentoringRequest]
    capacity: int
    active: int
    available: bool


def inbox(actor: User) -> Inbox:
    profile = actor.profile
    if profile is None:
        return Inbox([], [], [], 0, 0, False)
    offers = list(
        db.session.scalars(
            select(MentorOffer)
            .where(
                MentorOffer.mentor_id == profile.id,
                MentorOffer.state.in_(
                    (OfferState.PENDING, OfferState.ACCEPTED, OfferState.DECLINED, OfferState.EXPIRED)
                ),
            )
            .order_by(MentorOffer.id.desc())
        )
    )
    mentorships = list(
        db.session.scalars(
            select(MentoringRequest)
            .where(MentoringRequest.mentor_id == profile.id)
            .order_by(MentoringRequest.accepted_at.desc())
        )
    )
    return Inbox(
        [o for o in offers if o.state == OfferState.PENDING],
        [o for o in offers if o.state != OfferState.PENDING][:20],
        mentorships,
        profile.mentor_capacity,
        seats.load_of(profile.id),
        profile.mentor_available,
    )


def get_offer(actor: User, offer_id: int) -> MentorOffer:
    """An offer made to the actor (any state); others' offers are NotFound."""
    offer = db.session.get(MentorOffer, offer_id)
    if (
        offer is None
        or actor.profile is None
        or offer.mentor_id != actor.profile.id
        or offer.state in (OfferState.WAITING, OfferState.SKIPPED)
    ):
        raise NotFound(_("There is no such mentoring request in your inbox."))
    return offer


def offer_for_token(token: str) -> MentorOffer:
    """The pending offer an emailed token answers; anything else (wrong, used, expired) is NotFound."""
    if not token or len(token) > 200:
        raise NotFound(_("This link is not valid any more."))
    offer = db.session.scalar(select(MentorOffer).where(MentorOffer.token_hash == hash_token(token)))
    if offer is None or offer.state != OfferState.PENDING.value or offer.mentor_id is None:
        raise NotFound(_("This link is not valid any more: the request was answered, passed on or withdrawn."))
    return offer


def clean_reason(reason: str | None) -> str | None:
    reason = (reason or "").strip()
    if has_control_chars(reason):
        raise ValidationError(_("Remove the invisible control characters from this field."), field="reason")
    if len(reason) > REASON_MAX:
        raise ValidationError(_("Use at most %(n)s characters.", n=REASON_MAX), field="reason")
    return reason or None


def _judge(offer: MentorOffer, accepted: bool) -> None:
    """The mentor's answer as a judgement, with the score and the two sentences the offer showed."""
    from learning_hub.decisions.services import record
    from learning_hub.models import ActorRole, JudgementKind

    mentor = offer.mentor
    record(
        JudgementKind.MENTOR_ACCEPT if accepted else JudgementKind.MENTOR_DECLINE,
        mentor.user if mentor is not None else None,
        ActorRole.MENTOR,
        source_id=offer.id,
        list_key=f"request:{offer.request_id}",
        a_profile_id=offer.request.requester_id,
        b_profile_id=offer.mentor_id,
        a_text=offer.need_excerpt or "",
        b_text=offer.experience_excerpt or "",
        score=offer.score,
    )


def _accept(offer: MentorOffer) -> MentoringRequest:
    _judge(offer, accepted=True)
    now, mentor_id, request_id = utcnow(), offer.mentor_id, offer.request_id
    move_offer(offer.id, "accept", answered_at=now, token_hash=None)
    move_request(request_id, "accept", mentor_id=mentor_id, accepted_at=now)
    close_open_offers(request_id)
    if not seats.take_seat(mentor_id):
        db.session.rollback()
        raise Conflict(
            _(
                "You are already mentoring as many people as your capacity allows. Raise your capacity or "
                "decline this request."
            )
        )
    db.session.commit()
    request = db.session.get(MentoringRequest, request_id)
    mentor, requester = request.mentor, request.requester
    page = link("mentoring.mentorship", request_id=request_id)
    send_all(
        [
            Mail(
                request.requester_id,
                "accepted",
                _l("%(name)s will mentor you", name=mentor.display_name),
                {"mentor": mentor.display_name, "mentor_email": mentor.user.email, "link": page},
            ),
            Mail(
                mentor_id,
                "accepted_mentor",
                _l("You are now mentoring %(name)s", name=requester.display_name if requester else ""),
                {
                    "requester": requester.display_name if requester else "",
                    "requester_email": requester.user.email if requester else "",
                    "link": page,
                },
            ),
        ]
    )
    return request


def _decline(offer: MentorOffer, reason: str | None) -> None:
    now, mails = utcnow(), []
    reason = clean_reason(reason)
    _judge(offer, accepted=False)
    move_offer(offer.id, "decline", answered_at=now, token_hash=None, reason=reason)
    cascade.pass_on(offer, now, mails, why="declined")
    db.session.commit()
    send_all(mails)


def accept(actor: User, offer_id: int) -> MentoringRequest:
    return _accept(get_offer(actor, offer_id))


def decline(actor: User, offer_id: int, reason: str | None) -> None:
    _decline(get_offer(actor, offer_id), reason)


def answer_by_token(token: str, answer: str, reason: str | None = None) -> MentoringRequest | None:
    """Accept or decline through the emailed link (POST only): the token is the credential for this one offer."""
    offer = offer_for_token(token)
    if answer == "accept":
        return _accept(offer)
    if answer == "decline":
        _decline(offer, reason)
        return None
    raise ValidationError(_("Answer with accept or decline."))


def _mentor_profile(actor: User) -> Profile:
    if actor.profile is None:
        raise ValidationError(_("Fill in your profile first."))
    return actor.profile


def set_capacity(actor: User, capacity: int) -> Profile:
    """How many people the mentor takes at a time (1-20). Lowering it below the current load ends nobody's
    mentorship; it only stops new accepts until the load is below it again."""
    profile = _mentor_profile(actor)
    if capacity is None or not 1 <= int(capacity) <= MAX_CAPACITY:
        raise ValidationError(_("Choose how many people you can mentor at a time (1 to 20)."), field="capacity")
    db.session.execute(
        db.update(Profile).where(Profile.id == profile.id).values(mentor_capacity=int(capacity), updated_at=utcnow())
    )
    db.session.commit()
    db.session.refresh(profile)
    return profile


def set_available(actor: User, available: bool) -> Profile:
    """Pause (no new requests or suggestions; requests already in the inbox can still be answered) or resume."""
    profile = _mentor_profile(actor)
    if available and (profile.mentor_capacity or 0) < 1:
        raise ValidationError(_("Set how many people you can mentor before resuming."), field="capacity")
    db.session.execute(
        db.update(Profile).where(Profile.id == profile.id).values(mentor_available=bool(available), updated_at=utcnow())
    )
    db.session.commit()
    db.session.refresh(profile)
    return profile
