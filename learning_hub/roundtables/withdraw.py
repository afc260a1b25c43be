"""Withdraw invitations sent by mistake: for UNDO_MINUTES after an invitation, an organiser can take back those whose
email has not left the outbox yet (the mail server was slow or down, say).

An email that has left cannot be recalled, so its invitation stays: the page says how many did. A withdrawn invitee
is back on the list as not invited (their in-app invitation goes too), and when nobody on the list remains invited
the roundtable is back to planning (its list can be regenerated).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, url_for
from flask_babel import gettext as _

from learning_hub import audit
from learning_hub.errors import Conflict
from learning_hub.extensions import db
from learning_hub.models import (
    EmailStatus,
    Job,
    JobStatus,
    Notification,
    OutgoingEmailRow,
    Roundtable,
    RoundtableInvitee,
    User,
    utcnow,
)
from learning_hub.models.roundtable import Rsvp
from learning_hub.roundtables.mailing import _marker
from learning_hub.roundtables.services import get

UNDO_MINUTES = 10
UNSENT = (EmailStatus.PENDING.value, EmailStatus.FAILED.value)  # no sender holds it: it can be cancelled


@dataclass(frozen=True)
class WithdrawState:
    recent: int  # invitations sent in the last UNDO_MINUTES and not answered
    unsent: int  # of these, those whose email has not left
    minutes_left: int

    @property
    def possible(self) -> bool:
        return self.unsent > 0

    @property
    def gone(self) -> int:
        return self.recent - self.unsent


def _recent(roundtable: Roundtable, now: datetime) -> list[RoundtableInvitee]:
    return list(
        db.session.scalars(
            db.select(RoundtableInvitee)
            .where(
                RoundtableInvitee.roundtable_id == roundtable.id,
                RoundtableInvitee.list_role == "invitee",
                RoundtableInvitee.rsvp == Rsvp.PENDING,
                RoundtableInvitee.invited_at > now - timedelta(minutes=UNDO_MINUTES),
            )
            .order_by(RoundtableInvitee.id)
        )
    )


def _unsent_keys(keys: list[str]) -> set[str]:
    if not keys:
        return set()
    return set(
        db.session.scalars(
            db.select(OutgoingEmailRow.dedupe_key).where(
                OutgoingEmailRow.dedupe_key.in_(keys), OutgoingEmailRow.status.in_(UNSENT)
            )
        )
    )


def state(roundtable: Roundtable, now: datetime | None = None) -> WithdrawState:
    now = now or utcnow()
    recent = _recent(roundtable, now)
    if not recent:
        return WithdrawState(0, 0, 0)
    first = min(row.invited_at for row in recent)
    left = first + timedelta(minutes=UNDO_MINUTES) - now
    unsent = _unsent_keys([_marker(row, "invite") for row in recent])
    return WithdrawState(len(recent), len(unsent), max(1, -(-int(left.total_seconds()) // 60)))


@dataclass(frozen=True)
class Withdrawn:
    withdrawn: int
    gone: int  # emails that had left: those invitations stand
    back_to_planning: bool


def _sending(roundtable_id: int) -> bool:
    return (
        db.session.scalar(
            db.select(Job.id).where(
                Job.kind == "roundtables.send",
                Job.subject == f"roundtable:{roundtable_id}",
                Job.status.in_((JobStatus.QUEUED.value, JobStatus.RUNNING.value)),
            )
        )
        is not None
    )


def withdraw(actor: User, roundtable_id: int, now: datetime | None = None) -> Withdrawn:
    """Withdraw the recent invitations whose email has not left (see the module's docstring). Atomic."""
    now = now or utcnow()
    roundtable = get(actor, roundtable_id, for_update=True)
    if _sending(roundtable_id):
        db.session.rollback()
        raise Conflict(_("The invitations are still being written; try again in a moment."))
    recent = _recent(roundtable, now)
    withdrawn = []
    for row in recent:
        # Deleting the message only if no sender has claimed it decides whether this invitation can be withdrawn.
        cancelled = db.session.execute(
            db.delete(OutgoingEmailRow)
            .where(OutgoingEmailRow.dedupe_key == _marker(row, "invite"), OutgoingEmailRow.status.in_(UNSENT))
            .execution_options(synchronize_session=False)
        ).rowcount
        if cancelled != 1:
            continue
        # An invitee who answered from their in-app invitation meanwhile keeps their answer.
        reset = db.session.execute(
            db.update(RoundtableInvitee)
            .where(RoundtableInvitee.id == row.id, RoundtableInvitee.rsvp == Rsvp.PENDING)
            .values(rsvp="none", rsvp_nonce=None, invited_at=None, reminded_at=None, reminder_count=0)
            .execution_options(synchronize_session=False)
        ).rowcount
        if reset == 1:
            withdrawn.append(row.id)
    if not withdrawn:
        db.session.rollback()
        if recent:
            raise Conflict(
                _("The invitation emails have already been sent: an email cannot be taken back, so they stand.")
            )
        raise Conflict(
            _("There is no invitation to withdraw: they can be withdrawn for %(num)s minutes only.", num=UNDO_MINUTES)
        )
    with current_app.test_request_context():
        links = [url_for("roundtables.invitation", invitee_id=invitee_id) for invitee_id in withdrawn]
    db.session.execute(
        db.delete(Notification)
        .where(Notification.kind == "roundtable_invitation", Notification.link.in_(links))
        .execution_options(synchronize_session=False)
    )
    still_invited = db.session.scalar(
        db.select(db.func.count())
        .select_from(RoundtableInvitee)
        .where(
            RoundtableInvitee.roundtable_id == roundtable_id,
            RoundtableInvitee.list_role == "invitee",
            RoundtableInvitee.rsvp.in_((Rsvp.PENDING, Rsvp.ACCEPTED, Rsvp.DECLINED)),
        )
    )
    back = not still_invited
    if back:
        db.session.execute(
            db.update(Roundtable)
            .where(Roundtable.id == roundtable_id)
            .values(status="planning", invitations_sent_at=None)
            .execution_options(synchronize_session=False)
        )
    gone = len(recent) - len(withdrawn)
    audit.record(
        actor,
        "roundtable.invitations_withdrawn",
        target_type="roundtable",
        target_id=roundtable_id,
        withdrawn=len(withdrawn),
        already_sent=gone,
    )
    db.session.commit()
    return Withdrawn(len(withdrawn), gone, back)
