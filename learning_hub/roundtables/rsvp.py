"""Answers to invitations: the signed accept/decline link, the seat invariant, and quota-keeping substitutes.

The link carries the invitee's id and a random nonce, signed with the app's secret (itsdangerous): the database holds
only the nonce, so a copy of the database alone cannot answer for anyone, and clearing the nonce kills the link.

Seats: an acceptance takes its seat with one atomic statement,
    UPDATE roundtable SET seats_taken = seats_taken + 1
     WHERE id = :id AND seats_taken < seats AND invitation_deadline >= :now
and marks the answer in the same transaction, so concurrent accepts can never take more seats than there are (a check
constraint holds the same bound). Every answer touches the roundtable row first, so transactions that also lock
invitee rows always take their locks in the same order (no deadlock between an accept and a decline).

A decline promotes the first substitute on the waiting list whose arrival keeps every quota
(matching.next_substitute) and queues their invitation.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadData, URLSafeSerializer

from learning_hub import jobs
from learning_hub.errors import Conflict, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.models import Profile, Roundtable, RoundtableInvitee, utcnow
from learning_hub.models.roundtable import Rsvp
from learning_hub.roundtables import people as people_mod
from learning_hub.roundtables import quotas as q
from matching import next_substitute

SALT = "roundtable-rsvp"
ANSWERS = ("accept", "decline")


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def token_for(invitee: RoundtableInvitee) -> str:
    return _serializer().dumps([invitee.id, invitee.rsvp_nonce])


def invitee_for_token(token: str) -> RoundtableInvitee:
    """The invited person behind a link, or NotFound (forged, mangled, or no longer valid)."""
    missing = NotFound(_("This invitation link is not valid. Ask the organiser for a new one."))
    try:
        data = _serializer().loads(token or "")
    except BadData:
        raise missing from None
    if not (
        isinstance(data, list)
        and len(data) == 2
        and isinstance(data[0], int)
        and isinstance(data[1], str)
        and 1 <= data[0] <= 2**31 - 1
    ):
        raise missing
    invitee = db.session.get(RoundtableInvitee, data[0])
    if (
        invitee is None
        or not invitee.rsvp_nonce
        or invitee.list_role != "invitee"
        or not hmac.compare_digest(invitee.rsvp_nonce, data[1])
    ):
        raise missing
    return invitee


def own_invitation(actor, invitee_id: int) -> RoundtableInvitee:
    """The actor's own invitation (others' are 404, like ones that do not exist)."""
    invitee = db.session.get(RoundtableInvitee, invitee_id)
    profile = actor.profile if actor is not None and actor.is_authenticated else None
    if (
        invitee is None
        or profile is None
        or invitee.profile_id != profile.id
        or invitee.list_role != "invitee"
        or invitee.rsvp in (Rsvp.NONE, Rsvp.WITHDRAWN)
    ):
        raise NotFound(_("There is no such invitation."))
    return invitee


def my_invitations(actor) -> list[RoundtableInvitee]:
    """The actor's invitations (sent ones: pending, accepted or declined), the latest roundtable first."""
    profile = actor.profile if actor is not None and actor.is_authenticated else None
    if profile is None:
        return []
    return list(
        db.session.scalars(
            db.select(RoundtableInvitee)
            .join(Roundtable, Roundtable.id == RoundtableInvitee.roundtable_id)
            .where(
                RoundtableInvitee.profile_id == profile.id,
                RoundtableInvitee.list_role == "invitee",
                RoundtableInvitee.rsvp.in_((Rsvp.PENDING, Rsvp.ACCEPTED, Rsvp.DECLINED)),
            )
            .order_by(Roundtable.starts_at.desc(), RoundtableInvitee.id.desc())
        )
    )


@dataclass(frozen=True)
class Outcome:
    invitee_id: int
    answer: str
    changed: bool  # False when the same answer had been given already
    promoted_id: int | None = None


def respond(invitee_id: int, answer: str, now=None) -> Outcome:
    if answer not in ANSWERS:
        raise ValidationError(_("Answer with accept or decline."))
    return _accept(invitee_id, now or utcnow()) if answer == "accept" else _decline(invitee_id, now or utcnow())


def _accept(invitee_id: int, now) -> Outcome:
    invitee = db.session.get(RoundtableInvitee, invitee_id)
    if invitee is None or invitee.list_role != "invitee":
        raise NotFound(_("There is no such invitation."))
    roundtable_id = invitee.roundtable_id
    seat = db.session.execute(
        db.update(Roundtable)
        .where(
            Roundtable.id == roundtable_id,
            Roundtable.seats_taken < Roundtable.seats,
            Roundtable.invitation_deadline >= now,
        )
        .values(seats_taken=Roundtable.seats_taken + 1)
        .execution_options(synchronize_session=False)
    )
    if seat.rowcount == 1:
        marked = db.session.execute(
            db.update(RoundtableInvitee)
            .where(RoundtableInvitee.id == invitee_id, RoundtableInvitee.rsvp.in_((Rsvp.PENDING, Rsvp.DECLINED)))
            .values(rsvp="accepted", responded_at=now)
            .execution_options(synchronize_session=False)
        )
        if marked.rowcount == 1:
            db.session.commit()
            return Outcome(invitee_id, "accept", True)
    db.session.rollback()  # gives the seat back if it was taken
    invitee = db.session.get(RoundtableInvitee, invitee_id)
    roundtable = db.session.get(Roundtable, roundtable_id)
    if invitee.rsvp == Rsvp.ACCEPTED:
        return Outcome(invitee_id, "accept", False)
    if roundtable.deadline_passed(now):
        raise Conflict(_("The deadline for answers has passed. Please contact the organiser."))
    if invitee.rsvp not in (Rsvp.PENDING, Rsvp.DECLINED):
        raise Conflict(_("This invitation can no longer be answered."))
    raise Conflict(_("Sorry, all %(seats)s seats have been taken.", seats=roundtable.seats))


def _decline(invitee_id: int, now) -> Outcome:
    invitee = db.session.get(RoundtableInvitee, invitee_id)
    if invitee is None or invitee.list_role != "invitee":
        raise NotFound(_("There is no such invitation."))
    roundtable = db.session.scalars(
        db.select(Roundtable).where(Roundtable.id == invitee.roundtable_id).with_for_update()
    ).one()  # serialises declines and promotions per roundtable
    db.session.refresh(invitee)
    if invitee.rsvp == Rsvp.DECLINED:
        db.session.rollback()
        return Outcome(invitee_id, "decline", False)
    if roundtable.deadline_passed(now):
        db.session.rollback()
        raise Conflict(_("The deadline for answers has passed. Please contact the organiser."))
    previous = invitee.rsvp
    if previous not in ("pending", "accepted"):
        db.session.rollback()
        raise Conflict(_("This invitation can no longer be answered."))
    done = db.session.execute(
        db.update(RoundtableInvitee)
        .where(RoundtableInvitee.id == invitee_id, RoundtableInvitee.rsvp == previous)
        .values(rsvp="declined", responded_at=now)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        db.session.rollback()
        raise Conflict(_("This invitation changed in the meantime; reload the page."))
    if previous == "accepted":
        db.session.execute(
            db.update(Roundtable)
            .where(Roundtable.id == roundtable.id, Roundtable.seats_taken > 0)
            .values(seats_taken=Roundtable.seats_taken - 1)
            .execution_options(synchronize_session=False)
        )
    promoted = _promote_next(roundtable, invitee.profile_id, now)
    db.session.commit()
    if promoted is not None:
        queue_invitations(roundtable.id, [promoted])
    return Outcome(invitee_id, "decline", True, promoted)


def _current_rows(roundtable_id: int) -> list[RoundtableInvitee]:
    return list(
        db.session.scalars(
            db.select(RoundtableInvitee)
            .where(RoundtableInvitee.roundtable_id == roundtable_id)
            .order_by(RoundtableInvitee.rank, RoundtableInvitee.id)
            .execution_options(populate_existing=True)
        )
    )


def substitute_for(roundtable: Roundtable, declined_profile_id: int | None) -> RoundtableInvitee | None:
    """The first waiting substitute (still listed) who can take the declined seat keeping every quota."""
    rows = _current_rows(roundtable.id)
    holding = [r for r in rows if r.holds_seat and r.profile_id is not None]
    if declined_profile_id is None or len(holding) >= roundtable.seats:
        return None
    waiting = [r for r in rows if r.list_role == "substitute" and r.rsvp == Rsvp.NONE and r.profile_id is not None]
    listed = {c.profile_id: c for c in people_mod.load_candidates([r.profile_id for r in waiting])}
    waiting = [r for r in waiting if r.profile_id in listed]
    if not waiting:
        return None
    others = people_mod.load_candidates([r.profile_id for r in holding] + [declined_profile_id], listed_only=False)
    persons = {str(c.profile_id): c.person() for c in [*others, *listed.values()]}
    declined = str(declined_profile_id)
    invited = [str(r.profile_id) for r in holding if str(r.profile_id) in persons]
    if declined not in persons:
        return None
    chosen = next_substitute(
        [*invited, declined],
        declined,
        [str(r.profile_id) for r in waiting],
        persons,
        quotas=q.engine_quotas(q.rows_of(roundtable.quotas), roundtable.seats),
        max_per=q.max_per(roundtable.max_per_country),
        seats=roundtable.seats,
    )
    return next((r for r in waiting if str(r.profile_id) == chosen), None)


def _promote_next(roundtable: Roundtable, declined_profile_id: int | None, now) -> int | None:
    row = substitute_for(roundtable, declined_profile_id)
    return promote(row.id, now) if row is not None else None


def promote(invitee_id: int, now) -> int | None:
    """Make a waiting substitute an invitee (their invitation is then queued). Part of the caller's transaction."""
    done = db.session.execute(
        db.update(RoundtableInvitee)
        .where(
            RoundtableInvitee.id == invitee_id,
            RoundtableInvitee.list_role == "substitute",
            RoundtableInvitee.rsvp == Rsvp.NONE,
        )
        .values(list_role="invitee", promoted_at=now)
        .execution_options(synchronize_session=False)
    )
    return invitee_id if done.rowcount == 1 else None


def queue_invitations(roundtable_id: int, invitee_ids: list[int] | None = None, actor=None):
    """Send invitations (and their calendar files) off the request path: learning_hub.roundtables.mailing."""
    return jobs.enqueue(
        "roundtables.send",
        subject=f"roundtable:{roundtable_id}",
        actor=actor,
        roundtable_id=roundtable_id,
        mode="invite",
        invitee_ids=invitee_ids,
    )


def invitee_profile(invitee: RoundtableInvitee) -> Profile | None:
    return db.session.get(Profile, invitee.profile_id) if invitee.profile_id else None
