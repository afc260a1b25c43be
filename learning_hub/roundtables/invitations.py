"""Organisers' invitation services: send the invitations, remind chosen pending invitees, invite a substitute by hand.

Emails go out from a background job (mailing.py); these services check the rules, change the state atomically and
queue the job. The deadline is respected everywhere: nothing is sent after it and no answer is taken after it.
"""

from __future__ import annotations

from flask_babel import gettext as _

from learning_hub import audit, jobs
from learning_hub.errors import Conflict, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.models import Roundtable, RoundtableInvitee, User, utcnow
from learning_hub.models.roundtable import Rsvp
from learning_hub.roundtables import people as people_mod
from learning_hub.roundtables.rsvp import promote, queue_invitations
from learning_hub.roundtables.services import get


def _open_for_answers(roundtable: Roundtable) -> None:
    if roundtable.deadline_passed():
        raise Conflict(_("The invitation deadline has passed: nothing more is sent for this roundtable."))


def _not_invited(roundtable: Roundtable):
    return (
        RoundtableInvitee.roundtable_id == roundtable.id,
        RoundtableInvitee.list_role == "invitee",
        RoundtableInvitee.rsvp == Rsvp.NONE,
        RoundtableInvitee.profile_id.is_not(None),
    )


def not_invited_yet(actor: User, roundtable_id: int) -> list[RoundtableInvitee]:
    """The people the next sending would email, in list order (what the confirmation page names and counts)."""
    roundtable = get(actor, roundtable_id)
    return list(
        db.session.scalars(
            db.select(RoundtableInvitee)
            .where(*_not_invited(roundtable))
            .order_by(RoundtableInvitee.rank, RoundtableInvitee.id)
        )
    )


def send_invitations(actor: User, roundtable_id: int):
    """Invite everyone on the list who has not been invited yet. The first sending fixes the list."""
    roundtable = get(actor, roundtable_id)
    _open_for_answers(roundtable)
    waiting = db.session.scalar(
        db.select(db.func.count()).select_from(RoundtableInvitee).where(*_not_invited(roundtable))
    )
    if not waiting:
        raise Conflict(_("Everyone on the list has been invited already."))
    db.session.execute(
        db.update(Roundtable)
        .where(Roundtable.id == roundtable.id, Roundtable.status == "planning")
        .values(status="inviting", invitations_sent_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    audit.record(
        actor, "roundtable.invitations_sent", target_type="roundtable", target_id=roundtable_id, invitees=waiting
    )
    db.session.commit()
    return queue_invitations(roundtable_id, None, actor=actor)


def pending_invitees(roundtable: Roundtable) -> list[RoundtableInvitee]:
    return list(
        db.session.scalars(
            db.select(RoundtableInvitee)
            .where(
                RoundtableInvitee.roundtable_id == roundtable.id,
                RoundtableInvitee.list_role == "invitee",
                RoundtableInvitee.rsvp == Rsvp.PENDING,
                RoundtableInvitee.profile_id.is_not(None),
            )
            .order_by(RoundtableInvitee.rank, RoundtableInvitee.id)
        )
    )


def remind(actor: User, roundtable_id: int, invitee_ids: list[int]):
    """Remind these pending invitees (the organiser's choice), with the same links as their invitation."""
    roundtable = get(actor, roundtable_id)
    _open_for_answers(roundtable)
    pending = {row.id for row in pending_invitees(roundtable)}
    chosen = list(dict.fromkeys(int(i) for i in invitee_ids))
    if not chosen:
        raise ValidationError(_("Choose at least one person to remind."))
    if not set(chosen) <= pending:
        raise ValidationError(_("Only people who have not answered yet can be reminded."))
    return jobs.enqueue(
        "roundtables.send",
        subject=f"roundtable:{roundtable_id}",
        actor=actor,
        roundtable_id=roundtable_id,
        mode="remind",
        invitee_ids=chosen,
    )


def free_seats(roundtable: Roundtable) -> int:
    """Seats neither taken nor offered: what a decline with no quota-keeping substitute, or an erasure, leaves."""
    holding = db.session.scalar(
        db.select(db.func.count())
        .select_from(RoundtableInvitee)
        .where(
            RoundtableInvitee.roundtable_id == roundtable.id,
            RoundtableInvitee.list_role == "invitee",
            RoundtableInvitee.rsvp.in_((Rsvp.NONE, Rsvp.PENDING, Rsvp.ACCEPTED)),
        )
    )
    return max(0, roundtable.seats - int(holding or 0))


def invite_substitute(actor: User, roundtable_id: int, profile_id: int):
    """Offer a free seat to someone on the waiting list, whatever the quotas say (the organiser decides)."""
    roundtable = get(actor, roundtable_id, for_update=True)
    if roundtable.is_planning:
        raise Conflict(_("Send the invitations first; until then, pin the person to put them on the list."))
    _open_for_answers(roundtable)
    row = db.session.scalars(
        db.select(RoundtableInvitee).where(
            RoundtableInvitee.roundtable_id == roundtable.id, RoundtableInvitee.profile_id == profile_id
        )
    ).first()
    if row is None or row.list_role != "substitute" or row.rsvp != Rsvp.NONE:
        raise NotFound(_("This person is not waiting on this roundtable's list."))
    if not people_mod.listed_ids([profile_id]):
        raise Conflict(_("This person is no longer listed in the directory."))
    if free_seats(roundtable) < 1:
        raise Conflict(_("Every seat is taken or offered; a seat frees up when someone declines."))
    if promote(row.id, utcnow()) is None:
        raise Conflict(_("This person was invited in the meantime."))
    audit.record(
        actor,
        "roundtable.substitute_invited",
        target_type="roundtable",
        target_id=roundtable_id,
        profile_id=profile_id,
    )
    db.session.commit()
    return queue_invitations(roundtable_id, [row.id], actor=actor)
